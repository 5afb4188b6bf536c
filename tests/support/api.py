"""An API under test: a fresh workspace (SQLite, or a fresh PostgreSQL database), four keys,
and a tiny library with one public document and one visible only to agency B.

``database_url`` is parametrized over both databases, so every test that uses it (directly
or through ``api_env``) runs on SQLite and on PostgreSQL; the PostgreSQL half is marked
``system("postgresql")`` and starts a private server (tests/support/postgres.py). Both
modules are registered as plugins by tests/conftest.py, so tests just name the fixtures.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
import yaml
from fastapi.testclient import TestClient

from tests.conftest import EXAMPLES

AGENCY_A = "kaohsiung-demo"  # examples/city-government.yaml
AGENCY_B = "motc-demo"  # examples/central-ministry.yaml

PUBLIC_DOC = """# 績效報告撰寫指引

## 一、自評報告應包含之內容

各機關自評報告應說明每一關鍵績效指標之目標值、實際值及達成度，未達成者應敘明原因及改善措施。

## 二、燈號判定

達成度達百分之百者列為綠燈，達百分之九十以上未達百分之百者列為黃燈，未達百分之九十者列為紅燈。
"""

SECRET_DOC = """# 交通部內部審查備忘

## 一、內部檢討

本部內部檢討會議決議：機密代號為「ZEBRA-42」，僅供本部同仁參閱，審查委員會議紀錄應於七日內分送。
"""


def metrics_of(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def fresh_database(server_url: str) -> str:
    """A new, empty database on the test server (each workspace starts from nothing)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system("postgresql"))],
)
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None (SQLite under the home) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return fresh_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system("postgresql"))],
)
def fresh_database_url(request: pytest.FixtureRequest) -> str | None:
    """Like ``database_url``, but a new database for every test."""
    if request.param == "sqlite":
        return None
    return fresh_database(request.getfixturevalue("postgres_url"))


@dataclass
class ApiEnv:
    client: TestClient
    home: Path
    tokens: dict[str, str]
    docs: dict[str, str]  # "public" / "secret" -> doc_id

    def h(self, who: str | None, **extra: str) -> dict[str, str]:
        """Headers for a caller (None: no key at all)."""
        headers = dict(extra)
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return headers


@pytest.fixture(scope="module")
def api_env(database_url: str | None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiEnv]:
    from assistant.api import create_app
    from assistant.settings import Settings
    from assistant.workspace import Role, Workspace

    home = tmp_path_factory.mktemp("api-home")
    settings = Settings(home=home, database_url=database_url, max_upload_mb=1.0)
    workspace = Workspace.open(home, database_url)
    tokens = {
        "admin": workspace.create_key("管理者", Role.admin)[0],
        "officer_a": workspace.create_key("甲機關承辦", Role.officer, [AGENCY_A])[0],
        "officer_b": workspace.create_key("乙機關承辦", Role.officer, [AGENCY_B])[0],
        "reviewer_a": workspace.create_key("甲機關審查委員", Role.reviewer, [AGENCY_A])[0],
    }
    revoked, row = workspace.create_key("已撤銷", Role.admin)
    workspace.revoke_key(row.id)
    tokens["revoked"] = revoked
    app = create_app(settings, workspace=workspace)
    with TestClient(app) as client:
        admin = {"Authorization": f"Bearer {tokens['admin']}"}
        docs = {}
        for key, text, visibility in (("public", PUBLIC_DOC, "public"),
                                      ("secret", SECRET_DOC, AGENCY_B)):  # fmt: skip
            response = client.post(
                "/v1/documents",
                headers=admin,
                files={"file": (f"{key}.md", text.encode(), "text/markdown")},
                data={"visibility": visibility},
            )
            assert response.status_code == 201, response.text
            docs[key] = response.json()["document"]["doc_id"]
        yield ApiEnv(client, home, tokens, docs)
