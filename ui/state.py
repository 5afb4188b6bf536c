"""What every page shares: one office per process, the caller, the language.

The office (workspace, library, model, batch worker) is built once per UI process
(``st.cache_resource``) and shared by every session, like the API server's. The caller is the
single local user when the UI runs in local mode (``KAOPING_UI_LOCAL=1``, what ``make demo``
and ``kaoping ui --local`` use, loopback only), otherwise whoever signed in with an API key.
Both go through the same :class:`~assistant.workspace.desk.Desk` as the API, so the access
rules are the API's.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from assistant.i18n import LANGS, t
from assistant.settings import load_settings
from assistant.workspace import LOCAL_USER, Principal
from assistant.workspace.desk import Desk
from assistant.workspace.office import Office

LOCAL_ENV = "KAOPING_UI_LOCAL"


@st.cache_resource(show_spinner=False)
def office() -> Office:
    """The process's office; its batch worker and opening warmer run for as long as the UI does."""
    settings = load_settings()
    here = Office.open(settings)
    if here.worker is not None:
        here.worker.start()
    if here.warmer is not None:
        here.warmer.start()
    return here


def local_mode() -> bool:
    return os.environ.get(LOCAL_ENV, "") not in ("", "0", "false")


def lang() -> str:
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGS else office().settings.lang


def tr(message_id: str, **params: Any) -> str:
    """A message in the session's language (every visible string comes from the catalogs)."""
    return t(message_id, lang(), **params)


def principal() -> Principal | None:
    if local_mode():
        return LOCAL_USER
    found = st.session_state.get("principal")
    return found if isinstance(found, Principal) else None


def sign_in(token: str) -> Principal | None:
    """The key's caller, kept for the session; None for an unknown or revoked key."""
    found = office().workspace.authenticate(token.strip()) if token.strip() else None
    st.session_state["principal"] = found
    return found


def desk() -> Desk | None:
    who = principal()
    return Desk(office(), who) if who is not None else None


def require_desk() -> Desk:
    """The caller's desk, or a plain "sign in first" and the page stops."""
    found = desk()
    if found is None:
        st.info(tr("ui.signin.needed"))
        st.stop()
    assert found is not None
    return found
