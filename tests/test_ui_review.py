"""The Review page (streamlit AppTest): metrics + narrative → flags highlighted → decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import EXAMPLES
from tests.support.ui import open_page

NARRATIVE = (EXAMPLES / "city-government-narrative.md").read_text(encoding="utf-8")
CLEAN_METRICS = """\
schema: kaoping/metrics@1
agency: {id: kaohsiung-demo, name: 高雄市政府（示範）, level: local}
period: "2023"
framework: tw-kpi
goals:
  - id: G1
    name: 打造安全便捷交通
    indicators:
      - {id: G1.1, name: 市區公車準點率, unit: "%", direction: higher, target: 92.0, actual: 93.4}
"""


@pytest.fixture
def app(ui_office: Path) -> AppTest:
    return open_page("review", timeout=60)


def _example(at: AppTest, name: str = "city-government.yaml") -> None:
    at.radio(key="review_source").set_value("example").run()
    examples = at.selectbox(key="review_example")
    examples.select_index(examples.options.index(name)).run()


def _review(at: AppTest, text: str = NARRATIVE) -> None:
    at.text_area(key="review_text").set_value(text).run()
    at.button(key="review_run").click().run()
    assert not at.exception


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_narrative_is_flagged_highlighted_and_decided(app: AppTest) -> None:
    from ui.state import office

    assert not app.exception and app.title[0].value == "審查自評報告"
    assert [i.value for i in app.info] == [
        "請先提供指標資料（上傳或選擇範例），再貼上或上傳自評敘述，然後按「開始審查」。"
    ]  # the empty state
    _example(app)
    _review(app)
    review_id = app.session_state["review_id"]
    assert app.selectbox(key="review_pick").value == review_id  # listed among earlier reviews
    assert "共標示 13 處與資料不一致" in app.warning[0].value
    assert {m.label: m.value for m in app.metric}["標示總數"] == "13"
    shown = _markdown(app)
    assert shown.count("<mark") == 5  # every quoted sentence (spans shared by flags mark once)
    assert 'title="數值不符"' in shown and "道路挖掘案件平均完工天數為 12 天，如期完成。" in shown
    assert "數值不符（2）" in shown and "趨勢不符（0）" in shown  # the legend
    assert "- 敘述稱：12 天\n- 資料顯示：實際值為 13.5 天" in shown  # claimed vs the data
    assert "**可詢問機關**：敘述所稱「12 天」依據哪一份資料" in shown
    assert "⏳ 尚未決定" in shown
    assert app.get("download_button")  # the memo

    app.text_area(key=f"review_comment_{review_id}_0").set_value("請機關依實際值更正")
    app.button(key=f"review_accept_{review_id}_0").click().run()
    assert not app.exception and not app.error
    assert "已記錄第 1 項意見的決定。" in [s.value for s in app.success]
    shown = _markdown(app)
    assert "✅ 已採納（local，" in shown and "意見：請機關依實際值更正" in shown
    assert "已決定 1 處，尚待決定 12 處" in app.warning[0].value
    stored = office().workspace.decisions(review_id)
    assert [(d.flag_index, d.decision, d.comment, d.decided_by) for d in stored] == [
        (0, "accepted", "請機關依實際值更正", "local")
    ]

    _review(app, "市區公車準點率為 93.4%，已達成年度目標。")  # a second review…
    assert app.selectbox(key="review_pick").value == app.session_state["review_id"] != review_id
    app.selectbox(key="review_pick").set_value(review_id).run()  # …and the first one reopened
    assert not app.exception and app.session_state["review_id"] == review_id
    assert app.subheader[0].value.startswith(f"審查結果 #{review_id}：")
    assert "意見：請機關依實際值更正" in _markdown(app)


def test_an_officer_may_review_but_not_decide(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.workspace import Principal
    from assistant.workspace.access import Role
    from ui.state import office

    monkeypatch.delenv("KAOPING_UI_LOCAL")
    app.session_state["principal"] = Principal(
        "承辦甲", Role.officer, frozenset({"kaohsiung-demo"})
    )
    app.run()
    _example(app)
    _review(app)
    review_id = app.session_state["review_id"]
    app.button(key=f"review_dismiss_{review_id}_1").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["您的角色或機關沒有執行此操作的權限。"]
    assert office().workspace.decisions(review_id) == []


def test_a_clean_narrative_says_so(app: AppTest) -> None:
    app.file_uploader(key="review_file").set_value(
        ("clean.yaml", CLEAN_METRICS.encode(), "application/x-yaml")
    ).run()
    _review(app, "市區公車準點率為 93.4%，已達成年度目標。")
    assert [s.value for s in app.success] == [
        "敘述中的數字與陳述皆與資料一致，沒有需要提出的審查意見。"
    ]
    assert not app.warning and "<mark" not in _markdown(app)


def test_a_bad_metrics_file_is_named(app: AppTest) -> None:
    bad = (EXAMPLES / "city-government.yaml").read_text(encoding="utf-8")
    bad = bad.replace("target: 92.0", "target: 九十二點零點")
    app.file_uploader(key="review_file").set_value(
        ("壞檔.yaml", bad.encode(), "application/x-yaml")
    ).run()
    assert not app.exception
    error = " ".join(e.value for e in app.error)
    assert "壞檔.yaml" in error and "target" in error
    _review(app)
    assert "尚未提供指標資料" in app.warning[0].value and "review_id" not in app.session_state


def test_an_empty_narrative_is_asked_for(app: AppTest) -> None:
    _example(app)
    _review(app, "  \n\n ")
    assert [w.value for w in app.warning] == ["敘述是空的：請貼上自評敘述，或上傳敘述檔。"]
    assert "review_id" not in app.session_state


def test_a_binary_narrative_is_refused_by_type(app: AppTest) -> None:
    _example(app)
    app.radio(key="review_narrative_source").set_value("upload").run()
    blob = bytes(range(256)) * 8
    app.file_uploader(key="review_narrative_file").set_value(
        ("報告.md", blob, "text/markdown")
    ).run()
    assert not app.exception
    error = " ".join(e.value for e in app.error)
    assert "報告.md" in error and "binary" in error and ".pdf" in error
    app.button(key="review_run").click().run()
    assert "review_id" not in app.session_state


def test_english_labels_when_switched(app: AppTest) -> None:
    _example(app)
    _review(app)
    review_id = app.session_state["review_id"]
    # what the sidebar's language switch sets
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Review a self-evaluation report"
    assert app.button(key="review_run").label == "Review"
    assert "13 places disagree with the data" in app.warning[0].value
    shown = _markdown(app)
    assert 'title="number mismatch"' in shown and "number mismatch (2)" in shown
    assert "- The narrative says: 12 天\n- The data says: the actual value is 13.5 天" in shown
    assert "**What to ask the agency**" in shown and "⏳ Not decided yet" in shown
    assert app.button(key=f"review_accept_{review_id}_0").label == "Accept"
