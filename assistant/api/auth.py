"""Who is calling: an API key (``Authorization: Bearer kp_…`` or ``X-API-Key``), or the
single local user when the server runs with ``--no-auth`` on a loopback address. The caller's
:class:`~assistant.workspace.desk.Desk` applies every access rule."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.context import office
from assistant.api.errors import ApiError
from assistant.workspace import LOCAL_USER, Principal
from assistant.workspace.desk import Desk
from assistant.workspace.office import Office

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer kp_…`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")


def caller(
    request: Request,
    here: Annotated[Office, Depends(office)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
    header: Annotated[str | None, Depends(_header)] = None,
) -> Principal:
    if not request.app.state.auth:
        return LOCAL_USER
    token = bearer.credentials if bearer else header
    if not token:
        raise ApiError(401, "api.err.no_key")
    principal = here.workspace.authenticate(token)
    if principal is None:
        raise ApiError(401, "api.err.bad_key")
    return principal


def desk(
    principal: Annotated[Principal, Depends(caller)], here: Annotated[Office, Depends(office)]
) -> Desk:
    return Desk(here, principal)


Caller = Annotated[Principal, Depends(caller)]
CallerDesk = Annotated[Desk, Depends(desk)]
OfficeDep = Annotated[Office, Depends(office)]
