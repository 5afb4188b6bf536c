"""Office round-trips for building eval documents: Markdown -> DOCX (python-docx) -> PDF (LibreOffice).

PDF needs Debian's libreoffice-writer-nogui and fonts-noto-cjk; built files are committed, so
running an eval needs neither.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx


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
