"""A spreadsheet saved by real office software loads exactly like the CSV it came from.

openpyxl-written files are kind to us; officers' files come from Excel or
LibreOffice, which store numbers as doubles, drop trailing zeros and type
columns themselves. LibreOffice converts the bundled batch CSV to XLSX here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.model import load_table
from tests.conftest import EXAMPLES


@pytest.mark.system("libreoffice")
def test_libreoffice_xlsx_matches_csv(tmp_path: Path) -> None:
    source = tmp_path / "batch.csv"
    shutil.copy(EXAMPLES / "batch-2023.csv", source)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation={profile}", "--headless",
            "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    xlsx = tmp_path / "batch.xlsx"
    assert xlsx.exists()
    from_csv = load_table(source)
    from_xlsx = load_table(xlsx)
    assert not from_xlsx.failures, [f.error.render("en") for f in from_xlsx.failures]
    assert [a.metrics for a in from_xlsx.agencies] == [a.metrics for a in from_csv.agencies]
    row = from_xlsx.agencies[0].source
    assert row.line_of(("goals", 0, "indicators", 0, "target")) == 2
