"""The Draft page (streamlit AppTest): example → score → draft → edit checked → versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import EXAMPLES
from tests.support.ui import open_page


@pytest.fixture
def app(ui_office: Path) -> AppTest:
    return open_page()


def _example(at: AppTest, name: str = "city-government.yaml") -> None:
    at.radio(key="draft_source").set_value("example").run()
    examples = at.selectbox(key="draft_example")
    examples.select_index(examples.options.index(name)).run()


def test_an_example_draft_is_scored_written_edited_and_checked(app: AppTest) -> None:
    assert not app.exception and app.title[0].value == "起草自評報告"
    assert [i.value for i in app.info] == ["請上傳指標檔或選擇範例。"]  # the empty state
    _example(app)
    assert [m.value for m in app.metric] == ["高雄市政府（示範）", "92.87", "黃燈"]
    assert len(app.dataframe) == 1
    assert app.dataframe[0].proto.placeholder == "—"  # a missing achievement is a dash, not None
    app.button(key="draft_generate").click().run()
    assert not app.exception
    assert "離線模式" in " ".join(c.value for c in app.caption)
    sections = [a for a in app.text_area if a.key and a.key.startswith("draft_section_")]
    assert sections[1].label.startswith("貳、一、") and "市區公車準點率" in sections[1].value
    sections[1].set_value("市區公車準點率達99%，超越目標。")
    next(b for b in app.button if b.label == "核對並儲存新版本").click().run()
    assert not app.exception
    assert app.selectbox(key="draft_view").value == 2
    warning = " ".join(w.value for w in app.warning)
    assert "不一致" in warning
    marked = " ".join(m.value for m in app.markdown)
    assert "<mark" in marked and "市區公車準點率達99%" in marked and "數值不符" in marked
    from ui.state import office

    versions = office().workspace.versions(app.session_state["draft_id"])
    assert [v.mode for v in versions] == ["offline", "edited"]


def test_a_bad_metrics_file_is_named_with_its_line(app: AppTest) -> None:
    bad = (
        (EXAMPLES / "city-government.yaml")
        .read_text(encoding="utf-8")
        .replace("target: 92.0", "target: 九十二點零點")
    )
    app.file_uploader(key="draft_file").set_value(
        ("壞檔.yaml", bad.encode(), "application/x-yaml")
    ).run()
    assert not app.exception
    error = " ".join(e.value for e in app.error)
    assert "壞檔.yaml" in error and "target" in error
    assert not app.metric  # nothing scored from a bad file


def test_english_labels_when_switched(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "Draft the self-evaluation report"
    _example(app, "central-ministry.yaml")
    assert app.metric[0].label == "Agency"
