"""The Ask and Library pages of the review UI, run headless with Streamlit's AppTest.

The guidance handbook is ingested once for the module (the embedding model loads once per
process); each test that needs it works on its own copy of that home, and every test gets a
fresh office (``ui.state.office`` is cached per process)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.documents import open_library
from assistant.i18n import t
from assistant.settings import load_settings
from assistant.workspace import Principal
from assistant.workspace.access import Role
from tests.support.llm_stub import StubServer
from tests.support.ui import open_page

HANDBOOK = """\
# ○○部績效評估作業要點（測試）

## 壹、燈號

一、達成度在百分之一百以上者，列為綠燈。

二、達成度在百分之九十以上未達百分之一百者，列為黃燈；黃燈指標應以100字以內說明差距原因。

## 貳、佐證資料

一、佐證資料應自評估年度次年起保存5年，以備查核。

二、滿意度調查之有效樣本數應達1,068份以上。
"""
GUIDE = "# 考核作業說明\n\n## 參、時程\n\n各機關應於每年1月31日前提報自評報告。\n".encode()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose library holds the handbook (ingested once for the module)."""
    home = tmp_path_factory.mktemp("ui-home")
    source = tmp_path_factory.mktemp("ui-docs") / "handbook.md"
    source.write_text(HANDBOOK, encoding="utf-8")
    library = open_library(load_settings(home=home))
    try:
        assert not library.ingest([source], kind="guideline").failed
    finally:
        library.close()
    return home


@pytest.fixture(autouse=True)
def fresh_office(ui_office: Path) -> Path:
    return ui_office


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("KAOPING_HOME", str(home))
    return home


@pytest.fixture
def handbook_home(prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(prepared, home)
    monkeypatch.setenv("KAOPING_HOME", str(home))
    return home


def page(name: str, **state: object) -> AppTest:
    return open_page(name, **state)


def texts(elements: object) -> list[str]:
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]


def visible(at: AppTest) -> str:
    """Every text the page shows (no message id may show up untranslated)."""
    kinds = ("title", "caption", "markdown", "info", "warning", "error", "success", "subheader")
    shown = [v for kind in kinds for v in texts(getattr(at, kind))]
    shown += [e.label for e in at.expander] + [b.label for b in at.button]
    return "\n".join(shown)


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


# --- the library ------------------------------------------------------------------------------


def test_upload_lists_the_document_as_ready_with_its_passages(empty_home: Path) -> None:
    at = page("library")
    assert texts(at.info) == [t("ui.library.empty_admin", "zh-TW")]
    at.file_uploader[0].set_value(("時程說明.md", GUIDE, "text/markdown")).run()
    at.number_input(key="library_year").set_value(2024)
    at.button(key="library_add").click().run()
    assert not at.exception and not at.error
    assert texts(at.success) == ["已加入 時程說明.md（「考核作業說明」）：1 個段落、1 頁。"]
    table = at.dataframe[0].value
    assert list(table["標題"]) == ["考核作業說明"] and list(table["檔案"]) == ["時程說明.md"]
    assert list(table["狀態"]) == ["🟢 就緒"] and list(table["開放對象"]) == ["所有人"]
    assert list(table["年度"]) == ["2024"] and list(table["段落數"]) == [1]

    at.selectbox(key="library_doc").select_index(0).run()
    assert [e.label for e in at.expander] == ["1. 參、時程"]
    assert "1月31日前提報自評報告" in "".join(texts(at.expander[0].markdown))

    at.button(key="library_add").click().run()  # the same file again
    assert texts(at.success) == [
        "時程說明.md 已在文件庫中且內容未變（「考核作業說明」，1 個段落）。"
    ]
    assert "ui." not in visible(at)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [("empty.md", b"", "文件沒有可用的文字"), ("blob.pdf", b"\x00\x01\x02\x03binary", "binary")],
)
def test_a_bad_file_shows_the_error_naming_it_and_the_list_is_unchanged(
    handbook_home: Path, name: str, data: bytes, problem: str
) -> None:
    at = page("library")
    before = at.dataframe[0].value
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    at.button(key="library_add").click().run()
    assert not at.exception and not at.success
    [error] = texts(at.error)
    assert name in error and problem in error
    after = at.dataframe[0].value
    assert after.equals(before) and len(after) == 1


def test_removing_a_document_needs_a_confirmation(handbook_home: Path) -> None:
    at = page("library")
    at.selectbox(key="library_doc").select_index(0).run()
    assert len(at.expander) == 2  # the handbook's two sections
    remove = at.button(key="library_remove")
    assert remove.disabled
    at.checkbox[0].check().run()
    at.button(key="library_remove").click().run()
    assert not at.exception
    assert texts(at.success) == ["已從文件庫移除「○○部績效評估作業要點（測試）」。"]
    assert not at.dataframe and texts(at.info) == [t("ui.library.empty_admin", "zh-TW")]


def test_a_non_admin_sees_the_list_but_not_the_controls(
    handbook_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAOPING_UI_LOCAL")
    officer = Principal("officer", Role.officer, frozenset({"A01"}), key_id=7)
    at = page("library", principal=officer, lang="en")
    assert not at.file_uploader
    assert "Only administrators add or remove documents" in visible(at)
    assert list(at.dataframe[0].value["State"]) == ["🟢 ready"]
    at.selectbox(key="library_doc").select_index(0).run()
    assert len(at.expander) == 2 and not at.checkbox
    assert not [b for b in at.button if b.key == "library_remove"]


# --- asking -------------------------------------------------------------------------------------


def test_an_answer_quotes_its_source_and_follow_ups_continue(handbook_home: Path) -> None:
    at = ask(page("ask"), "佐證資料要保存幾年？")
    [user, assistant] = at.chat_message
    assert user.markdown[0].value == "佐證資料要保存幾年？"
    assert "離線模式" in "".join(texts(assistant.caption))
    assert "保存5年" in assistant.markdown[0].value
    quote = assistant.expander[0]
    assert quote.label.startswith("［1］ ○○部績效評估作業要點（測試），貳、")
    assert "保存5年" in quote.markdown[0].value
    first = at.session_state["ask_conversation"]
    assert first and f"對話 {first}" in texts(at.caption)

    ask(at, "黃燈要寫多少字的說明？")
    assert len(at.chat_message) == 4  # the session's history stays on the page
    assert at.session_state["ask_conversation"] == first
    assert "100字" in at.chat_message[3].expander[0].markdown[0].value

    at.button(key="ask_new").click().run()
    assert at.session_state["ask_conversation"] is None and len(at.chat_message) == 4
    ask(at, "綠燈的達成度是多少？")
    assert at.session_state["ask_conversation"] not in (None, first)
    assert "ui." not in visible(at)


def test_a_question_the_documents_do_not_answer_says_so(handbook_home: Path) -> None:
    at = ask(page("ask"), "綠燈指標的獎金是多少元？")
    assistant = at.chat_message[1]
    assert texts(assistant.warning) == [t("ui.ask.not_found", "zh-TW")]
    assert assistant.expander  # the closest passages, for reference
    assert "最接近的段落" in "".join(texts(assistant.markdown))
    assert not [m for m in texts(assistant.markdown) if "以下為指引文件原文摘錄" in m]


def test_an_empty_library_points_to_the_library_page(empty_home: Path) -> None:
    at = page("ask", lang="en")
    assert texts(at.info) == [t("ui.ask.empty", "en")]
    assert not at.chat_input  # nothing to ask yet
    [link] = at.get("page_link")
    assert link.proto.label == "Go to the Library"


def test_a_model_answer_is_shown_with_its_mode(
    handbook_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with StubServer() as stub:
        monkeypatch.setenv("KAOPING_LLM_BASE_URL", stub.base_url)
        monkeypatch.setenv("KAOPING_LLM_API_KEY", "test")
        monkeypatch.setenv("KAOPING_LLM_MODEL", "stub-model")
        stub.responder = lambda request: "依規定，佐證資料應「自評估年度次年起保存5年」［1］。"
        at = ask(page("ask"), "佐證資料要保存幾年？")
        assert stub.requests[-1].get("stream") is True  # the page asked for tokens as they come
    assistant = at.chat_message[1]
    assert "語言模型（stub-model）" in "".join(texts(assistant.caption))
    assert assistant.markdown[0].value == "依規定，佐證資料應「自評估年度次年起保存5年」［1］。"
    assert assistant.expander[0].markdown[0].value == "> 自評估年度次年起保存5年"
