"""Numbers stated in a narrative: value, unit, scale, stated precision and qualifier.

Finds 92.3%、百分之八十五、九成二、逾九成、近 95%、1.2 億元、1 億 2,000 萬元、
3 萬 5 千人次、NT$1.2 billion and full-width digits, and leaves out numbers that
are not claims: years (112 年, 2023 年), dates, ordinals (第 3 季, 第 5 條),
document and page references, list markers and counts of meetings.

The stated precision is what makes a correctly rounded statement of the true
value acceptable: 九成二 states 92 to the nearest point, 92.3% to the nearest
tenth, 1 億 2,000 萬 to the nearest 1,000 萬 (two significant figures kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from assistant.model.numbers import NumberFormatError, parse_decimal

Qualifier = Literal["exact", "lower", "upper", "near", "approx"]

_CN = "零〇一二兩三四五六七八九十百千萬億兆"
_CN_MULT = set("十百千萬億兆")
_CN_DIGITS_SET = set("零〇一二兩三四五六七八九十")
_NUMBER_RUN = re.compile(
    rf"百分之[{_CN}點\d.]+"
    rf"|(?:(?<![\w.])-(?=\d))?(?:\d[\d,]*(?:\.\d+)?|[{_CN}])(?:\s?(?:\d[\d,]*(?:\.\d+)?|[{_CN}點成]))*"
)
_SCALE_AFTER = {"萬": Decimal(10**4), "億": Decimal(10**8), "千": Decimal(10**3), "百": Decimal(100),
                "十": Decimal(10), "兆": Decimal(10**12)}  # fmt: skip
_EN_SCALE = re.compile(r"\s*(billion|million|thousand)\b", re.I)
_EN_SCALES = {"billion": Decimal(10**9), "million": Decimal(10**6), "thousand": Decimal(10**3)}

# Units officers write after a number, longest first (more come from the metrics file).
BASE_UNITS = (
    "個百分點", "百分點", "percentage points", "percent", "%", "億元", "萬元", "千元", "百萬元", "元",
    "萬人次", "人次", "萬人", "人", "件數", "件", "案", "天", "日", "小時", "週", "戶", "篇", "場", "次",
    "處", "家", "所", "輛", "公里", "公頃", "萬公噸", "公噸", "噸", "床", "座", "項", "個", "名", "分",
    "倍", "場次", "梯次", "班次", "冊", "本", "部", "套", "台", "臺", "架", "艘", "棟", "間", "校", "班",
    "堂", "門", "則", "份", "張", "株", "公尺", "公斤", "頁數", "例", "團", "隊", "家次", "件次", "人日", "人時",
    "分鐘", "秒", "位", "員", "筆", "宗", "條", "棵", "區", "里", "組", "處所", "隻", "頭", "尾", "匹", "枚",
    "顆", "艘次", "架次", "班次", "車次", "航次", "張數", "平方公尺", "平方公里", "立方公尺", "公分", "盞", "cubic metres", "cubic meters", "m³", "cases", "case", "days", "day", "people",
    "persons", "visits", "households", "points",
)  # fmt: skip

_PREFIX_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("未超過", "upper"), ("未達", "upper"), ("未滿", "upper"), ("不到", "upper"), ("低於", "upper"),
    ("少於", "upper"), ("不足", "upper"), ("未及", "upper"), ("less than", "upper"),
    ("fewer than", "upper"), ("under", "upper"), ("below", "upper"),
    ("超過", "lower"), ("超越", "lower"), ("高於", "lower"), ("多於", "lower"), ("突破", "lower"),
    ("至少", "lower"), ("逾", "lower"), ("破", "lower"), ("more than", "lower"), ("over", "lower"),
    ("above", "lower"), ("exceeding", "lower"), ("at least", "lower"),
    ("將近", "near"), ("接近", "near"), ("逼近", "near"), ("幾近", "near"), ("近", "near"),
    ("nearly", "near"), ("almost", "near"), ("close to", "near"),
    ("大約", "approx"), ("約略", "approx"), ("大概", "approx"), ("約", "approx"), ("about", "approx"),
    ("around", "approx"), ("approximately", "approx"), ("roughly", "approx"),
)  # fmt: skip
_SUFFIX_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("以上", "lower"), ("以下", "upper"), ("左右", "approx"), ("上下", "approx"), ("餘", "lower"),
    ("多", "lower"), ("or more", "lower"), ("or less", "upper"),
)  # fmt: skip
_REFERENCE_BEFORE = (
    "第", "表", "圖", "附件", "附表", "頁", "p.", "page", "No.", "no.", "編號", "字第", "Article", "article",
    "Section", "section", "Paragraph", "paragraph", "Chapter", "chapter", "Clause", "clause", "Item", "item",
    "Table", "table", "Figure", "figure", "Annex", "annex", "ROC year", "year",
)  # fmt: skip
_MEETING_AFTER = re.compile(
    r"^\s*(次|場)[^，,。；;]{0,8}?(會議|座談|研商|協調會|工作會|審查會|委員會)"
)
_EN_NOUN_UNIT = re.compile(r"\s+([a-z][a-z\-]+(?:\s+[a-z][a-z\-]+)?)", re.I)
_EN_NOT_UNITS = {"in", "of", "and", "or", "to", "from", "the", "a", "an", "by", "at", "on", "for", "with", "per",
                 "percent", "than", "was", "were", "is", "are", "compared", "against", "which", "that", "this",
                 "during", "over", "under", "above", "below", "year", "years", "target", "targets", "goal", "goals"}  # fmt: skip
_MEETING_BEFORE = ("召開", "舉行", "開會", "召集")
# units of a share or a difference of shares (a percentage point is one too)
_PERCENT_UNITS = ("%", "個百分點", "百分點", "percent", "percentage points")
_POINT_UNITS = ("個百分點", "百分點", "percentage points")
_SHARE_AFTER = re.compile(
    "^(" + "|".join(map(re.escape, _PERCENT_UNITS)) + r"|％|points?\b)", re.I
)  # "percent" is the start of "percentage point" too


@dataclass(frozen=True)
class Quantity:
    """One number stated in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    value: Decimal  # in base units: 1.2 億元 -> 120000000 (元)
    precision: Decimal  # in the same base units
    unit: str  # as written after the scale: "%", "元", "人次", "" when none
    percent: bool
    points: bool  # 百分點: a difference of percentages
    qualifier: Qualifier
    text: str
    scaled: bool = False  # written with a scale word (萬, 億, million): the value is in base units
    noun_unit: bool = False  # an English noun after the number ("job seekers"), not a known unit


def _strip_run(run: str) -> str:
    return run.rstrip(",. ")


def _decimals(text: str) -> int:
    match = re.search(r"[.點](\S+)$", text)
    return len(match.group(1)) if match else 0


def _precision(run: str, value: Decimal, percent: bool, en_scale: Decimal) -> Decimal:
    compact = run.replace(" ", "").replace(",", "")
    if "成" in compact:
        return Decimal(10) if compact.endswith("成") else Decimal(1)
    decimal_part = re.search(r"(\d+)[.點](\d+)([萬億千百十兆]?)", compact)
    if decimal_part:
        scale = _SCALE_AFTER.get(decimal_part.group(3), Decimal(1)) * en_scale
        return Decimal(1).scaleb(-len(decimal_part.group(2))) * scale
    cn_fraction = re.search(r"點([" + _CN + r"]+)$", compact)
    if cn_fraction:
        return Decimal(1).scaleb(-len(cn_fraction.group(1)))
    if percent:
        return Decimal(1)
    scaled = re.search(r"(\d+)([十百千萬億兆])$", compact)
    if scaled:
        # 2千 states thousands and 19萬 ten-thousands; 800萬 keeps two significant figures (to 10萬);
        # in 1億2,000萬 the zeros of the last group are padding (to 1,000萬)
        part = scaled.group(1)
        trailing = len(part) - len(part.rstrip("0"))
        compound = sum(ch in "十百千萬億兆" for ch in compact) > 1
        keep = trailing if compound else min(trailing, max(0, len(part) - 2))
        return _SCALE_AFTER[scaled.group(2)] * Decimal(10) ** keep
    digits = str(abs(int(value))) if value == value.to_integral_value() else ""
    if not digits or digits == "0":
        return Decimal(1)
    trailing = len(digits) - len(digits.rstrip("0"))
    return Decimal(10) ** min(trailing, max(0, len(digits) - 2))


def _qualifier(before: str, after: str) -> Qualifier:
    head = before.rstrip().lower()
    for word, kind in _PREFIX_QUALIFIERS:
        if head.endswith(word):
            if word in ("近",) and head.endswith(("最近", "附近")):
                continue
            return kind
    tail = after.lstrip().lower()
    for word, kind in _SUFFIX_QUALIFIERS:
        if tail.startswith(word):
            return kind
    return "exact"


_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


def _is_reference(before: str, after: str, value: Decimal, run: str) -> bool:
    head = before.rstrip()
    tail = after.lstrip()
    integer = value == value.to_integral_value()
    if re.match(rf"^{_MONTHS}\b", tail, re.I) or re.search(rf"\b{_MONTHS}\s*$", head, re.I):
        return True  # 15 March, March 15
    if integer and re.match(r"^(年度|年)", tail) and (50 <= value <= 200 or 1900 <= value <= 2100):
        return True  # ROC or Western year
    if integer and re.match(r"^月", tail) and 1 <= value <= 12:
        return True
    if integer and re.match(r"^(日|號)", tail) and re.search(r"月\s*$", head):
        return True
    if re.match(r"^[/\-.:]\s?\d", after) or re.search(r"\d\s?[/\-.:]\s?$", before):
        return True  # 2023/05/01, 112-05-01
    if run.count(".") >= 2 or re.match(r"^:\d", after):
        return True  # 112.05.01, 14:30
    if head.endswith(_REFERENCE_BEFORE) or head.lower().endswith(("p.", "page", "no.")):
        return not _SHARE_AFTER.match(tail)  # "ends the year 8 points behind" states a number
    if re.match(r"^(季|條|款|號|屆|章|節|頁)", tail) and head.endswith("第"):
        return True
    if head.endswith(_MEETING_BEFORE) and re.match(r"^(次|場|場次)", tail):
        return True  # 召開 6 次文化資產審議會議
    return bool(_MEETING_AFTER.match(after))


def _pure_chinese_ok(run: str, unit: str, percent: bool, before: str) -> bool:
    compact = run.replace(" ", "")
    if compact.startswith("百分之") or "成" in compact:
        return not compact.startswith(("一成不", "十成"))
    if before.rstrip().endswith("第"):
        return False
    if not any(ch in _CN_DIGITS_SET for ch in compact):
        return False  # 萬人次: a unit with a scale, not a number
    if "點" in compact:
        return bool(unit)  # 零點三一公斤
    return (
        bool(unit)
        and unit not in ("分", "個", "次", "項", "名")
        and any(ch in _CN_MULT for ch in compact)
    )


@lru_cache(maxsize=64)
def _unit_regex(extra_units: tuple[str, ...]) -> re.Pattern[str]:
    units = sorted({*BASE_UNITS, *extra_units}, key=len, reverse=True)
    return re.compile(r"\s?(" + "|".join(re.escape(u) for u in units if u) + r")", re.I)


def find_quantities(sentence: str, extra_units: tuple[str, ...] = ()) -> list[Quantity]:
    """Every number in ``sentence`` (already normalised) that could be a claim."""
    unit_re = _unit_regex(extra_units)
    found: list[Quantity] = []
    # 人/十萬人口 is a unit: the 十萬 inside a known unit is not a number of people
    inside_units = [
        (m.start(), m.end())
        for unit in extra_units
        if re.search(rf"[{_CN}]", unit)
        for m in re.finditer(re.escape(unit), sentence)
    ]
    for match in _NUMBER_RUN.finditer(sentence):
        run = _strip_run(match.group(0))
        if not run or not re.search(rf"[\d{_CN}]", run):
            continue
        start, end = match.start(), match.start() + len(run)
        if any(a < start < b for a, b in inside_units):
            continue
        if start > 0 and (sentence[start - 1].isalpha() and sentence[start - 1].isascii()):
            continue  # part of a code such as CO2 or G1.1
        if (
            start > 1
            and sentence[start - 1] == "-"
            and sentence[start - 2].isascii()
            and sentence[start - 2].isalpha()
        ):
            continue  # COVID-19, ISO-9001
        if re.match(r"[A-Za-z]", sentence[end : end + 1]) and not re.match(
            r"(km|kg|m|g|ha|t|h|hr|hrs|min|s|%)\b", sentence[end : end + 4], re.I
        ):
            continue  # 5G, 4K, 3D: a name, not a quantity
        before = sentence[max(0, start - 12) : start]
        compact = run.replace(" ", "")
        right_after_run = sentence[end : end + 12]
        en_scale = Decimal(1)
        scale_match = _EN_SCALE.match(sentence, end)
        if scale_match and re.search(r"\d", run):
            en_scale = _EN_SCALES[scale_match.group(1).lower()]
            end = scale_match.end()
        unit = ""
        unit_match = unit_re.match(sentence, end)
        if unit_match:
            unit = unit_match.group(1)
            end = unit_match.end()
        bare_year = (
            not unit and "," not in run and re.fullmatch(r"(19|20)\d{2}", compact) is not None
        )
        if (
            not unit
            and re.fullmatch(r"\d+\.0", compact)
            and start > 0
            and "\u4e00" <= sentence[start - 1] <= "\u9fff"
        ):
            continue  # 長照2.0、房屋稅2.0: part of a programme's name
        noun_unit = False
        hyphen_unit = re.match(r"-([a-z]+)\b", sentence[end : end + 16])
        if not unit and hyphen_unit:  # the 12-minute target
            unit = hyphen_unit.group(1).lower()
            end += hyphen_unit.end()
            noun_unit = True
        if not unit and not bare_year and sentence[start:end].isascii():
            noun = _EN_NOUN_UNIT.match(sentence, end)
            if (
                noun
                and noun.group(1).split()[0].lower() not in _EN_NOT_UNITS
                and re.search(r"\d", run)
            ):
                unit = noun.group(1).lower()  # 9,500 job seekers: a count of "job seekers"
                if re.match(
                    r"^(\s+[a-z\-]+){0,4}?\s+(meetings?|sessions?)\b",
                    sentence[noun.start(1) - 1 :],
                    re.I,
                ):
                    continue  # 3 internal committee meetings: a count of meetings
                end = noun.end(1)
                noun_unit = True
        after = sentence[end : end + 12]
        percent = unit.lower() in _PERCENT_UNITS or (
            "成" in compact or compact.startswith("百分之")
        )
        points = unit in _POINT_UNITS
        if not re.search(r"\d", compact) and not _pure_chinese_ok(run, unit, percent, before):
            continue
        if re.match(r"^\s*[.、)）]", sentence[end:]) and not sentence[:start].strip():
            continue  # a list marker at the start of a line: "1." "一、"
        try:
            value = parse_decimal(compact) * en_scale
        except NumberFormatError:
            continue
        if _is_reference(before, right_after_run, value, run):
            continue
        if re.search(r"(\bper|每)\s*$", before, re.I) or re.match(
            r"^\s*\S{0,3}?(以內|內)", sentence[end : end + 6]
        ):
            continue  # per 100,000 population, 每十萬人口; 24小時內: a denominator or a threshold
        if re.match(r"^\s*(項|個)?\s*(關鍵)?\s*(績效)?\s*指標", sentence[end : end + 12]):
            continue  # 訂定4項關鍵績效指標: a count of indicators, not a result
        if re.match(
            r"^\s*(小時|天|日)[\u4e00-\u9fff]{0,4}(機制|服務|專線|制度|營業|值班|開放)",
            right_after_run,
        ):
            continue  # 24小時搶修機制: a description of a service
        if re.match(r"^\s*(至|到|~|～|－|-)\s*\d+\s*年", right_after_run):
            continue  # 110至114年: a span of years
        if re.match(r"^\s*(版|版本|代)", right_after_run) or (
            re.fullmatch(r"\d+\.0", compact)
            and re.match(r"^\s*(計畫|方案|系統|專案|平台|平臺)", right_after_run)
        ):
            continue  # 2.0版、公共自行車2.0系統: a version or a name
        if re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s$", before) and not re.search(
            r"(Nearly|About|Around|Over|Almost|Approximately|Roughly|More than|Less than)\s$",
            before,
        ):
            continue  # Terminal 3, Phase 2: part of a name
        if bare_year and not percent:
            continue  # a bare year: in 2024
        qualifier = _qualifier(before, after)
        if before.rstrip().upper().endswith(("NT$", "$")):
            unit = unit or "元"
        found.append(
            Quantity(
                start=start, end=end, value=value,
                precision=_precision(compact, value, percent, en_scale),
                unit="%" if percent and not points else unit, percent=percent, points=points,
                qualifier=qualifier, text=sentence[start:end],
                noun_unit=noun_unit,
                scaled=en_scale != 1 or any(ch in "萬億兆" for ch in compact) or bool(re.search(r"\d\s?[千百]", compact)),
            )
        )  # fmt: skip
    return found
