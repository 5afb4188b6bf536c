"""The README's pictures of the review UI: ``make screenshots`` (``python ui/screenshots.py``).

Starts ``kaoping ui --local`` on a free loopback port over a throwaway home, as the browser
tests do (tests/support/browser.py), and with Playwright and Debian's chromium (``apt-get
install chromium fonts-noto-cjk``; no browser is downloaded) writes:

- docs/screenshots/draft.png: the Draft page after a draft of examples/city-government.yaml
  was generated (the score, the table with lights and trends, the chart, the sections);
- docs/screenshots/review.png: the Review page after that example's narrative was reviewed,
  the flagged sentences highlighted beside the review's notes.

Both are 1400 px wide and as tall as the page. Needs the test extras (``pip install -e
'.[test]'``, which ``make`` does) and is run from anywhere inside the repository.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = "city-government.yaml"
NARRATIVE = ROOT / "examples" / "city-government-narrative.md"


def _importable() -> None:
    """Run as ``python ui/screenshots.py``: the repository root, not ui/, on the path."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def take(out: Path, home: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.support import browser as b

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with b.running_ui(home, home / "ui.log") as server, sync_playwright() as playwright:
        chromium = b.launch(playwright)
        try:
            page = b.new_page(chromium)
            try:
                b.open_app(page, server)
                b.draft_from_example(page, EXAMPLE)
                written.append(b.screenshot(page, out / "draft.png"))
                b.go_to(page, "review")
                b.review_narrative(page, NARRATIVE.read_text(encoding="utf-8"), example=EXAMPLE)
                page.locator(".kaoping-narrative mark").first.wait_for()
                written.append(b.screenshot(page, out / "review.png"))
            except Exception as error:
                raise RuntimeError(f"{error}\n--- kaoping ui log ---\n{server.log()}") from error
        finally:
            chromium.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots",
                        help="where the PNGs go (default: docs/screenshots)")  # fmt: skip
    args = parser.parse_args(argv)
    _importable()
    with tempfile.TemporaryDirectory(prefix="kaoping-screenshots-") as home:
        for path in take(args.out.resolve(), Path(home)):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
