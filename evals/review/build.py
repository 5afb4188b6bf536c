"""Build the DOCX and PDF narratives of the review eval from each case's narrative.md.

Usage: .venv/bin/python evals/review/build.py

DOCX: python-docx (Markdown headings become headings, Markdown tables real tables).
PDF: the DOCX saved as PDF by LibreOffice (needs Debian's libreoffice-writer-nogui and
fonts-noto-cjk), the way agencies publish their reports. The built files are committed,
so running the eval needs neither.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from office import docx_to_pdf, markdown_to_docx

CASES = Path(__file__).resolve().parent / "cases"


def main() -> None:
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        fmt = spec.get("format", "md")
        if fmt not in ("docx", "pdf"):
            continue
        markdown = (case / "narrative.md").read_text(encoding="utf-8")
        docx_path = case / "narrative.docx"
        markdown_to_docx(markdown, docx_path)
        if fmt == "pdf":
            docx_to_pdf(docx_path, case / "narrative.pdf")
            docx_path.unlink()
        print(f"built {case.name}: {fmt}")


if __name__ == "__main__":
    main()
