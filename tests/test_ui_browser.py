"""The review UI in a real browser: ``kaoping ui --local`` on a free loopback port (a private
home holding one ingested guideline), driven by Playwright with Debian's chromium.

The path a user takes: draft a report from the example metrics, review the example narrative
(flags highlighted), ask the guideline a question (the answer quotes it); and every one of the
six pages is opened. A screenshot of each page is written to tests/artifacts/ui-<page>.png on
every run; a failing step leaves tests/artifacts/ui-<page>-failed.png and the failure message
carries the server's log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.i18n import t
from tests.conftest import EXAMPLES
from tests.support.browser import (
    ARTIFACTS,
    UIServer,
    ask,
    choose,
    draft_from_example,
    go_to,
    ingest,
    launch,
    new_page,
    open_app,
    radio,
    review_narrative,
    running_ui,
    screenshot,
    wait_idle,
)

pytestmark = pytest.mark.system("chromium")

ZH = "zh-TW"
METRICS = EXAMPLES / "city-government.yaml"
NARRATIVE = EXAMPLES / "city-government-narrative.md"
GUIDE_TITLE = "績效考核作業指引（瀏覽器測試）"
GUIDE_SENTENCE = "各機關之佐證資料應保存七年，並以「青鳥專案」編號歸檔備查。"
GUIDE = f"""\
# {GUIDE_TITLE}

## 壹、資料保存

{GUIDE_SENTENCE}

## 貳、提報時程

各機關應於每年二月底前提報自評報告，逾期者應以書面說明理由。
"""


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UIServer]:
    """The UI over a fresh home whose library holds the guideline; stopped after the module."""
    base = tmp_path_factory.mktemp("ui-browser")
    home = base / "home"
    home.mkdir()
    guide = base / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    ingest(home, guide)
    with running_ui(home, base / "ui.log") as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class UI:
    page: Any
    server: UIServer

    def shot(self, name: str) -> Path:
        """tests/artifacts/ui-<name>.png: the whole page as it is now."""
        path = screenshot(self.page, ARTIFACTS / f"ui-{name}.png")
        assert path.stat().st_size > 10_000, path
        return path

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """A failure inside names the page, keeps a screenshot and shows the server's log."""
        failed = ARTIFACTS / f"ui-{name}-failed.png"
        try:
            yield
        except Exception as error:
            with suppress(Exception):
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=str(failed), timeout=10_000)
            state = "running" if self.server.alive() else "exited"
            raise AssertionError(
                f"{name} page: {type(error).__name__}: {error}\n"
                f"(screenshot: {failed}; server {self.server.url} {state})\n"
                f"--- kaoping ui log ---\n{self.server.log()}"
            ) from error
        failed.unlink(missing_ok=True)  # an earlier run's, now stale


@pytest.fixture
def ui(browser: Any, ui_server: UIServer) -> Iterator[UI]:
    """A fresh browser context (so a fresh Streamlit session) on the app's first page."""
    if not ui_server.alive():
        pytest.fail(f"the UI server has exited:\n{ui_server.log()}")
    page = new_page(browser)
    here = UI(page, ui_server)
    try:
        with here.step("open"):
            open_app(page, ui_server)
        yield here
    finally:
        page.context.close()


def texts(locator: Any) -> list[str]:
    return [str(s) for s in locator.all_inner_texts()]


def test_draft_from_the_uploaded_example_metrics_shows_the_score_and_the_sections(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    goals = [goal["name"] for goal in yaml.safe_load(METRICS.read_text(encoding="utf-8"))["goals"]]
    with ui.step("draft"):
        draft_from_example(page, METRICS)  # uploaded through the file input
        metrics = texts(page.locator('[data-testid="stMetricValue"]'))
        assert "高雄市政府（示範）" in metrics, metrics
        expect(page.locator('[data-testid="stDataFrame"] canvas').first).to_be_attached()
        expect(page.locator('[data-testid="stVegaLiteChart"] svg').first).to_be_visible()
        sections = page.locator('[data-testid="stForm"] [data-testid="stTextArea"]')
        titles = texts(sections.locator('[data-testid="stWidgetLabel"]'))
        assert len(titles) == len(goals) + 1, titles  # the overview, then one per goal
        for goal in goals:
            assert any(goal in title for title in titles), (goal, titles)
        first_goal = sections.nth(1).locator("textarea").input_value()
        assert "市區公車準點率" in first_goal and "93.4" in first_goal, first_goal
        expect(page.get_by_role("button", name=t("ui.draft.save", ZH))).to_be_visible()
        ui.shot("draft")


def test_review_of_the_uploaded_metrics_highlights_the_narratives_flags(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    with ui.step("review"):
        go_to(page, "review")
        review_narrative(page, NARRATIVE.read_text(encoding="utf-8"), metrics=METRICS)
        narrative = page.locator(".kaoping-narrative")
        marks = narrative.locator("mark")
        expect(marks.first).to_be_visible()
        assert marks.count() >= 3, texts(marks)
        # the narrative's 12 days against the data's 13.5: a number mismatch, marked in place
        mismatch = marks.filter(has_text="12 天")
        expect(mismatch).to_have_attribute("title", re.compile(t("kind.number_mismatch", ZH)))
        expect(page.get_by_text("實際值為 13.5 天").first).to_be_visible()
        warning = page.locator('[data-testid="stAlertContentWarning"]').first
        expect(warning).to_contain_text("與資料不一致")
        ui.shot("review")


def test_ask_quotes_the_ingested_guideline(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    with ui.step("ask"):
        go_to(page, "ask")
        ask(page, "佐證資料應保存幾年？")
        answer = page.locator('[data-testid="stChatMessage"]').nth(1)
        expect(answer).to_contain_text("保存七年")
        source = answer.locator('[data-testid="stExpander"]').first
        expect(source).to_contain_text(f"［1］ {GUIDE_TITLE}")
        source.locator("summary").click()
        wait_idle(page)
        expect(source.locator("blockquote")).to_have_text(GUIDE_SENTENCE)
        ui.shot("ask")


def test_indicators_page_analyses_the_example_catalog(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    with ui.step("indicators"):
        go_to(page, "indicators")
        radio(page, t("ui.indicators.source", ZH), t("ui.indicators.example_choice", ZH))
        choose(page, t("ui.indicators.example", ZH), "indicators.yaml")
        expect(page.get_by_text(t("ui.indicators.heatmap", ZH), exact=True)).to_be_visible()
        expect(page.locator('[data-testid="stImage"] img').first).to_be_visible()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        ui.shot("indicators")


def test_batch_page_takes_the_example_table(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    with ui.step("batch"):
        go_to(page, "batch")
        radio(page, t("ui.batch.source", ZH), t("ui.batch.example_choice", ZH))
        choose(page, t("ui.batch.example", ZH), "batch-2023.csv")
        expect(page.get_by_role("button", name=t("ui.batch.start", ZH))).to_be_enabled()
        ui.shot("batch")


def test_library_lists_the_guideline_and_its_passages(ui: UI) -> None:
    from playwright.sync_api import expect

    page = ui.page
    with ui.step("library"):
        go_to(page, "library")
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        choose(page, t("ui.library.pick", ZH), f"{GUIDE_TITLE} (guide.md)")
        passages = page.locator('[data-testid="stExpander"]')
        expect(passages).to_have_count(2)
        passages.first.locator("summary").click()
        wait_idle(page)
        expect(passages.first).to_contain_text(GUIDE_SENTENCE)
        ui.shot("library")
