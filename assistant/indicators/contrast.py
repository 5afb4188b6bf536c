"""Signs, in their own words, that two alike indicators count different things.

Embeddings and n-grams cannot tell 高鐵列車準點率 from 臺鐵列車準點率, or 補助申請件數 from
補助核准件數: the texts are nearly the same and so are their vectors. What tells them apart is
*where* they differ. Each reading below is a general rule over the words, not a list of pairs:

- ``swapped``: the definitions are one template with what is counted exchanged (高鐵 ↔ 臺鐵,
  西醫師 ↔ 護理師及護士), and the exchanged words are the ones the names carry;
- ``more``: one definition adds a component the other lacks (＋ 焚化底渣再利用量; 及先驅化學品);
- ``narrower``: one name is the other's with a qualifier inserted that the other indicator
  never mentions (原住民族地區結核病發生率 / 結核病發生率; 規律運動 / 運動): a part of the whole;
- ``excluded``: one definition leaves out what the other counts (不含醫療器材 / 醫療器材不良事件);
- ``stage``: a name sits at a step of a process the other indicator never mentions (申請 / 核准,
  發生 / 破獲, 受傷 / 死亡);
- ``numbers``: the names state different ages, periods or sizes (24小時 / 30日 死亡人數,
  18至21歲 / 2至5歲 在學率);
- ``grades``: the names count different grades (甲等以上 / 丙等 比率);
- ``basis``: two percentages, one of money and one of things counted (採購金額 / 採購件數);
- ``types``: the officers' own types are far apart (an outcome and a process measure);
- ``directions``: the same kind of count, amount or time, one wanted higher and one lower;
- ``units``: different things are counted (人次 and 人, 次 and 分鐘), or a rate per population
  stands against a raw count.

Complements are not contrasts (準點 / 誤點, 未 / 已, 大於 / 小於或等於): a rate and its
complement are duplicates, and correlation treats them so too.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.indicators.catalog import TYPE_RANK, CatalogIndicator
from assistant.indicators.text import HOURS, STAGES, normalize_text
from retrieval.tokenize import words

# a template whose words agree at least this much (difflib ratio over jieba words)
TEMPLATE_RATIO = 0.6

_CN_DIGIT = dict(zip("一二兩三四五六七八九", "1223456789", strict=True))
_CN_COUNT = re.compile(
    r"(?<![一二兩三四五六七八九十])([一二兩三四五六七八九])(?=個?月|日|天|年|歲|小時|週|個?工作[日天])"
)
# words that turn a measure into its complement, not into another measure
_COMPLEMENT = re.compile(r"未|不|非|逾|低於|高於|大於|小於|以上|以下|誤點|準點")
_SCALE = re.compile(r"[\d,.十百千萬]+")
_FILLER_CHARS = set("的之與及或和並等其於以對中內者各所占÷×*/+-−－=（）()、，,。；;：:%％「」 ")
_FILLER_WORDS = {"數", "人數", "件數", "率", "比率", "量", "合計", "總數"}
# a component added to a sum or a list: ＋ X, 及 X, 含 X
_ADDED = re.compile(r"及|與|和|＋|\+|含|加計")

# steps of the processes indicators count; words in one group name the same step (or its
# complement: 合格 / 不合格), words in different groups name different steps
_STAGE_RES = tuple(re.compile(group) for group in STAGES)
# what any count of events counts: 火災發生件數 and 火警案件數 count the same fires
_OCCURRING = next(n for n, group in enumerate(STAGES) if group.startswith("發生"))

_COUNT_NOUNS = (
    ("person_time", "人次"), ("case", "件|案|宗"), ("person", "人|名"), ("vessel", "艘"),
    ("times", "次"), ("weight", "噸|公斤"), ("length", "公里|公尺|浬|海里"), ("area", "公頃|平方"),
    ("household", "戶"), ("item", "座|處|部|面|所|家"),
)  # fmt: skip
_UNIT_KINDS = (
    ("percent", re.compile(r"%|百分比|percent")),
    ("concentration", re.compile(r"μg|微克|ppm|濃度|m3|m³")),
    ("money", re.compile(r"元|圓|won|ntd|\$")),
    ("time", re.compile(r"天|日|小時|分鐘|秒|週|周|星期|月|年|hour|day|week|minute|second")),
    ("score", re.compile(r"^分$|分數|points?|score")),
)
# a name that speaks of time: its unit 分 is minutes
_TIMED = re.compile(r"時間|時數|耗時|分鐘|等候|候線|歷時|時效")
# a survey's answers: its share of 滿意 and its mean score on the scale are one measure
_SURVEY = re.compile(r"滿意|量表|問卷|民調|調查")
_PER_POPULATION = re.compile(r"[千萬]人|人口|‰")  # after the slash: 人/萬人, 件/十萬人口
_POPULATION = re.compile(r"人口|‰")  # anywhere in a unit (a bare 萬人 is a count, not a rate)
# 每萬人口 (folded to 每人口), 每十萬保險對象, 每千名學生: a name stating a rate per population
_PER_SCALE = re.compile(r"每人口|每\s*[十百千萬]+\s*(?:名|位)?")


Words = tuple[str, ...]
Opcode = tuple[str, Words, Words]  # difflib's op, and the words of each side it spans


@dataclass(frozen=True)
class Contrast:
    """Why two alike indicators are not one: the kind, and the words on each side."""

    kind: str  # swapped | more | narrower | stage | numbers | grades | basis | types | units …
    a: str
    b: str


@lru_cache(maxsize=16384)
def _words(text: str) -> Words:
    """jieba's words, once per text however many pairs it is part of."""
    return tuple(words(text))


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """``normalize_text`` with 三個月 read as 3個月, so a definition's numbers compare."""
    text = normalize_text(text)
    return _CN_COUNT.sub(lambda m: _CN_DIGIT[m.group(1)], text)


def _content(text: str) -> str:
    return "".join(c for c in _SCALE.sub("", text) if c not in _FILLER_CHARS)


def _content_words(ws: Sequence[str]) -> list[str]:
    return [w for w in ws if w not in _FILLER_WORDS and _content(w)]


def _pieces(text: str) -> set[str]:
    core = _content(text)
    return {core[i : i + 2] for i in range(len(core) - 1)} or ({core} if core else set())


@lru_cache(maxsize=4096)
def _aligned(da: str, db: str) -> tuple[Words, Words, tuple[Opcode, ...]] | None:
    """Two folded definitions cut into words and aligned, when they are one template (else
    None): computed once per pair, however many readings look at it."""
    if not da or not db:
        return None
    wa, wb = _words(da), _words(db)
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.ratio() < TEMPLATE_RATIO:
        return None
    ops = tuple((op, wa[i1:i2], wb[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes())
    return wa, wb, ops


def _template(
    a: CatalogIndicator, b: CatalogIndicator
) -> tuple[Words, Words, tuple[Opcode, ...]] | None:
    return _aligned(fold(a.definition or ""), fold(b.definition or ""))


def swapped(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One definition template with what is counted exchanged, the names carrying the exchange."""
    template = _template(a, b)
    if template is None:
        return None
    wa, wb, ops = template
    da, db, na, nb = "".join(wa), "".join(wb), fold(a.name), fold(b.name)
    for op, part_a, part_b in ops:
        text_a, text_b = "".join(part_a), "".join(part_b)
        if op != "replace" or _COMPLEMENT.search(text_a) or _COMPLEMENT.search(text_b):
            continue
        ca, cb = _content_words(part_a), _content_words(part_b)
        if not ca or not cb or all(w in db for w in ca) or all(w in da for w in cb):
            continue
        if any(p in na for p in _pieces(text_a)) and any(p in nb for p in _pieces(text_b)):
            return Contrast("swapped", text_a, text_b)
    return None


def counts_more(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One definition of a shared template adds a component (＋ X, 及 X, 含 X) the other lacks."""
    template = _template(a, b)
    if template is None:
        return None
    wa, wb, ops = template
    da, db = "".join(wa), "".join(wb)
    for _, part_a, part_b in ops:
        for part, other, side in ((part_a, db, "a"), (part_b, da, "b")):
            text = "".join(part)
            marker = _ADDED.search(text)
            if marker is None:
                continue
            extra = text[marker.end() :]
            if any(len(w) >= 2 and w not in other for w in _content_words(_words(extra))):
                return Contrast("more", extra if side == "a" else "", extra if side == "b" else "")
    return None


# an enumeration: items between 、 (傷病、失能、死亡)
_ENUMERATION = re.compile(r"[^、，,。；;（）()\s]+(?:、[^、，,。；;（）()\s]+)+")


_LIST_JOIN = re.compile(r"及|和|與|或")
# what a total says it includes: (含客庄十二大節慶及地方客家節慶)
_INCLUDES = re.compile(r"(?<!不)含([^，,。；;()]+?)(?:[)，,。；;]|$)")
_LIST_LEAD = re.compile(r".*[之的於在中]")  # 併網之太陽光電: the item is 太陽光電


@lru_cache(maxsize=4096)
def _items(definition: str) -> tuple[tuple[str, ...], ...]:
    """The enumerations of a definition, each as its items (…併網之太陽光電、風力、水力及地熱等
    再生能源 -> 太陽光電 / 風力 / 水力 / 地熱); read once per definition."""
    lists: list[list[str]] = []
    for m in _ENUMERATION.finditer(unicodedata.normalize("NFKC", definition)):
        parts = m.group(0).split("、")
        parts[0] = _LIST_LEAD.sub("", parts[0])
        parts = parts[:-1] + _LIST_JOIN.split(parts[-1].split("等")[0])
        lists.append([p for p in parts if len(p) >= 2])
    for m in _INCLUDES.finditer(unicodedata.normalize("NFKC", definition)):
        lists.append([p for p in _LIST_JOIN.split(m.group(1).replace("、", "及")) if len(p) >= 2])
    return tuple(tuple(items) for items in lists if len(items) >= 2)


def _named_tail(item: str, name: str) -> str | None:
    """The longest end of a list item that the name says (當年度離岸風力發電 -> 離岸風力發電)."""
    ws = _words(fold(item))  # ends at a word's start: 免簽證 of 護照持有人免簽證, not 人免簽證
    tails = ("".join(ws[i:]) for i in range(len(ws)))
    return next((t for t in tails if len(t) >= 2 and t in name), None)


def listed_part(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One name counts a single item of a list the other's definition sums (太陽光電 of
    太陽光電、風力、水力…; 死亡 of 傷病、失能、死亡) and its own words name none of the other
    items: a part of what the other counts."""
    for part, whole in ((a, b), (b, a)):
        # what the part leaves out (不含落地簽證及電子簽證) is not what it counts
        name, said = fold(part.name), _counted_words(part)
        whole_name = fold(whole.name)
        for items in _items(whole.definition or ""):
            tails = [_named_tail(i, name) for i in items]
            # an item the part's name says and the whole's name does not
            named = [t is not None and t not in whole_name for t in tails]
            hits = [t for t, n in zip(tails, named, strict=True) if n and t is not None]
            rest = [fold(i) for i, n in zip(items, named, strict=True) if not n]
            if len(hits) == 1 and rest and not any(i in said for i in rest):
                return Contrast(
                    "narrower", hits[0] if part is a else "", hits[0] if part is b else ""
                )
    return None


# what a definition leaves out, item by item: (不含醫療器材及化粧品), (不含私菸案件), 扣除升學者
_LEAVES_OUT = re.compile(r"(?:不含|不包括|扣除|排除|不計入?)([^，,。；;()（）]+)")
_LEFT_OUT_SPLIT = re.compile(r"、|及|和|與|或|等")
_COUNTED_END = re.compile(r"之?(案件|案|件數|件|人數|人次|數量|數)$")


@lru_cache(maxsize=4096)
def _left_out(definition: str) -> tuple[str, ...]:
    """The things a definition says it does not count (不含私菸案件 -> 私菸), read once."""
    items = []
    for m in _LEAVES_OUT.finditer(unicodedata.normalize("NFKC", definition)):
        for part in _LEFT_OUT_SPLIT.split(m.group(1)):
            item = fold(_COUNTED_END.sub("", part.strip()))
            if len(item) >= 2:
                items.append(item)
    return tuple(items)


def _counted_words(ind: CatalogIndicator) -> str:
    """The name and the definition without what the definition leaves out."""
    return _counted(ind.name, ind.definition or "")


@lru_cache(maxsize=4096)
def _counted(name: str, definition: str) -> str:
    """_counted_words, read once per indicator: every pair of it asks again."""
    kept = _LEAVES_OUT.sub("", unicodedata.normalize("NFKC", definition))
    return fold(name + kept)


def left_out(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One definition leaves out what the other counts (藥品不良反應通報件數, 不含醫療器材,
    against 醫療器材不良事件通報件數; 私劣酒品, 不含私菸, against 私劣菸酒): related, and never
    the same count."""
    for one, other in ((a, b), (b, a)):
        items = _left_out(one.definition or "")
        if not items:
            continue
        own, counted = _counted_words(one), _counted_words(other)
        # counted as written, not as 非本國籍 (what is not it)
        named = [
            item
            for item in items
            if re.search(f"(?<![非不未無]){re.escape(item)}", counted) and item not in own
        ]
        if named:
            return Contrast(
                "excluded", named[0] if other is a else "", named[0] if other is b else ""
            )
    return None


def narrower(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One name is the other's with one qualifier inserted (原住民族地區, 規律, 死亡) that the
    shorter indicator's words never mention, or mention only as one item of a list (傷病、失能、
    死亡): a part of what the other counts. A qualifier the other's definition states outright
    (青年 defined as 15至29歲) narrows nothing."""
    (ns, short), (nl, long_) = sorted(
        ((fold(a.name), a), (fold(b.name), b)), key=lambda x: len(x[0])
    )
    if len(ns) == len(nl):
        return None
    matcher = difflib.SequenceMatcher(None, ns, nl, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(changes) != 1 or changes[0][0] != "insert":
        return None
    qualifier = nl[changes[0][3] : changes[0][4]]
    said = fold(short.name + (short.definition or ""))
    listed = [item for items in _items(short.definition or "") for item in items]
    part = [
        w
        for w in _content_words(_words(qualifier))
        if len(w) >= 2 and (w not in said or any(w in item for item in listed))
    ]
    if not part:
        return None
    return Contrast("narrower", qualifier if long_ is a else "", qualifier if long_ is b else "")


# words that name no step where they stand: 完成 before the verb it completes (完成審查 is a
# review, 完成核定 an approval) and the 查核 that 審查核准 runs across
_NOT_A_STEP = re.compile(r"完成(?=審|核|確診|盤查|登錄|檢|撥|發|改善|通報)|審查(?=核)")


@lru_cache(maxsize=16384)
def _stages(text: str) -> frozenset[int]:
    """The steps a text names, read once per text however many pairs it is part of."""
    text = _NOT_A_STEP.sub("", text)
    return frozenset(n for n, pattern in enumerate(_STAGE_RES) if pattern.search(text))


def stage_gap(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """A name names a step of a process that the other indicator's words never mention."""
    text_a = fold(a.name + (a.definition or ""))
    text_b = fold(b.name + (b.definition or ""))
    only_a = sorted(_stages(fold(a.name)) - _stages(text_b))
    only_b = sorted(_stages(fold(b.name)) - _stages(text_a))
    # 發生 against no step at all is the same count, not another step
    if only_a == [_OCCURRING] and not _stages(text_b):
        only_a = []
    if only_b == [_OCCURRING] and not _stages(text_a):
        only_b = []
    if not only_a and not only_b:
        return None

    def said(steps: list[int], name: str) -> str:
        found = (_STAGE_RES[n].search(_NOT_A_STEP.sub("", fold(name))) for n in steps)
        return "、".join(m.group(0) for m in found if m)

    return Contrast("stage", said(only_a, a.name), said(only_b, b.name))


# a number with what it measures: an age, a period, a size (三年 is read as 3年 by ``fold``)
# (3個工作日 counts working days: not 72 hours, but not 7個工作日 either)
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)(?:至(\d+(?:\.\d+)?))?(小時|日|天|週|個月|月|年|歲|分鐘|公里|公尺|級|個?工作[日天])"
)


@lru_cache(maxsize=16384)
def quantities(name: str) -> frozenset[tuple[float, float, str]]:
    """The numbers a text states with what they measure, times in hours: read once per text,
    however many pairs it is part of."""
    found = set()
    for low, high, unit in _QUANTITY.findall(fold(name)):
        unit = "工作日" if "工作" in unit else unit
        scale = HOURS.get(unit, 1.0)
        kind = "hours" if unit in HOURS else unit
        found.add((float(low) * scale, float(high or low) * scale, kind))
    return frozenset(found)


def numbers_differ(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """Both names state numbers (24小時, 30日, 18至21歲) and not the same ones: another window
    or another population. 1日 and 24小時 are the same window. A number only one name states is
    often the other's definition."""
    qa, qb = quantities(a.name), quantities(b.name)
    if not qa or not qb or qa == qb:
        return None
    return Contrast("numbers", _numbers_said(a.name), _numbers_said(b.name))


# the grades of an evaluation (工程查核甲等以上, 丙等; 優等): a share of one grade is not a
# share of another, whatever else the names share
_GRADE = re.compile(r"特優|優等|甲等|乙等|丙等|丁等|[A-D]級")


def grades_differ(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """Both names count a grade (甲等以上比率 / 丙等比率) and not the same ones."""
    ga, gb = _GRADE.findall(a.name), _GRADE.findall(b.name)
    if not ga or not gb or set(ga) == set(gb):
        return None
    return Contrast("grades", "、".join(ga), "、".join(gb))


# what a rate's numerator adds up: money (採購金額、實支數、經費) or things counted (件數、校數);
# the first such word of a definition is its numerator's
_BASIS = re.compile(
    r"(?P<money>金額|經費|預算數|實支數|支出數|費用|價值|產值|支用)"
    r"|(?P<count>件數|案件數|案數|校數|人數|家數|批數|戶數|園數|次數|艘數|隻數|筆數|處數|所數|家次)"
)


def _basis(definition: str | None) -> tuple[str, str] | None:
    """(money | count, the word) of what a definition's numerator adds up, if it says."""
    found = _BASIS.search(unicodedata.normalize("NFKC", definition or ""))
    if found is None:
        return None
    return ("money" if found.group("money") else "count"), found.group(0)


def bases_differ(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """Two percentages, one a share of money and the other a share of things counted (電子採購
    決標金額 / 決標件數; 三章一Q 採購金額 / 校數): the same shares only by chance."""
    if unit_signature(a) != "percent" or unit_signature(b) != "percent":
        return None
    ba, bb = _basis(a.definition), _basis(b.definition)
    if ba is None or bb is None or ba[0] == bb[0]:
        return None
    return Contrast("basis", ba[1], bb[1])


def _numbers_said(name: str) -> str:
    """The numbers a name states, as written (24小時, not the 1日 similarity reads it as), with
    三 as 3 so a reviewer sees the numbers compared."""
    written = _CN_COUNT.sub(lambda m: _CN_DIGIT[m.group(1)], unicodedata.normalize("NFKC", name))
    return "、".join(m.group(0) for m in _QUANTITY.finditer(written))


def unit_signature(ind: CatalogIndicator) -> str | None:
    """What one unit of the indicator is: percent, time, money, or a count of something (人次,
    件, 艘次) as a raw number or per population. None without a unit."""
    unit = unicodedata.normalize("NFKC", ind.unit or "").lower().replace(" ", "")
    if not unit:
        return None
    counted, _, per = unit.partition("/")
    if unit == "分" and _TIMED.search(ind.name):  # 平均候線時間（分）: minutes, not points
        return "time"
    for kind, pattern in _UNIT_KINDS:
        if pattern.search(counted if kind == "time" else unit):
            return kind
    # 人/萬人口 and ‰ are per population; 萬人 and 萬人次 alone are counts in ten thousands
    per_population = bool(_PER_POPULATION.search(per) or _POPULATION.search(unit)) or (
        not per and bool(_PER_SCALE.search(normalize_text(ind.name)))
    )
    noun = next((n for n, pattern in _COUNT_NOUNS if re.search(pattern, counted)), "other")
    return f"per_population:{noun}" if per_population else f"count:{noun}"


def units_differ(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """Different things counted, or a rate per population against a raw count. Two rates per
    population are one measure at two scales (‰ and 人/萬人), whatever they count, and so are a
    survey's share satisfied and its mean score (the catalogs report both)."""
    sa, sb = unit_signature(a), unit_signature(b)
    if sa is None or sb is None or sa == sb:
        return None
    if sa.startswith("per_population") and sb.startswith("per_population"):
        return None
    if {sa, sb} == {"percent", "score"} and all(
        _SURVEY.search(i.name + (i.definition or "")) for i in (a, b)
    ):
        return None  # a survey's share satisfied and its mean score: one measure, two scales
    return Contrast("units", a.unit, b.unit)


def types_apart(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """The officers' own types are two or more steps apart (outcome and process, output and
    input): a result and the work towards it are not one indicator."""
    if a.type is None or b.type is None:
        return None
    # output and outcome (or input and process) are often confused by whoever labels them
    if abs(TYPE_RANK[a.type] - TYPE_RANK[b.type]) < 2:
        return None
    return Contrast("types", a.type, b.type)


def directions_apart(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """One is wanted higher, the other lower, and both count, cost or take time (查獲逾期停留
    人數 up, 逾期停留人數 down): nobody wants more and less of one measure. A rate may be the
    complement of the other (準點率 / 誤點率), so percentages and rates per population are not
    read; nor is a direction the catalog left to its default."""
    given = "direction" in a.model_fields_set and "direction" in b.model_fields_set
    if not given or a.direction == b.direction:
        return None
    sa, sb = unit_signature(a), unit_signature(b)
    if sa is None or sb is None or sa != sb or sa == "percent" or sa.startswith("per_population"):
        return None
    return Contrast("directions", a.direction, b.direction)


def contrast(a: CatalogIndicator, b: CatalogIndicator) -> Contrast | None:
    """The first sign that the two count different things, or None."""
    for reading in (
        units_differ,
        numbers_differ,
        grades_differ,
        bases_differ,
        types_apart,
        swapped,
        counts_more,
        listed_part,
        stage_gap,
        narrower,
        left_out,
        directions_apart,
    ):
        found = reading(a, b)
        if found is not None:
            return found
    return None
