"""The batch: every agency's reports, failures named by row, resumable after kill -9, same bytes."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


def _table(
    tmp_path: Path, copies: int = 2, broken: tuple[str, ...] = (), agencies: int | None = None
) -> Path:
    """The example table with each agency repeated under new ids (``agencies`` of them at most);
    ``broken`` agencies get a target that is not a number."""
    rows = list(csv.DictReader((EXAMPLES / "batch-2023.csv").open(encoding="utf-8")))
    out = []
    kept: list[str] = []
    for n in range(copies):
        for row in rows:
            row = dict(row, agency_id=f"{row['agency_id']}-{n}")
            if row["agency_id"] not in kept:
                if agencies is not None and len(kept) == agencies:
                    continue
                kept.append(row["agency_id"])
            if row["agency_id"] in broken and row["indicator_id"].endswith(".1"):
                row["target"] = "很多"
            out.append(row)
    path = tmp_path / "table.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)
    return path


def _files(folder: Path) -> dict[str, bytes]:
    """Every output's bytes; the manifest is left out (it alone records the run's time)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_failures_are_named_and_the_rest_complete(run_cli, tmp_path: Path) -> None:
    broken = ("moi-demo-0", "taipei-demo-1", "ntuh-demo-1")
    table = _table(tmp_path, copies=3, broken=broken, agencies=50)  # 50 agencies, 3 broken
    out = tmp_path / "out"
    result = run_cli("batch", table, "--out", out, "--formats", "md", "--format", "json")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["agencies"] == 50 and len(summary["completed"]) == 47
    assert sorted(f["agency_id"] for f in summary["failures"]) == sorted(broken)
    for failure in summary["failures"]:
        assert failure["line"] and "很多" in failure["error"] and "table.csv" in failure["error"]
    for agency in summary["completed"]:
        folder = out / "agencies" / agency
        assert {p.name for p in folder.iterdir()} >= {
            "metrics.yaml",
            "score.json",
            "draft.json",
            "draft.md",
            "review.json",
        }
        assert (
            json.loads((folder / "review.json").read_text(encoding="utf-8"))["summary"]["flags"]
            == 0
        )
    ranking = (out / "ranking.csv").read_text(encoding="utf-8").splitlines()
    assert ranking[0] == "rank,agency_id,agency_name,score,grade" and len(ranking) == 48


def test_rerun_skips_finished_agencies_and_force_redoes_them(run_cli, tmp_path: Path) -> None:
    table = _table(tmp_path, copies=1)
    out = tmp_path / "out"
    assert run_cli("batch", table, "--out", out, "--formats", "md").returncode == 0
    again = run_cli("batch", table, "--out", out, "--formats", "md")
    assert "略過已完成 24 個" in again.stderr
    forced = run_cli("batch", table, "--out", out, "--formats", "md", "--force")
    assert "完成 24 個機關" in forced.stderr


def test_two_runs_give_the_same_bytes(run_cli, tmp_path: Path) -> None:
    table = _table(tmp_path, copies=1)
    for name in ("a", "b"):
        assert (
            run_cli(
                "batch", table, "--out", tmp_path / name, "--formats", "md,docx,odt", "--jobs", "2"
            ).returncode
            == 0
        )
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_a_run_killed_mid_way_resumes_to_the_same_bytes(
    run_cli, tmp_path: Path, home: Path
) -> None:
    table = _table(tmp_path, copies=1)
    assert (
        run_cli("batch", table, "--out", tmp_path / "whole", "--formats", "md,docx").returncode == 0
    )
    killed = tmp_path / "killed"
    env = {**os.environ, "KAOPING_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "batch", str(table), "--out", str(killed), "--formats", "md,docx"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    manifest = killed / "manifest.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (
            manifest.is_file()
            and len(json.loads(manifest.read_text(encoding="utf-8"))["agencies"]) >= 5
        ):
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = len(json.loads(manifest.read_text(encoding="utf-8"))["agencies"])
    assert 5 <= partial < 24  # killed half-way
    assert run_cli("batch", table, "--out", killed, "--formats", "md,docx").returncode == 0
    leftovers = [p for p in killed.rglob("*.tmp")]
    for p in leftovers:  # a temp file of the write the kill interrupted is harmless but not output
        p.unlink()
    assert _files(killed) == _files(tmp_path / "whole")


@pytest.mark.system("chromium")
def test_dashboard_opens_in_headless_chromium(run_cli, tmp_path: Path) -> None:
    table = _table(tmp_path, copies=1)
    out = tmp_path / "out"
    assert (
        run_cli(
            "batch", table, "--out", out, "--formats", "md", "--quota", "seoul-units"
        ).returncode
        == 0
    )
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", (out / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert dom.stdout.count("<tr><td>") == 24 and "draft.md" in dom.stdout
    assert ">S<" in dom.stdout and ">B<" in dom.stdout  # grades by the quota rule
    shot = tmp_path / "index.png"
    subprocess.run(
        ["chromium", *flags, f"--screenshot={shot}", "--window-size=1100,1400", (out / "index.html").as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "batch-index.png").write_bytes(shot.read_bytes())


def test_an_agencys_own_narrative_is_reviewed(run_cli, tmp_path: Path) -> None:
    table = _table(tmp_path, copies=1)
    narratives = tmp_path / "narratives"
    narratives.mkdir()
    (narratives / "moi-demo-0.md").write_text("年度預算執行率達98%，已達成目標。", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        run_cli(
            "batch", table, "--out", out, "--formats", "md", "--narratives", narratives
        ).returncode
        == 0
    )
    review = json.loads(
        (out / "agencies" / "moi-demo-0" / "narrative-review.json").read_text(encoding="utf-8")
    )
    kinds = review["summary"]["by_kind"]
    assert kinds.get("number_mismatch") or kinds.get("status_overclaim")
    assert not (out / "agencies" / "moe-demo-0" / "narrative-review.json").exists()
    # without a narrative, the agency's own lights are checked against the computed ones
    rated = json.loads(
        (out / "agencies" / "moe-demo-0" / "self-rating-review.json").read_text(encoding="utf-8")
    )
    assert set(rated["summary"]["by_kind"]) <= {"grade_inflation"}


def test_llm_batch_with_injected_failures_completes_with_marked_sections(tmp_path: Path) -> None:
    """Against the stub with 20 % of requests failing (429 and 500): retries are bounded and
    every agency ends with a complete draft, sections the model could not write marked."""
    from assistant.batch import run_batch
    from assistant.llm.client import ChatModel
    from assistant.llm.config import LLMConfig
    from tests.support.drafting import faithful
    from tests.support.llm_stub import StubServer

    table = _table(tmp_path, copies=1)
    with StubServer(faithful) as stub:
        stub.fail_rate(0.2, seed=3, codes=(429, 500))
        model = ChatModel(LLMConfig(stub.base_url, "stub-model", "test", 5.0, 2, 0.01, 0.0))
        result = run_batch(table, tmp_path / "out", formats=("md",), model=model, concurrency=4)
        injected = stub.injected_failures
    assert not result.failures and len(result.done) == 24
    sources: dict[str, int] = {}
    sections = 0
    for agency in result.done:
        draft = json.loads(
            (tmp_path / "out" / "agencies" / agency / "draft.json").read_text(encoding="utf-8")
        )
        assert draft["mode"] == "llm"
        for section in draft["sections"]:
            assert section["paragraphs"]  # complete
            if section["kind"] == "goal":
                sections += 1
                sources[section["source"]] = sources.get(section["source"], 0) + 1
                if section["source"] == "fallback":
                    assert section["note"]  # marked
    assert injected > 0 and model.usage.retries > 0
    assert sources.get("llm", 0) > 0
    # each section: at most two attempts (first text, one regeneration) of at most two requests
    assert model.usage.requests <= sections * 2 * 2
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run"]["llm"]["usage"]["requests"] == model.usage.requests
