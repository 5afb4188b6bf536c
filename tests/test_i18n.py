"""Both catalogs are complete, and every message id the code uses exists."""

from __future__ import annotations

import re
import string

from assistant.i18n import catalog, localized, normalize_lang, t, use_lang
from tests.conftest import ROOT


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogs_have_the_same_keys_and_placeholders():
    zh, en = catalog("zh-TW"), catalog("en")
    assert set(zh) == set(en)
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key


def test_every_message_id_in_code_is_in_the_catalog():
    keys = set(catalog("en"))
    pattern = re.compile(r"""["']((?:err|note|cli|col|txt|where|error)\.[a-z0-9_.\-]+)["']""")
    used: set[str] = set()
    for path in (ROOT / "assistant").rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    used = {u for u in used if not u.endswith(".")}
    missing = sorted(u for u in used if u not in keys and not u.startswith("txt.rule."))
    assert not missing
    assert {"txt.rule.largest-remainder", "txt.rule.small-group-absolute"} <= keys


def test_default_is_zh_tw_and_english_on_request():
    assert normalize_lang(None) == "zh-TW"
    assert normalize_lang("en-US") == "en" and normalize_lang("zh_tw") == "zh-TW"
    assert t("err.empty_file") == "檔案是空的"
    with use_lang("en"):
        assert t("err.empty_file") == "the file is empty"
    assert localized({"zh-TW": "綠燈", "en": "green"}, "en") == "green"
