"""The review UI in a real browser: start ``kaoping ui --local`` on a free loopback port, drive it
with Playwright and Debian's chromium, take screenshots.

Used by tests/test_ui_browser.py and by ui/screenshots.py (``make screenshots``), so the README's
pictures come from the same start-up and the same waits as the tests. Nothing here downloads a
browser: it is /usr/bin/chromium (``apt-get install chromium``), never ``playwright install``.

Streamlit reruns the page script on every interaction, so a step is done when the app is idle
again (the script not running, no "running" widget, no placeholder skeletons) *and* what the
step should show is there; there are no fixed sleeps beyond a moment for a click to reach the
server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.i18n import t

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
HOST = "127.0.0.1"
# a UI that talks to no model and shows no "Deploy" button; nothing the user's shell sets leaks in
OFFLINE = ("KAOPING_LANG", "KAOPING_LLM_BASE_URL", "KAOPING_LLM_API_KEY", "OPENAI_API_KEY")
UI_ENV = {
    "STREAMLIT_CLIENT_TOOLBAR_MODE": "minimal",
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    "STREAMLIT_SERVER_RUN_ON_SAVE": "false",
    "PYTHONIOENCODING": "utf-8",
    "NO_COLOR": "1",  # a plain log for failure messages
}
STEP_TIMEOUT_MS = 45_000  # one step: a rerun, a draft, a review, an answer (CPU only)


class UIStartError(RuntimeError):
    """The UI did not come up; the message holds its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def kaoping_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "KAOPING_HOME": str(home), **UI_ENV}
    for name in OFFLINE:
        env.pop(name, None)
    return env


def ingest(home: Path, *files: Path, kind: str = "guideline") -> None:
    """``kaoping ingest FILES`` into ``home`` (before the UI starts, as a user would)."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", *map(str, files), "--kind", kind],
        env=kaoping_env(home), cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"kaoping ingest failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )


@dataclass
class UIServer:
    """A running ``kaoping ui --local``: its address and its log (stdout and stderr)."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self, last: int = 8000) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return text[-last:] if len(text) > last else text

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """The server and the ``streamlit run`` it started: their own process group, and only it."""
        group = self.process.pid
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _members(group) and time.monotonic() < deadline:
            self.process.poll()  # reaps the leader once it has exited
            time.sleep(0.1)
        if _members(group):  # still there, so the group id is still ours
            with suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=10)


def _members(group: int) -> list[int]:
    """The processes of a process group (zombies included), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with suppress(OSError):
                if os.getpgid(int(entry)) == group:
                    found.append(int(entry))
    return found


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return bool(answer.status == 200 and answer.read().strip() == b"ok")
    except (urllib.error.URLError, OSError):
        return False


def _start_once(home: Path, log_path: Path, port: int, timeout: float) -> UIServer:
    command = [sys.executable, "-m", "assistant.cli", "ui", "--local", "--host", HOST,
               "--port", str(port), "--home", str(home)]  # fmt: skip
    with log_path.open("ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        process = subprocess.Popen(
            command, cwd=ROOT, env=kaoping_env(home), stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = UIServer(f"http://{HOST}:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            server.stop()  # anything it left behind
            raise UIStartError(f"the UI exited ({process.returncode}):\n{server.log()}")
        if _healthy(server.url):
            return server
        time.sleep(0.2)
    server.stop()
    raise UIStartError(f"the UI was not healthy after {timeout:.0f} s:\n{server.log()}")


def start_ui(home: Path, log_path: Path, timeout: float = 90.0, attempts: int = 3) -> UIServer:
    """``kaoping ui --local`` on a free port with ``home``; returns once /_stcore/health is ok.

    A port taken between choosing it and binding it (a parallel run) is retried on another."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(attempts):
        try:
            return _start_once(home, log_path, free_port(), timeout)
        except UIStartError as error:
            if attempt + 1 == attempts or "already in use" not in str(error):
                raise
    raise AssertionError("unreachable")


@contextmanager
def running_ui(home: Path, log_path: Path) -> Iterator[UIServer]:
    server = start_ui(home, log_path)
    try:
        yield server
    finally:
        server.stop()


# --- the browser ------------------------------------------------------------------------------


def launch(playwright: Any) -> Any:
    """Debian's chromium, headless, through Playwright (no browser download)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser: Any) -> Any:
    """A fresh page (its own Streamlit session) at the README's size, light and without motion."""
    context = browser.new_context(
        viewport=VIEWPORT, locale="zh-TW", color_scheme="light", reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return page


def wait_idle(page: Any, timeout: float = STEP_TIMEOUT_MS) -> None:
    """Until the app is connected, its script is not running and nothing is still drawing."""
    from playwright.sync_api import expect

    page.wait_for_timeout(150)  # let a just-sent widget change reach the server
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stSpinner"]')).to_have_count(0, timeout=timeout)


def open_app(page: Any, server: UIServer) -> None:
    page.goto(server.url + "/")
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    page.locator("h1").first.wait_for()
    wait_idle(page)


def go_to(page: Any, url_path: str) -> None:
    """Another page through the sidebar (the same session, so what was done stays)."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')
    if url_path == "draft" and not link.count():  # the default page is served at "/"
        link = page.locator('[data-testid="stSidebarNavLink"]').first
    link.click()
    page.wait_for_url(f"**/{'' if url_path == 'draft' else url_path}")
    wait_idle(page)


def widget(page: Any, testid: str, label: str) -> Any:
    """The widget of this kind (``stSelectbox``, ``stRadio``…) whose label is exactly ``label``."""
    name = page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    return page.locator(f'[data-testid="{testid}"]').filter(has=name)


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label``."""
    from playwright.sync_api import expect

    combo = widget(page, "stSelectbox", label).locator('[role="combobox"]')
    combo.scroll_into_view_if_needed()  # first: a scroll closes the list it opens
    page.wait_for_timeout(100)
    combo.click()
    if combo.get_attribute("aria-expanded") != "true":
        combo.press("ArrowDown")
    expect(combo).to_have_attribute("aria-expanded", "true")
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def radio(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the radio group labelled ``label``."""
    group = widget(page, "stRadio", label)
    group.locator('[data-testid="stRadioOption"]').filter(has_text=option).click()
    wait_idle(page)


def upload(page: Any, label: str, file: Path) -> None:
    """Give the file uploader labelled ``label`` a file, as choosing it in the dialog would."""
    uploader = widget(page, "stFileUploader", label)
    uploader.locator('input[type="file"]').set_input_files(str(file))
    uploader.locator('[data-testid="stFileChipName"]').filter(has_text=file.name).wait_for()
    wait_idle(page)


def fill_text_area(page: Any, label: str, text: str) -> None:
    """Type into the text area labelled ``label`` and commit it (Streamlit applies on Ctrl+Enter)."""
    area = widget(page, "stTextArea", label).locator("textarea")
    area.fill(text)
    area.press("Control+Enter")
    wait_idle(page)


def click_button(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    wait_idle(page)


def ask(page: Any, question: str) -> None:
    """Send ``question`` through the chat input at the foot of the page."""
    box = page.locator('[data-testid="stChatInput"] textarea')
    box.fill(question)
    box.press("Enter")
    wait_idle(page)


# --- the paths a user takes (the tests check them; ui/screenshots.py pictures them) ----------


def draft_from_example(page: Any, example: str | Path, lang: str = "zh-TW") -> None:
    """On the Draft page: an example's metrics (picked by name, or a file uploaded), the
    score seen, the draft generated."""
    if isinstance(example, Path):
        upload(page, t("ui.metrics.upload", lang), example)
    else:
        radio(page, t("ui.metrics.source", lang), t("ui.metrics.example_choice", lang))
        choose(page, t("ui.metrics.example", lang), example)
    page.locator('[data-testid="stDataFrame"] [data-testid="data-grid-canvas"]').wait_for()
    click_button(page, t("ui.draft.generate", lang))
    page.locator('[data-testid="stForm"] [data-testid="stTextArea"]').first.wait_for()
    wait_idle(page)


def review_narrative(
    page: Any, narrative: str, *, example: str | None = None, metrics: Path | None = None,
    lang: str = "zh-TW",
) -> None:  # fmt: skip
    """On the Review page: metrics (an example, or a file uploaded), the narrative pasted, run."""
    if metrics is not None:
        upload(page, t("ui.metrics.upload", lang), metrics)
    else:
        assert example is not None, "an example or a metrics file"
        radio(page, t("ui.metrics.source", lang), t("ui.metrics.example_choice", lang))
        choose(page, t("ui.metrics.example", lang), example)
    fill_text_area(page, t("ui.review.narrative_text", lang), narrative)
    click_button(page, t("ui.review.run", lang))
    page.locator(".kaoping-narrative").wait_for()
    wait_idle(page)


def wait_drawn(page: Any) -> None:
    """Data frames (glide data grid on a canvas) and charts (vega SVG) drawn, images loaded."""
    from playwright.sync_api import expect

    for frame in page.locator('[data-testid="stDataFrame"]').all():
        if frame.is_visible():  # one in a closed expander is drawn when it opens
            frame.locator('[data-testid="data-grid-canvas"]').wait_for()
    for chart in page.locator('[data-testid="stVegaLiteChart"]').all():
        if chart.is_visible():
            expect(chart.locator("svg.marks, canvas.marks").first).to_be_visible()
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete)", timeout=STEP_TIMEOUT_MS
    )
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate(  # two frames: the grid and the charts paint after layout
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
    )


def content_height(page: Any) -> int:
    """The height of the page's content (Streamlit scrolls inside its main area, not the body)."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const block = document.querySelector('[data-testid="stMainBlockContainer"]');
            const sizes = [document.documentElement.scrollHeight];
            if (main) sizes.push(main.scrollHeight);
            if (block) sizes.push(block.getBoundingClientRect().height);
            return Math.ceil(Math.max(...sizes));
        }"""
    )
    return int(height)


def screenshot(page: Any, path: Path, *, full: bool = True, max_height: int | None = None) -> Path:
    """A PNG of the page: the whole content (``full``; the viewport grows to fit it, up to
    ``max_height``) or just the viewport. Written atomically (a parallel run may read it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size or VIEWPORT
    page.mouse.move(before["width"] - 4, 4)  # off the sidebar and the tables (no hover toolbars)
    wait_drawn(page)
    grown = False
    if full:
        height = max(before["height"], content_height(page))
        if max_height is not None:
            height = min(height, max_height)
        if height != before["height"]:
            page.set_viewport_size({"width": before["width"], "height": height})
            grown = True
            wait_idle(page)
            wait_drawn(page)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.tmp.png")
    try:
        page.screenshot(path=str(partial), animations="disabled", caret="hide")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        if grown:
            page.set_viewport_size(before)
    return path
