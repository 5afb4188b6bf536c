"""The workspace database on SQLite and PostgreSQL: migrations, keys, versions, decisions."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy

from assistant.workspace import Principal, Role, Workspace


def _open(tmp_path: Path, database_url: str | None) -> Workspace:
    return Workspace.open(tmp_path / "home", database_url)


def test_opening_migrates_once_and_again_is_a_no_op(
    tmp_path: Path, fresh_database_url: str | None
) -> None:
    first = _open(tmp_path, fresh_database_url)
    token, _ = first.create_key("甲", Role.admin)
    first.close()
    again = _open(tmp_path, fresh_database_url)  # a second open finds the schema current
    assert again.authenticate(token) is not None
    with again.engine.connect() as connection:
        version = connection.execute(
            sqlalchemy.text("SELECT version_num FROM alembic_version")
        ).scalar()
    assert version == "0001"
    again.close()


def test_keys_are_stored_hashed_and_revocation_is_immediate(
    tmp_path: Path, fresh_database_url: str | None
) -> None:
    workspace = _open(tmp_path, fresh_database_url)
    token, row = workspace.create_key("乙機關承辦", Role.officer, ["b", "b"])
    assert workspace.authenticate(token) == Principal(
        "乙機關承辦", Role.officer, frozenset({"b"}), row.id
    )
    with workspace.engine.connect() as connection:
        stored = connection.execute(sqlalchemy.text("SELECT * FROM api_keys")).fetchall()
    assert token not in repr(stored) and row.prefix in token
    assert workspace.authenticate(token + "x") is None
    workspace.revoke_key(row.id)
    assert workspace.authenticate(token) is None
    assert [e.action for e in workspace.audit_log()] == ["key.revoke", "key.create"]
    workspace.close()


def test_versions_count_up_and_decisions_keep_history(
    tmp_path: Path, fresh_database_url: str | None
) -> None:
    workspace = _open(tmp_path, fresh_database_url)
    draft = workspace.create_draft(agency_id="a", period="2023", title="草稿", mode="offline", text="一",
                                   body={"sections": []}, metrics={"x": "92.30"}, actor="甲")  # fmt: skip
    second = workspace.add_version(draft.id, text="二", body={}, mode="edited", actor="甲")
    assert second.number == 2 and second.metrics == {"x": "92.30"}
    assert [v.text for v in workspace.versions(draft.id)] == ["一", "二"]
    assert workspace.version(draft.id).text == "二" and workspace.version(draft.id, 1).text == "一"
    review = workspace.create_review(agency_id="a", period="2023", narrative="敘述", metrics={},
                                     result={"flags": [{}, {}]}, actor="甲", draft_id=draft.id)  # fmt: skip
    workspace.decide(review.id, 1, "accepted", "", "審查委員")
    workspace.decide(review.id, 1, "dismissed", "已補充", "審查委員")
    assert [(d.flag_index, d.decision) for d in workspace.decisions(review.id)] == [
        (1, "accepted"),
        (1, "dismissed"),
    ]
    assert workspace.drafts(["b"]) == [] and [d.id for d in workspace.drafts(["a"])] == [draft.id]
    assert workspace.decisions(review.id)[0].decided_at.tzinfo is not None  # UTC on both databases
    workspace.close()


def test_keys_from_the_command_line(run_cli) -> None:
    created = run_cli(
        "keys",
        "create",
        "--name",
        "甲機關",
        "--role",
        "officer",
        "--agencies",
        "a",
        "--format",
        "json",
    )
    assert created.returncode == 0
    import json

    key = json.loads(created.stdout)
    assert key["token"].startswith("kp_") and key["agencies"] == ["a"]
    bad = run_cli("keys", "create", "--name", "x", "--role", "officer")
    assert bad.returncode == 2 and "--agencies" in bad.stderr
    listed = json.loads(run_cli("keys", "list", "--format", "json").stdout)["keys"]
    assert [k["name"] for k in listed] == ["甲機關"] and "token" not in listed[0]
    assert run_cli("keys", "revoke", str(key["id"])).returncode == 0
    assert json.loads(run_cli("keys", "list", "--format", "json").stdout)["keys"][0]["revoked_at"]
    missing = run_cli("keys", "revoke", "999")
    assert missing.returncode == 2 and "999" in missing.stderr


def test_a_burst_of_concurrent_writes_all_land(
    tmp_path: Path, fresh_database_url: str | None
) -> None:
    """40 threads writing at once (the server's worker threads under a burst of reviews): on
    SQLite they take turns instead of one giving up with "database is locked"."""
    from concurrent.futures import ThreadPoolExecutor

    workspace = _open(tmp_path, fresh_database_url)

    def write(i: int) -> int:
        review = workspace.create_review(agency_id="a", period="2023", narrative="敘述" * 200,
                                         metrics={"i": i}, result={"flags": [{}] * 20}, actor=f"審查{i}")  # fmt: skip
        workspace.decide(review.id, 0, "accepted", "同意", f"審查{i}")
        return review.id

    with ThreadPoolExecutor(max_workers=40) as pool:
        ids = list(pool.map(write, range(200)))
    assert len(set(ids)) == 200
    assert len(workspace.reviews(["a"], limit=1000)) == 200
    assert sum(1 for e in workspace.audit_log(1000) if e.action == "flag.accepted") == 200
    workspace.close()


def test_only_one_worker_claims_a_batch_run(tmp_path: Path, fresh_database_url: str | None) -> None:
    from concurrent.futures import ThreadPoolExecutor

    workspace = _open(tmp_path, fresh_database_url)
    workspace.create_batch("r" * 32, "t.csv", {}, "admin")
    with ThreadPoolExecutor(max_workers=8) as pool:
        claims = list(pool.map(lambda _: workspace.claim_batch("r" * 32), range(8)))
    assert claims.count(True) == 1 and workspace.batch("r" * 32).status == "running"
    assert workspace.requeue_interrupted() == ["r" * 32]  # as a restarted server finds it
    assert workspace.batch("r" * 32).status == "queued" and workspace.claim_batch("r" * 32)
    workspace.close()
