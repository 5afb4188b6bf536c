"""The server commands: ``serve`` (the HTTP API) and ``keys`` (its API keys)."""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any

import typer

from assistant.cli.app import (
    HomeOpt,
    LangOpt,
    ListFormat,
    ListFormatOpt,
    _emit_json,
    _h,
    _setup,
    _stderr,
    _stdout,
    app,
    guarded,
)  # fmt: skip
from assistant.i18n import t
from assistant.model import KaopingInputError


class KeysAction(StrEnum):
    create = "create"
    list = "list"
    revoke = "revoke"


class RoleOpt(StrEnum):
    officer = "officer"
    reviewer = "reviewer"
    admin = "admin"


HostOpt = Annotated[str, typer.Option("--host", help=_h("cli.opt.host"))]
PortOpt = Annotated[int, typer.Option("--port", help=_h("cli.opt.port"), min=1, max=65535)]


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: the only hosts ``--no-auth`` may bind."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command("serve", help=_h("cli.cmd.serve"))
@guarded
def serve_command(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    no_auth: Annotated[bool, typer.Option("--no-auth", help=_h("cli.opt.no_auth"))] = False,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    import os

    import uvicorn

    from assistant.api import create_app
    from assistant.workspace import Workspace

    # one OpenMP thread per embedding: many requests embed at once, and a team of threads per
    # request spends the two cores spin-waiting (bench/RESULTS.md, "HTTP API under load")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    settings = _setup(lang, home)
    if no_auth and not is_loopback(host):
        raise KaopingInputError.one("serve.no_auth_remote", field="--no-auth", host=host)
    workspace = Workspace.open(settings.home, settings.database_url)
    if not no_auth and not any(k.revoked_at is None for k in workspace.api_keys()):
        _stderr.print(t("serve.no_keys"), markup=False)
    application = create_app(settings, auth=not no_auth, workspace=workspace)
    _stderr.print(t("serve.listening", host=host, port=port), markup=False)
    uvicorn.run(
        application, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10
    )


@app.command("keys", help=_h("cli.cmd.keys"))
@guarded
def keys_command(
    action: Annotated[KeysAction, typer.Argument(help=_h("cli.arg.keys_action"))] = KeysAction.list,
    key_id: Annotated[
        int | None, typer.Argument(help=_h("cli.arg.key_id"), show_default=False)
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help=_h("cli.opt.key_name"), show_default=False)
    ] = None,
    role: Annotated[RoleOpt, typer.Option("--role", help=_h("cli.opt.role"))] = RoleOpt.officer,
    agencies: Annotated[str, typer.Option("--agencies", help=_h("cli.opt.agencies"))] = "",
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.workspace import Role, Workspace

    settings = _setup(lang, home)
    workspace = Workspace.open(settings.home, settings.database_url)
    try:
        if action is KeysAction.create:
            ids = [a.strip() for a in agencies.split(",") if a.strip()]
            if role is RoleOpt.officer and len(ids) != 1:
                raise KaopingInputError.one("err.officer_one_agency", field="--agencies")
            if not name:
                raise KaopingInputError.one("err.missing", field="--name")
            token, row = workspace.create_key(name, Role(role.value), ids, actor="cli")
            if fmt is ListFormat.json:
                _emit_json({**_key_json(row), "token": token})
            else:
                _stderr.print(
                    t("keys.created", id=row.id, name=row.name, role=row.role), markup=False
                )
                _stdout.print(token, markup=False, highlight=False)
        elif action is KeysAction.revoke:
            if key_id is None:
                raise KaopingInputError.one("err.missing", field="KEY_ID")
            revoked = workspace.revoke_key(key_id, actor="cli")
            if revoked is None:
                raise KaopingInputError.one("err.unknown_key", field="KEY_ID", id=key_id)
            if fmt is ListFormat.json:
                _emit_json(_key_json(revoked))
            else:
                _stderr.print(t("keys.revoked", id=revoked.id, name=revoked.name), markup=False)
        else:
            rows = workspace.api_keys()
            if fmt is ListFormat.json:
                _emit_json({"keys": [_key_json(r) for r in rows]})
            elif not rows:
                _stderr.print(t("keys.none"), markup=False)
            else:
                from assistant.terminal import print_rows

                print_rows(
                    _stdout,
                    [t("col.id"), t("col.name"), t("col.role"), t("col.agencies"), t("col.prefix"),
                     t("col.created"), t("col.revoked")],
                    [[r.id, r.name, r.role, ",".join(r.agencies), r.prefix, r.created_at.isoformat(timespec="seconds"),
                      r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else ""] for r in rows],
                )  # fmt: skip
    finally:
        workspace.close()


def _key_json(row: Any) -> dict[str, Any]:
    """A key as the API shows it (``ApiKey.public_fields``), times as ISO 8601."""
    return {
        k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.public_fields().items()
    }


@app.command("ui", help=_h("cli.cmd.ui"))
@guarded
def ui_command(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8501,
    local: Annotated[bool, typer.Option("--local", help=_h("cli.opt.ui_local"))] = False,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    """Run the Streamlit app (ui/app.py) in its own process, with this command's settings."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import ui

    settings = _setup(lang, home)
    if local and not is_loopback(host):
        raise KaopingInputError.one("serve.no_auth_remote", field="--local", host=host)
    script = Path(ui.__file__).with_name("app.py")
    env = {**os.environ, "KAOPING_HOME": str(settings.home), "KAOPING_LANG": settings.lang}
    env["KAOPING_UI_LOCAL"] = "1" if local else "0"
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", host,
               "--server.port", str(port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--theme.base", "light"]  # fmt: skip
    _stderr.print(t("ui.listening", host=host, port=port), markup=False)
    try:
        code = subprocess.call(command, env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)
