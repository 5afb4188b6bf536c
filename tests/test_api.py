"""The HTTP API with a TestClient, on SQLite and on PostgreSQL: the main paths, the error
shape, and who may see and do what through every endpoint."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.support.api import AGENCY_A, PUBLIC_DOC, ApiEnv, metrics_of

METRICS_A = metrics_of("city-government.yaml")
METRICS_B = metrics_of("central-ministry.yaml")
NARRATIVE_A = (
    __import__("tests.conftest", fromlist=["EXAMPLES"]).EXAMPLES / "city-government-narrative.md"
).read_text(encoding="utf-8")
CALLERS = ("admin", "officer_a", "officer_b", "reviewer_a")


def _draft(
    env: ApiEnv, who: str = "officer_a", metrics: dict[str, Any] = METRICS_A
) -> dict[str, Any]:
    response = env.client.post("/v1/drafts", json={"metrics": metrics}, headers=env.h(who))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _review(env: ApiEnv, who: str = "officer_a") -> dict[str, Any]:
    response = env.client.post(
        "/v1/reviews", json={"metrics": METRICS_A, "narrative": NARRATIVE_A}, headers=env.h(who)
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    return dict(body["error"])


# --- the main paths ---------------------------------------------------------------------


def test_health_and_readiness_need_no_key(api_env: ApiEnv) -> None:
    assert api_env.client.get("/healthz").json() == {"status": "ok"}
    ready = api_env.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["documents"] == 2


def test_score_matches_the_cli_contract_with_exact_decimals(api_env: ApiEnv) -> None:
    body = json.dumps({"metrics": METRICS_A}, ensure_ascii=False)
    response = api_env.client.post(
        "/v1/score",
        content=body.encode(),
        headers=api_env.h("officer_b", **{"content-type": "application/json"}),
    )
    assert response.status_code == 200
    data = response.json()
    assert data["agency_id"] == AGENCY_A and data["framework"] == "tw-kpi"
    first = data["indicators"][0]
    assert first["id"] == "G1.1" and first["achievement"] == "101.52"  # 93.4 / 92.0, half-up


def test_a_draft_is_saved_edited_checked_and_downloaded(api_env: ApiEnv) -> None:
    from docx import Document

    created = _draft(api_env)
    assert created["version"] == 1 and created["draft"]["mode"] == "offline"
    assert created["draft"]["agency_id"] == AGENCY_A
    edit = {"sections": [{"index": 1, "paragraphs": ["市區公車準點率達99%，超越目標。"]}]}
    saved = api_env.client.post(f"/v1/drafts/{created['id']}/versions", json=edit,
                                headers=api_env.h("officer_a"))  # fmt: skip
    assert saved.status_code == 201
    body = saved.json()
    assert body["version"] == 2 and [v["number"] for v in body["versions"]] == [1, 2]
    kinds = {f["kind"] for f in body["review"]["flags"]}
    assert "number_mismatch" in kinds  # the edit claims 99 % where the data says 93.4 %
    first = api_env.client.get(
        f"/v1/drafts/{created['id']}?version=1", headers=api_env.h("reviewer_a")
    )
    assert first.json()["version"] == 1 and first.json()["review"] is None
    download = api_env.client.get(f"/v1/drafts/{created['id']}/download?format=docx",
                                  headers=api_env.h("officer_a"))  # fmt: skip
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "市區公車準點率達99%" in text  # the latest version is the one downloaded
    md = api_env.client.get(f"/v1/drafts/{created['id']}/download?format=md&version=1",
                            headers=api_env.h("officer_a"))  # fmt: skip
    assert md.headers["content-type"].startswith("text/markdown") and "99%" not in md.text


def test_a_review_keeps_every_decision_and_the_latest_counts(api_env: ApiEnv) -> None:
    review = _review(api_env)
    assert review["result"]["summary"]["flags"] > 0 and review["decisions"] == []
    flag = review["result"]["flags"][0]
    assert review["text"][flag["span"][0] : flag["span"][1]] == flag["quote"]
    url = f"/v1/reviews/{review['id']}/flags/0/decision"
    first = api_env.client.post(url, json={"decision": "accepted"}, headers=api_env.h("reviewer_a"))
    assert first.status_code == 200
    second = api_env.client.post(url, json={"decision": "dismissed", "comment": "機關已補充說明"},
                                 headers=api_env.h("admin"))  # fmt: skip
    data = second.json()
    assert [d["decision"] for d in data["history"]] == ["accepted", "dismissed"]
    assert (
        data["decisions"] == [data["history"][1]] and data["decisions"][0]["decided_by"] == "管理者"
    )
    memo = api_env.client.get(f"/v1/reviews/{review['id']}/memo", headers=api_env.h("officer_a"))
    assert (
        memo.status_code == 200
        and "審查決定：不採納（管理者，" in memo.text
        and "機關已補充說明" in memo.text
    )
    listed = api_env.client.get("/v1/reviews", headers=api_env.h("reviewer_a")).json()["reviews"]
    mine = next(r for r in listed if r["id"] == review["id"])
    assert mine["undecided"] == mine["flags"] - 1
    log = api_env.client.get("/v1/audit", headers=api_env.h("admin")).json()["entries"]
    actions = [(e["actor"], e["action"]) for e in log]
    assert ("管理者", "flag.dismissed") in actions and (
        "甲機關審查委員",
        "flag.accepted",
    ) in actions


def test_a_saved_draft_can_be_reviewed(api_env: ApiEnv) -> None:
    draft = _draft(api_env)
    response = api_env.client.post("/v1/reviews", json={"metrics": METRICS_A, "draft_id": draft["id"]},
                                   headers=api_env.h("reviewer_a"))  # fmt: skip
    assert response.status_code == 201
    assert response.json()["draft_id"] == draft["id"]
    kinds = set(response.json()["result"]["summary"]["by_kind"])
    assert kinds == {"grade_inflation"}  # the drafter's text is clean; self-ratings are the data's


def test_review_by_upload_reads_the_files_by_content(api_env: ApiEnv) -> None:
    from tests.conftest import EXAMPLES

    files = {
        "metrics": (
            "指標.yaml",
            (EXAMPLES / "city-government.yaml").read_bytes(),
            "application/octet-stream",
        ),
        "narrative": ("../../etc/passwd", NARRATIVE_A.encode(), "text/plain"),
    }
    response = api_env.client.post(
        "/v1/reviews/upload", files=files, headers=api_env.h("officer_a")
    )
    assert response.status_code == 201, response.text
    assert response.json()["result"]["summary"]["flags"] > 0


def test_indicators_from_an_uploaded_catalog(api_env: ApiEnv) -> None:
    from tests.conftest import EXAMPLES

    catalog = EXAMPLES / "catalogs" / "indicators.yaml"
    files = {"catalog": ("catalog.yaml", catalog.read_bytes(), "application/x-yaml")}
    response = api_env.client.post("/v1/indicators", files=files, headers=api_env.h("officer_b"))
    assert response.status_code == 200
    data = response.json()
    assert data["before"] >= data["after"] > 0 and data["reduced_set"]
    png = api_env.client.post(
        "/v1/indicators?format=png", files=files, headers=api_env.h("officer_b")
    )
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_a_batch_runs_in_the_worker_and_downloads_as_a_zip(api_env: ApiEnv) -> None:
    import time
    import zipfile

    from tests.conftest import EXAMPLES

    files = {"table": ("2023.csv", (EXAMPLES / "batch-2023.csv").read_bytes(), "text/csv")}
    submitted = api_env.client.post("/v1/batches", files=files, data={"formats": "md"},
                                    headers=api_env.h("admin"))  # fmt: skip
    assert submitted.status_code == 202 and submitted.json()["status"] == "queued"
    run_id = submitted.json()["id"]
    deadline = time.monotonic() + 120
    while True:
        status = api_env.client.get(f"/v1/batches/{run_id}", headers=api_env.h("admin")).json()
        if status["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert status["status"] == "done", status
    assert status["done"] == status["total"] > 0 and status["summary"]["ranking"]
    download = api_env.client.get(f"/v1/batches/{run_id}/download", headers=api_env.h("admin"))
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert (
        "index.html" in names and "summary.json" in names and any(n.endswith(".md") for n in names)
    )


# --- errors -----------------------------------------------------------------------------


def test_errors_have_one_shape_in_the_callers_language(api_env: ApiEnv) -> None:
    client = api_env.client
    zh = _error(client.get("/v1/frameworks"))
    assert zh["code"] == "api.err.no_key" and "金鑰" in zh["message"]
    en = _error(client.get("/v1/frameworks", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert "key" in en["message"]
    bad = client.post("/v1/score", json={"metrics": {**METRICS_A, "period": None}},
                      headers=api_env.h("officer_a", **{"Accept-Language": "en"}))  # fmt: skip
    assert bad.status_code == 422 and _error(bad)["field"] == "metrics.period"
    broken = client.post(
        "/v1/score",
        content=b"{not json",
        headers=api_env.h("officer_a", **{"content-type": "application/json"}),
    )
    assert broken.status_code == 400 and _error(broken)["code"] == "api.err.bad_json"
    missing = client.get("/v1/nothing-here", headers=api_env.h("officer_a"))
    assert missing.status_code == 404 and _error(missing)["code"] == "api.err.not_found"
    duplicate = json.loads(json.dumps(METRICS_A))
    duplicate["goals"][0]["indicators"].append(duplicate["goals"][0]["indicators"][0])
    dup = client.post("/v1/score", json={"metrics": duplicate}, headers=api_env.h("officer_a"))
    assert dup.status_code == 422 and "G1.1" in _error(dup)["message"]


def test_uploads_are_judged_by_content_and_size(api_env: ApiEnv) -> None:
    client = api_env.client
    fake_pdf = {"file": ("guide.pdf", b"\x7fELF\x02\x01\x01" + bytes(200), "application/pdf")}
    wrong = client.post("/v1/documents", files=fake_pdf, headers=api_env.h("admin"))
    assert wrong.status_code == 415 and _error(wrong)["field"] == "file"
    big = {"file": ("big.md", b"a" * (1024 * 1024 + 10), "text/markdown")}
    too_large = client.post("/v1/documents", files=big, headers=api_env.h("admin"))
    assert too_large.status_code == 413 and _error(too_large)["code"] == "api.err.too_large"
    docs = client.get("/v1/documents", headers=api_env.h("admin")).json()["documents"]
    assert {d["filename"] for d in docs} == {"public.md", "secret.md"}  # nothing half-ingested
    assert not any(p.name.startswith("big") for p in (api_env.home / "uploads").iterdir())


def test_the_same_document_uploaded_under_another_name_is_not_added_twice(
    api_env: ApiEnv,
) -> None:
    """Its passages would be found and quoted twice; the document already there is returned,
    with the access it was given, and no second copy is kept."""
    client, admin = api_env.client, api_env.h("admin")
    uploads = set((api_env.home / "uploads").iterdir())
    files = {"file": ("public-copy.md", PUBLIC_DOC.encode(), "text/markdown")}
    response = client.post(
        "/v1/documents", files=files, data={"visibility": AGENCY_A}, headers=admin
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "unchanged" and body["document"]["doc_id"] == api_env.docs["public"]
    docs = client.get("/v1/documents", headers=admin).json()["documents"]
    assert {d["filename"] for d in docs} == {"public.md", "secret.md"}
    kept = next(d for d in docs if d["filename"] == "public.md")
    assert kept["public"] is True and kept["agencies"] == []
    assert set((api_env.home / "uploads").iterdir()) == uploads


def test_a_bad_document_names_itself_and_keeps_the_library_intact(api_env: ApiEnv) -> None:
    files = {"file": ("empty.md", b"   \n\n", "text/markdown")}
    response = api_env.client.post("/v1/documents", files=files, headers=api_env.h("admin"))
    assert response.status_code == 422
    assert "empty.md" in _error(response)["message"]
    assert (
        len(api_env.client.get("/v1/documents", headers=api_env.h("admin")).json()["documents"])
        == 2
    )


# --- access -----------------------------------------------------------------------------


def test_no_key_or_a_revoked_key_is_401_on_every_v1_endpoint(api_env: ApiEnv) -> None:
    schema = api_env.client.get("/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        if not path.startswith("/v1/"):
            continue
        url = (
            path.replace("{draft_id}", "1").replace("{review_id}", "1").replace("{flag_index}", "0")
        )
        url = (
            url.replace("{doc_id}", api_env.docs["public"])
            .replace("{batch_id}", "x")
            .replace("{key_id}", "1")
        )
        for method in operations:
            for who in (None, "revoked"):
                response = api_env.client.request(method.upper(), url, headers=api_env.h(who))
                assert response.status_code == 401, (method, path, who, response.text)
                assert _error(response)["code"] in ("api.err.no_key", "api.err.bad_key")
                assert response.headers["www-authenticate"] == "Bearer"
                checked += 1
    assert checked >= 2 * 24


ADMIN_ONLY = [
    ("POST", "/v1/keys", {"json": {"name": "x", "role": "admin"}}),
    ("GET", "/v1/keys", {}),
    ("DELETE", "/v1/keys/1", {}),
    ("GET", "/v1/audit", {}),
    ("GET", "/v1/batches", {}),
    ("GET", "/v1/batches/0123", {}),
    ("GET", "/v1/batches/0123/download", {}),
    ("POST", "/v1/batches", {"files": {"table": ("t.csv", b"a,b\n1,2\n", "text/csv")}}),
    ("POST", "/v1/documents", {"files": {"file": ("x.md", b"# x\n\ntext", "text/markdown")}}),
    ("DELETE", "/v1/documents/{public}", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), ADMIN_ONLY)
@pytest.mark.parametrize("who", ["officer_a", "officer_b", "reviewer_a"])
def test_admin_endpoints_are_403_for_everyone_else(
    api_env: ApiEnv, who: str, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    url = path.replace("{public}", api_env.docs["public"])
    response = api_env.client.request(method, url, headers=api_env.h(who), **kwargs)
    assert response.status_code == 403, response.text
    assert _error(response)["code"] == "api.err.forbidden"


def test_drafts_belong_to_their_agency(api_env: ApiEnv) -> None:
    draft = _draft(api_env)
    url = f"/v1/drafts/{draft['id']}"
    expect_read = {"admin": 200, "officer_a": 200, "reviewer_a": 200, "officer_b": 404}
    for who, status in expect_read.items():
        assert api_env.client.get(url, headers=api_env.h(who)).status_code == status, who
        download = api_env.client.get(f"{url}/download?format=json", headers=api_env.h(who))
        assert download.status_code == status, who
        listed = api_env.client.get("/v1/drafts", headers=api_env.h(who)).json()["drafts"]
        assert (draft["id"] in [d["id"] for d in listed]) == (status == 200), who
    edit = {"sections": [{"index": 0, "paragraphs": ["修改。"]}]}
    expect_write = {"admin": 201, "officer_a": 201, "reviewer_a": 403, "officer_b": 404}
    for who, status in expect_write.items():
        response = api_env.client.post(f"{url}/versions", json=edit, headers=api_env.h(who))
        assert response.status_code == status, who
    for who, status in {"officer_b": 403, "reviewer_a": 403, "admin": 201}.items():
        response = api_env.client.post(
            "/v1/drafts", json={"metrics": METRICS_A}, headers=api_env.h(who)
        )
        assert response.status_code == status, who
    b_review = api_env.client.post("/v1/reviews", json={"metrics": METRICS_B, "draft_id": draft["id"]},
                                   headers=api_env.h("officer_b"))  # fmt: skip
    assert b_review.status_code == 404  # B cannot reach A's draft through a review either


def test_reviews_belong_to_their_agency_and_only_its_reviewers_decide(api_env: ApiEnv) -> None:
    review = _review(api_env)
    url = f"/v1/reviews/{review['id']}"
    for who, status in {
        "admin": 200,
        "officer_a": 200,
        "reviewer_a": 200,
        "officer_b": 404,
    }.items():
        assert api_env.client.get(url, headers=api_env.h(who)).status_code == status, who
        assert api_env.client.get(f"{url}/memo", headers=api_env.h(who)).status_code == status, who
        listed = api_env.client.get("/v1/reviews", headers=api_env.h(who)).json()["reviews"]
        assert (review["id"] in [r["id"] for r in listed]) == (status == 200), who
    decision = {"decision": "dismissed", "comment": "說明"}
    for who, status in {
        "officer_a": 403,
        "officer_b": 404,
        "reviewer_a": 200,
        "admin": 200,
    }.items():
        response = api_env.client.post(
            f"{url}/flags/0/decision", json=decision, headers=api_env.h(who)
        )
        assert response.status_code == status, who
    out_of_range = api_env.client.post(
        f"{url}/flags/999/decision", json=decision, headers=api_env.h("admin")
    )
    assert out_of_range.status_code == 404
    for who, status in {"officer_b": 403, "reviewer_a": 201}.items():
        response = api_env.client.post("/v1/reviews", json={"metrics": METRICS_A, "narrative": "預算執行率達98%。"},
                                       headers=api_env.h(who))  # fmt: skip
        assert response.status_code == status, who


def test_a_document_for_agency_b_is_invisible_to_a_everywhere(api_env: ApiEnv) -> None:
    secret = api_env.docs["secret"]
    for who, sees in {
        "admin": True,
        "officer_b": True,
        "officer_a": False,
        "reviewer_a": False,
    }.items():
        headers = api_env.h(who)
        listed = {
            d["doc_id"]
            for d in api_env.client.get("/v1/documents", headers=headers).json()["documents"]
        }
        assert (secret in listed) == sees, who
        assert api_env.docs["public"] in listed
        shown = api_env.client.get(f"/v1/documents/{secret}", headers=headers)
        assert shown.status_code == (200 if sees else 404), who
        hits = api_env.client.post("/v1/search", json={"query": "ZEBRA-42 機密代號 內部檢討", "k": 10},
                                   headers=headers).json()["hits"]  # fmt: skip
        assert (secret in {h["doc_id"] for h in hits}) == sees, who
        assert all("/" not in h["path"] for h in hits)  # file names, not the server's paths
        assert all("ZEBRA" not in h["text"] for h in hits) or sees
        answer = api_env.client.post("/v1/ask", json={"question": "審查委員會議紀錄應於幾日內分送？"},
                                     headers=headers).json()  # fmt: skip
        quoted = json.dumps(answer["citations"] + answer["see_also"], ensure_ascii=False)
        assert ("七日內分送" in quoted) == sees, (who, answer)
        assert ("七日" in answer["answer"]) == sees, who
    draft = _draft(api_env)
    assert all(c.get("doc_id") != secret for c in draft["draft"]["citations"])


def test_conversations_are_private_to_their_owner(api_env: ApiEnv) -> None:
    first = api_env.client.post(
        "/v1/ask", json={"question": "燈號如何判定？"}, headers=api_env.h("officer_a")
    )
    conversation = first.json()["conversation_id"]
    assert conversation
    again = api_env.client.post("/v1/ask", json={"question": "那黃燈呢？", "conversation_id": conversation},
                                headers=api_env.h("officer_a"))  # fmt: skip
    assert again.json()["standalone_question"] != "那黃燈呢？"  # carried over from the first turn
    other = api_env.client.post("/v1/ask", json={"question": "那黃燈呢？", "conversation_id": conversation},
                                headers=api_env.h("officer_b"))  # fmt: skip
    assert other.json()["standalone_question"] == "那黃燈呢？"  # B cannot continue A's conversation


def test_every_endpoint_is_documented_with_examples(tmp_path) -> None:
    from assistant.api import create_app
    from assistant.settings import Settings

    schema = create_app(Settings(home=tmp_path), start_worker=False).openapi()
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
                if media_type != "application/json":
                    continue
                body = components[media["schema"]["$ref"].rsplit("/", 1)[-1]]
                assert body.get("examples"), (method, path)
            errors = [s for s in operation["responses"] if s.startswith("4")]
            for status in errors:
                ref = operation["responses"][status]["content"]["application/json"]["schema"][
                    "$ref"
                ]
                assert ref.endswith("/ErrorResponse"), (method, path, status)
            if path.startswith("/v1/"):
                assert "401" in errors, (method, path)
