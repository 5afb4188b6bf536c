"""Units: scale prefixes (千/萬/百萬/億), synonyms, and converting a stated number to an indicator's unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.claims.quantities import Quantity

_PERCENT = {"%", "％", "百分比", "percent", "pct", "百分率"}
_PREFIXES = (
    ("百萬", 10**6), ("千萬", 10**7), ("萬", 10**4), ("億", 10**8), ("千", 10**3),
    ("billion ", 10**9), ("million ", 10**6), ("thousand ", 10**3),
)  # fmt: skip
_SYNONYMS = {
    "天": "日", "days": "日", "day": "日", "件數": "件", "案": "件", "案件": "件", "cases": "件",
    "case": "件", "people": "人", "persons": "人", "人數": "人", "visits": "人次", "households": "戶",
    "噸": "公噸", "cubic metres": "m³", "cubic meters": "m³", "立方公尺": "m³", "m3": "m³", "ntd": "元", "nt$": "元", "新臺幣元": "元", "points": "分", "場次": "場", "名": "人", "位": "人", "例": "人", "梯次": "梯", "件次": "件",
}  # fmt: skip


# Larger units read in a smaller base, so that 12,800 公尺 compares with 12.5 公里.
_EQUIVALENT = {
    "公里": (Decimal(1000), "公尺"), "km": (Decimal(1000), "公尺"), "m": (Decimal(1), "公尺"),
    "公噸": (Decimal(1000), "公斤"), "噸": (Decimal(1000), "公斤"), "kg": (Decimal(1), "公斤"),
    "小時": (Decimal(60), "分鐘"), "hours": (Decimal(60), "分鐘"), "hour": (Decimal(60), "分鐘"),
    "minutes": (Decimal(1), "分鐘"), "minute": (Decimal(1), "分鐘"), "分": (Decimal(1), "分鐘"),
    "公頃": (Decimal(10000), "平方公尺"), "hectares": (Decimal(10000), "平方公尺"),
}  # fmt: skip


@dataclass(frozen=True)
class Unit:
    scale: Decimal
    base: str
    percent: bool


def parse_unit(text: str) -> Unit:
    """``億元`` -> (1e8, 元); ``萬公噸CO2e`` -> (1e4, 公噸co2e); ``%`` -> percent."""
    raw = text.strip().lower()
    if raw in _PERCENT:
        return Unit(Decimal(1), "%", True)
    scale = Decimal(1)
    currency = re.match(r"^(nt\$|us\$|\$|新臺幣|新台幣)\s*", raw)
    if currency:  # NT$100 million: money, counted in units of 100 million
        raw = raw[currency.end() :]
        words = raw.split()
        for word in list(words):
            if re.fullmatch(r"\d+(?:[.,]\d+)*", word):
                scale *= Decimal(word.replace(",", ""))
            elif word in ("thousand", "million", "billion"):
                scale *= {"thousand": 1000, "million": 10**6, "billion": 10**9}[word]
            else:
                break
            words.remove(word)
        return Unit(scale, _SYNONYMS.get(" ".join(words), " ".join(words)) or "元", False)
    numeric = re.match(r"^(\d+(?:[.,]\d+)*)\s*([km]?)\s+(\S.*)$", raw)
    if numeric:  # 10k TEU, 1,000 人
        factor = {"": 1, "k": 1000, "m": 10**6}[numeric.group(2)]
        scale = Decimal(numeric.group(1).replace(",", "")) * factor
        raw = numeric.group(3)
    for prefix, factor in _PREFIXES:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            scale, raw = Decimal(factor), raw[len(prefix) :]
            break
    if re.match(
        r"^(每|per\b)", raw.strip()
    ):  # 每十萬人口: a rate of people (or cases) in a population
        return Unit(scale, "人" if re.search(r"人口|population", raw) else "", False)
    raw = re.split(r"\s*(?:/|每|per\b)", raw.strip())[0].strip() or raw.strip()  # 萬噸/日 -> 噸
    base = _SYNONYMS.get(raw, raw)
    for key in sorted(
        _EQUIVALENT, key=len, reverse=True
    ):  # 12.5 公里 = 12,500 公尺; 1 小時 = 60 分鐘
        rest = base[len(key) :]
        if (
            base.startswith(key)
            and rest.strip().isascii()
            and not (key.isascii() and rest[:1].isalpha())
        ):
            multiplier, smaller = _EQUIVALENT[key]
            scale *= multiplier
            base = smaller + rest  # 公噸CO2e -> 公斤CO2e
            break
    return Unit(scale, base, False)


def base_unit_text(text: str) -> str:
    """The unit without its scale, as written (``million TEU`` -> ``TEU``), for finding it in text."""
    raw = re.sub(r"^\d+(?:[.,]\d+)*\s*[km]?\s+", "", text.strip(), flags=re.I)  # 10k TEU -> TEU
    for prefix, _ in _PREFIXES:
        if raw.lower().startswith(prefix) and len(raw) > len(prefix):
            return raw[len(prefix) :].strip()
    return raw


def _compatible(claim: Unit, indicator: Unit) -> bool:
    if claim.percent or indicator.percent:
        return claim.percent == indicator.percent
    if not claim.base or not indicator.base:
        return True
    claim_base, indicator_base = (u.split("/")[0].strip() for u in (claim.base, indicator.base))
    if claim_base == indicator_base:
        return True
    # 公噸 fits 公噸CO2e (a qualifier in Latin letters), but 人 does not fit 人次
    short, long = sorted((claim_base, indicator_base), key=len)
    return bool(short) and long.startswith(short) and long[len(short) :].strip().isascii()


def in_indicator_unit(quantity: Quantity, indicator_unit: str) -> tuple[Decimal, Decimal] | None:
    """(value, precision) of a stated number in the indicator's unit, or None if the units differ.

    A number written without a unit is read in the indicator's own unit.
    """
    target = parse_unit(indicator_unit)
    if quantity.points:
        return None
    if quantity.noun_unit:
        # "12,000 residents" for an indicator counted in persons: words cannot be compared,
        # so the number is read in the indicator's unit (the caller only allows named indicators)
        nouns = set(quantity.unit.split())
        if target.base and any(n.rstrip("s") == target.base.rstrip("s") for n in nouns):
            return quantity.value / target.scale, quantity.precision / target.scale
        return quantity.value, quantity.precision
    if not quantity.unit:
        if quantity.scaled:  # 4 million with the unit left out: base units of the indicator's unit
            return quantity.value / target.scale, quantity.precision / target.scale
        return quantity.value, quantity.precision
    claim = parse_unit(quantity.unit)
    if not _compatible(claim, target):
        return None
    factor = claim.scale / target.scale
    return quantity.value * factor, quantity.precision * factor


def unit_compatible(quantity: Quantity, indicator_unit: str) -> bool:
    return quantity.points or in_indicator_unit(quantity, indicator_unit) is not None
