"""Render the eval guideline (corpus/guideline.md) to a PDF, the way agencies publish.

Usage: .venv/bin/python evals/retrieval/build.py   (needs LibreOffice and fonts-noto-cjk;
the PDF is committed, so running the eval needs neither)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from office import docx_to_pdf, markdown_to_docx  # noqa: E402


def main() -> None:
    source = HERE / "corpus" / "guideline.md"
    docx_path = HERE / "corpus" / "guideline.docx"
    markdown_to_docx(source.read_text(encoding="utf-8"), docx_path)
    docx_to_pdf(docx_path, HERE / "corpus" / "guideline.pdf")
    docx_path.unlink()
    print("built corpus/guideline.pdf")


if __name__ == "__main__":
    main()
