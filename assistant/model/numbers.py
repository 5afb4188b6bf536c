"""Exact decimal parsing of numbers as officers write them.

Accepts ``92.3``, ``"1,234.5"``, full-width ``９２．３``, a trailing ``%``,
``萬``/``億`` scales (``1億2,000萬``, ``1.2億``, ``3萬5千``), Chinese numerals
(``一百零五``, ``百分之八十五``, ``九成二``) and never goes through a binary
float: a float input is read from its shortest repr, as the user typed it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "貳": 2, "兩": 2, "两": 2,
    "三": 3, "參": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
# 成 is a tenth: 九成二 = 92 (per cent), the way officers write shares.
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "成": 10}
_CN_BIG = {"萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_CN_CHARS = set(_CN_DIGITS) | set(_CN_SMALL) | set(_CN_BIG) | {"點", "点", "負"}

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\D")


class NumberFormatError(ValueError):
    """The text is not a number Kaoping can read exactly."""


def normalize_text(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and no inner spaces: ``１，２３４ ．５`` -> ``1,234.5``."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00a0\u3000]+", "", text)


def parse_decimal(value: object) -> Decimal:
    """Read ``value`` as an exact :class:`~decimal.Decimal` or raise :class:`NumberFormatError`."""
    if isinstance(value, bool):
        raise NumberFormatError(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberFormatError(str(value))
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberFormatError(repr(value))
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise NumberFormatError(repr(value))
    return _parse_text(value)


def _parse_text(raw: str) -> Decimal:
    text = normalize_text(raw)
    if text.endswith("%"):
        text = text[:-1]
    if text.startswith("百分之"):
        text = text[3:]
    if not text:
        raise NumberFormatError(raw)
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if _PLAIN.match(text):
        try:
            result = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
            raise NumberFormatError(raw) from exc
        if not result.is_finite():
            raise NumberFormatError(raw)
        return result
    if any(ch in _CN_CHARS for ch in text):
        return _parse_chinese(text, raw)
    raise NumberFormatError(raw)


def _parse_chinese(text: str, raw: str) -> Decimal:
    """Chinese numerals, possibly mixed with Arabic digits and grouped thousands."""
    sign = 1
    if text[0] in "負-":
        sign, text = -1, text[1:]
    elif text[0] == "+":
        text = text[1:]
    fraction = ""
    for point in ("點", "点"):
        if point in text:
            text, fraction = text.split(point, 1)
            break
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    last_was_cn_digit = False
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            if current is not None:
                raise NumberFormatError(raw)
            current = Decimal(token.replace(",", ""))
            last_was_cn_digit = False
        elif token in _CN_DIGITS:
            digit = Decimal(_CN_DIGITS[token])
            # 二〇二三: a run of bare Chinese digits reads positionally.
            current = current * 10 + digit if (last_was_cn_digit and current is not None) else digit
            last_was_cn_digit = True
        elif token in _CN_SMALL:
            section += (current if current is not None else Decimal(1)) * _CN_SMALL[token]
            current = None
            last_was_cn_digit = False
        elif token in _CN_BIG:
            if current is None and section == 0:
                unit_value = Decimal(1)  # 萬人 / 億元 with no digits: one of them
            else:
                unit_value = section + (current if current is not None else Decimal(0))  # 0萬 is 0
            total += unit_value * _CN_BIG[token]
            section = Decimal(0)
            current = None
            last_was_cn_digit = False
        else:
            raise NumberFormatError(raw)
    total += section + (current if current is not None else Decimal(0))
    if fraction:
        digits = "".join(str(_CN_DIGITS[ch]) if ch in _CN_DIGITS else ch for ch in fraction)
        if not digits.isdigit():
            raise NumberFormatError(raw)
        total += Decimal("0." + digits)
    return total * sign


def format_decimal(value: Decimal) -> str:
    """Plain decimal text, never exponent notation and never ``-0``."""
    if value == 0:
        value = abs(value)
    text = format(value, "f")
    return text
