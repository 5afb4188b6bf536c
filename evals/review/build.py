"""Build the DOCX and PDF narratives of the review eval from each case's narrative.md.

Usage: .venv/bin/python evals/review/build.py

DOCX: python-docx (Markdown headings become headings, Markdown tables real tables).
PDF: the DOCX saved as PDF by LibreOffice (needs Debian's libreoffice-writer-nogui and
fonts-noto-cjk), the way agencies publish their reports. The built files are committed,
so running the eval needs neither.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import yaml

CASES = Path(__file__).resolve().parent / "cases"


def markdown_to_docx(markdown: str, target: Path) -> None:
    document = docx.Document()
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                cells = [c.strip() for c in lines[index].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                    rows.append(cells)
                index += 1
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif line.strip():
            document.add_paragraph(line.strip())
        index += 1
    document.save(target)


def docx_to_pdf(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        shutil.move(Path(tmp) / (source.stem + ".pdf"), target)


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
