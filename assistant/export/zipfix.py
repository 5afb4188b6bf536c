"""Make office zip containers reproducible: the same document gives the same bytes.

python-docx and odfpy stamp every zip entry with the current time, so two renders
of one draft differ; archived reports and tests need them equal. Entry order and
compression are kept as written, which keeps ODF's ``mimetype`` first and stored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
_UNIX = 3
_MODE = 0o644 << 16


def normalize_zip(data: bytes, rewrite: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps, permissions and host, same entries in the same order.

    ``rewrite(name, content)`` may return a normalised content for an entry.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_DATE_TIME)
            fixed.compress_type = entry.compress_type
            fixed.create_system = _UNIX
            fixed.external_attr = _MODE
            content = src.read(entry)
            dst.writestr(fixed, rewrite(entry.filename, content) if rewrite else content)
    return out.getvalue()
