"""The 指標精簡 Indicators and 批次 Batch pages of the UI, driven with Streamlit's AppTest.

Each test gets a fresh office (its own ``KAOPING_HOME``) in local mode (the single local user,
an administrator), so the batch worker is the office's own background thread.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.support.ui import open_page

CATALOG = ROOT / "examples" / "catalogs" / "indicators.yaml"


@pytest.fixture
def fresh_office(ui_office: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KAOPING_LANG", "zh-TW")
    return ui_office


def page(name: str, who: Any = None) -> AppTest:
    """The app in English on page ``name`` (as ``who`` when given, else the local user)."""
    state: dict[str, Any] = {"lang": "en"}
    if who is not None:
        state["principal"] = who  # what signing in with a key keeps
    return open_page(name, **state)


def texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


def table_with(at: AppTest, *columns: str) -> Any:
    """The first table (as a DataFrame) that has these columns."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert found, f"no table with columns {columns}"
    return found[0]


# --- 指標精簡 ---------------------------------------------------------------------------


def test_indicators_example_counts_heatmap_and_a_rejected_recommendation(fresh_office: Path):
    at = page("indicators")
    assert "Upload an indicator catalog or pick an example." in texts(at.info)  # empty state

    at.radio(key="ind_source").set_value("example").run()
    at.selectbox(key="ind_example").set_value(CATALOG).run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Indicators before"] == "10" and metrics["Proposed after"] == "9"
    assert metrics["Evaluation burden removed"] == "1"
    assert len(at.image) == 1 and at.image[0].value  # the similarity heatmap
    assert "Reduced set after your choices (9 indicators)" in texts(at.subheader)

    editor = at.data_editor[0]
    recs = editor.value
    assert set(recs["action"]) >= {"keep", "drop"} and recs["accept"].all()
    drop = int(recs.index[recs["action"] == "drop"][0])
    assert "K08" in recs.loc[drop, "indicators"]
    final = table_with(at, "ID", "Goal")
    assert "K08" not in set(final["ID"])
    pairs = table_with(at, "Verdict", "Reason")
    assert any("duplicate" in v for v in pairs["Verdict"]) and pairs["Reason"].all()

    # reject "drop K08": the reduced set keeps it
    at.session_state[editor.key] = {
        "edited_rows": {drop: {"accept": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert "Reduced set after your choices (10 indicators)" in texts(at.subheader)
    assert "K08" in set(table_with(at, "ID", "Goal")["ID"])
    assert any("rejected 1 recommendation" in c for c in texts(at.caption))

    # the choice is the session's: away and back to the same catalog, still rejected
    at.switch_page("views/draft.py").run()
    at.switch_page("views/indicators.py").run()
    at.radio(key="ind_source").set_value("example").run()
    at.selectbox(key="ind_example").set_value(CATALOG).run()
    assert "Reduced set after your choices (10 indicators)" in texts(at.subheader)


def test_indicators_bad_catalog_names_the_file_and_line(fresh_office: Path):
    at = page("indicators")
    bad = b"indicators:\n  - id: K1\n    name: ok\n  - id: K2\n    unit: '%'\n"
    at.file_uploader(key="ind_file").set_value(("mine.yaml", bad, "application/x-yaml")).run()
    assert not at.exception
    errors = texts(at.error)
    assert len(errors) == 1 and errors[0].startswith("mine.yaml, line 4, field indicators[1].name")
    assert not at.metric and not at.image

    broken = b"- id: K1\n  name: [broken\n"
    at.file_uploader(key="ind_file").set_value(("cat.yml", broken, "application/x-yaml")).run()
    assert any(e.startswith("cat.yml, line 3: YAML syntax error") for e in texts(at.error))

    at.file_uploader(key="ind_file").set_value(("c.json", b"\x00\x01\x02garbage", "x/y")).run()
    assert any("binary" in e for e in texts(at.error))


# --- 批次 -----------------------------------------------------------------------------


def wait_for(at: AppTest, done: Any, seconds: float = 60) -> AppTest:
    """Run the page again (what the fragment's timer does) until ``done(at)``, bounded."""
    deadline = time.monotonic() + seconds
    while not done(at):
        assert time.monotonic() < deadline, "the batch did not finish in time"
        time.sleep(0.3)
        at.run()
        assert not at.exception
    return at


def test_batch_example_runs_ranks_and_opens_an_agency_report(fresh_office: Path):
    at = page("batch")
    assert "No batch has run yet." in texts(at.caption)
    at.radio(key="batch_source").set_value("example").run()
    at.selectbox(key="batch_example").select_index(0).run()
    at.multiselect(key="batch_formats").set_value(["md"]).run()
    at.button(key="batch_start").click().run()
    assert not at.exception and not at.error
    assert any("batch-2023.csv" in s for s in texts(at.success))

    wait_for(at, lambda a: "Ranking and grades" in texts(a.subheader))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Agencies": "24", "Completed": "24", "Failed": "0"}
    ranking = table_with(at, "Rank", "Grade")
    assert len(ranking) == 24 and ranking["Rank"].iloc[0] == 1
    assert any(b.label == "Download all results (.zip)" for b in at.get("download_button"))

    agency = next(s for s in at.selectbox if (s.key or "").startswith("batch_agency_"))
    agency.set_value("moi-demo").run()
    assert not at.exception
    assert any("self-check" in m for m in texts(at.success) + texts(at.warning))
    body = "\n".join(texts(at.markdown))
    assert "內政部（示範）" in body and "draft.achievement.png" not in body
    assert any(
        b.label.startswith("Download this agency's draft") for b in at.get("download_button")
    )


def test_batch_rejects_a_garbage_table_and_shows_a_failed_run(fresh_office: Path):
    at = page("batch")
    upload = at.file_uploader(key="batch_file")
    upload.set_value(("table.csv", bytes(range(256)) * 8, "text/csv")).run()
    at.button(key="batch_start").click().run()
    assert not at.exception
    assert any("binary" in e and ".csv" in e for e in texts(at.error))
    assert "No batch has run yet." in texts(at.caption)  # nothing was queued

    # text that is not a table: accepted, then the run fails with the loader's message
    at.file_uploader(key="batch_file").set_value(("notes.csv", b"hello\nworld\n", "text/csv")).run()
    at.button(key="batch_start").click().run()
    wait_for(at, lambda a: bool(a.error), seconds=30)
    assert any(e.startswith("The batch failed:") for e in texts(at.error))


def test_batch_is_for_administrators_only(fresh_office: Path, monkeypatch: pytest.MonkeyPatch):
    import ui.state
    from assistant.workspace.access import Role

    monkeypatch.setenv("KAOPING_UI_LOCAL", "0")
    workspace = ui.state.office().workspace
    token, _ = workspace.create_key("officer", Role.officer, ["moi-demo"], "test")
    at = page("batch", workspace.authenticate(token))
    assert "Only administrators run batches." in texts(at.caption)
    assert not at.main.button and not at.main.file_uploader  # (the sidebar has "sign out")
