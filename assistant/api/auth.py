"""Who is calling: an API key (``Authorization: Bearer kp_…`` or ``X-API-Key``), or the
single local user when the server runs with ``--no-auth`` on a loopback address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.context import Services, services
from assistant.api.errors import ApiError
from assistant.workspace import LOCAL_USER, Principal

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer kp_…`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")


def caller(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
    header: Annotated[str | None, Depends(_header)] = None,
) -> Principal:
    if not svc.auth:
        return LOCAL_USER
    token = bearer.credentials if bearer else header
    if not token:
        raise ApiError(401, "api.err.no_key")
    principal = svc.workspace.authenticate(token)
    if principal is None:
        raise ApiError(401, "api.err.bad_key")
    request.state.principal = principal
    return principal


Caller = Annotated[Principal, Depends(caller)]
Svc = Annotated[Services, Depends(services)]


def require(allowed: bool) -> None:
    """403 unless the access rule said yes."""
    if not allowed:
        raise ApiError(403, "api.err.forbidden")


def require_admin(principal: Principal) -> None:
    require(principal.is_admin)
