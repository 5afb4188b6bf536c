"""How the drafter writes numbers, periods and ordinals in zh-TW and English.

zh-TW reports write 2,717件, 123萬4,567人次 and 1億2,000萬元; years are western
(2023年) or ROC (112年) as the officer asks. Every form written here reads back
to the exact value through :mod:`assistant.claims`, so the review checker can
verify a draft's numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.model.numbers import format_decimal

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)
_CN_DIGITS = "零一二三四五六七八九"
_SCALED_UNIT = re.compile(r"^[萬億兆千百]")


def grouped(value: Decimal) -> str:
    """千分位 commas, decimals as stored: 2717 -> 2,717; 1234.50 -> 1,234.50."""
    text = format_decimal(value)
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def chinese_scaled(value: Decimal) -> str | None:
    """Whole numbers of a million or more with 萬/億: 1234567 -> 123萬4,567; else None."""
    if value != value.to_integral_value() or abs(value) < 1_000_000:
        return None
    sign = "-" if value < 0 else ""
    whole = int(abs(value))
    yi, rest = divmod(whole, int(_YI))
    wan, ones = divmod(rest, int(_WAN))
    parts = [f"{yi:,}億" if yi else "", f"{wan:,}萬" if wan else "", f"{ones:,}" if ones else ""]
    return sign + "".join(parts)


def number(value: Decimal, lang: str) -> str:
    if lang == "zh-TW":
        return chinese_scaled(value) or grouped(value)
    return grouped(value)


def with_unit(value: Decimal, unit: str, lang: str) -> str:
    """A value in the agency's unit: 92.3%, 2,717件, 1億2,000萬元, 3.5億元 (no double scaling)."""
    unit = unit.strip()
    # 3.5 億元 stays 3.5億元, never 3.5萬億元
    text = grouped(value) if _SCALED_UNIT.match(unit) else number(value, lang)
    if not unit or unit in ("%", "‰"):
        return f"{text}{unit}"
    return f"{text}{unit}" if lang == "zh-TW" else f"{text} {unit}"


def difference(value: Decimal, unit: str, lang: str) -> str:
    """A change: percentage points for a percentage, the unit otherwise."""
    if unit.strip() == "%":
        return (
            f"{grouped(value)}個百分點"
            if lang == "zh-TW"
            else f"{grouped(value)} percentage points"
        )
    return with_unit(value, unit, lang)


def year_of(label: str) -> int | None:
    match = re.match(r"\s*(\d{3,4})", label)
    if not match:
        return None
    year = int(match.group(1))
    return year + 1911 if year < 1911 else year


def _year_text(label: str, lang: str, roc: bool, suffix: str) -> str:
    year = year_of(label)
    if year is None or not re.fullmatch(r"\s*\d{3,4}\s*", label):
        return label  # 2023H1 and other labels stay as written
    if lang != "zh-TW":
        return str(year)
    return f"{year - 1911 if roc else year}{suffix}"


def year_label(label: str, lang: str, *, roc: bool) -> str:
    """A history period as a year: 2022 -> 2022年 or 111年 (zh-TW), 2022 (en)."""
    return _year_text(label, lang, roc, "年")


def period_label(period: str, lang: str, *, roc: bool) -> str:
    """The report's period: 2023 -> 2023年度 or 112年度 (zh-TW), 2023 (en); labels as written."""
    return _year_text(period, lang, roc, "年度")


def chinese_ordinal(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (section numbering of zh-TW reports)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"
