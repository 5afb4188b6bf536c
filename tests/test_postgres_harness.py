"""The throwaway PostgreSQL harness really serves a UTF-8 database over loopback TCP."""

from __future__ import annotations

import pytest
import sqlalchemy


@pytest.mark.system("postgresql")
def test_server_stores_and_returns_chinese_text(postgres_url: str) -> None:
    url = sqlalchemy.make_url(postgres_url)
    assert url.host == "127.0.0.1"
    assert url.database == "kaoping"
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text("CREATE TABLE harness_probe (id int, name text)"))
            conn.execute(
                sqlalchemy.text("INSERT INTO harness_probe VALUES (1, :name)"), {"name": "考評"}
            )
        with engine.connect() as conn:
            name = conn.execute(
                sqlalchemy.text("SELECT name FROM harness_probe WHERE id = 1")
            ).scalar_one()
            encoding = conn.execute(sqlalchemy.text("SHOW server_encoding")).scalar_one()
            listen = conn.execute(sqlalchemy.text("SHOW listen_addresses")).scalar_one()
        assert name == "考評"
        assert encoding == "UTF8"
        assert listen == "127.0.0.1"
    finally:
        engine.dispose()
