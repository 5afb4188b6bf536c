"""Offline answers: the sentences of the top passages that best answer the question, quoted.

Nothing is written that the documents do not say: the answer is a one-line lead that
says these are quotations, then the chosen passages' sentences, each with its citation.
A quote is a contiguous run of one to four sentences cut from its passage by offset (a
question's words are often in one sentence and its answer in the next, or in the table
row under a header), so every quote is a substring of its passage and citation precision
is 1 by construction.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.chat.passages import Passage
from assistant.chat.ranges import Value, bands_holding, question_values
from assistant.chat.terms import WeightedTerms, translations
from assistant.claims.quantities import find_quantities
from retrieval.windows import quotable as quotable_heading
from retrieval.windows import text_windows

MAX_QUOTES = 2
_RANK_DECAY = 0.9  # a sentence of the first passage beats an equal one of the fifth
_TYPE_BONUS = 0.15
_BAND_BONUS = 0.5  # the question's own value falls in a band the window states

# what kind of answer the question asks for, and how such an answer looks in a document
_CN_NUM = "[一二三四五六七八九十百千兩]+"
_DAYS = "(個)?(工作|上班|日曆)?(天|日)"  # 10天、3個上班日、7個工作天、30日曆天
# how often, as a document's English summary says it: quarterly, every two years, twice a year
_EN_OFTEN = r"\b(quarterly|monthly|annually|yearly|weekly|daily)\b|\bevery\s+(\w+\s+)?(years?|months?|quarters?|weeks?|days?)\b|\b(once|twice)\s+(a|per|every)\s+(year|month|quarter|week)\b"
# a person's name as documents write it: with a title before or after (市長吳世勳, 杜成竣先生),
# an English honorific, or a romanised Korean name (Oh Se-hoon)
_SURNAMES = "李王張劉陳楊黃趙吳周徐孫馬朱胡郭何林高羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董潘袁蔡蔣余杜葉程蘇魏呂丁沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋方白鄒孟熊秦邱江尹薛閻段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴武戴莫孔湯朴樸權文柳俞申安洪全河玄南卓柯翁游詹賴"
_TITLES = "先生|女士|教授|博士|研究員|科長|專員|院長|部長|市長|司長|處長|局長|主委|總統|總理|長官|議員|組長"
_NAME = f"[{_SURNAMES}](?![報請])[\u4e00-\u9fff]{{1,2}}"  # 陳報、陳請 are verbs
_PERSON = (
    rf"{_NAME}(?:{_TITLES})|(?:{_TITLES}) ?{_NAME}"
    r"|\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+[A-Z][a-z]+|\b[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+\b"
)
# the shapes of answer other readings refer to: an amount of money, a number of days, a time
_AMOUNT = r"\d[\d,]*(\.\d+)?\s*(萬|億)?\s*元|新臺幣|NT\$|韓元|美元|won\b|dollars?\b|\$\s*\d"
_DAYS_COUNT = rf"(\d+|{_CN_NUM})\s*{_DAYS}"
_TIME = (
    rf"\d{{2,4}}\s*年|\d{{1,2}}\s*月|\d{{1,2}}\s*日|每\s*(\d+|{_CN_NUM})\s*(年|月|季)|(\d+|{_CN_NUM})\s*({_DAYS}|年|個月)|前"
    r"|[上下]半年|年[初底中]|[上中下]旬|月[底初]|每季|第\s*[一二三四1-4]\s*季"
)
# (what the question asks, how such an answer is written): the most specific kind first
_EXPECTED = [
    (  # who holds a post now, by name: a role (由常務次長擔任) does not answer it; a system's
        # name (「新系統叫什麼名字？」) is not a person's
        r"^(?!.*(系統|制度|計畫|平台|機制|報告|法案|名稱)).*(叫什麼名字|姓名|名字是"
        r"|現任[^，。？?]{0,15}(是誰|是哪一?位|哪一?位)|哪一位(副)?(市長|首長|主委|主任委員|部長|院長|司長|局長|處長))"
        r"|\bwho (is|are) (the )?current(ly)?\b|\bwho currently\b|\bname of the (current|present)\b"
        # the name of an official, not of the body one heads ("the name of the committee…")
        r"|\bname of the ((?!committee|office|system|panel|department|ministry|agency|plan|program)\w+[ -]){0,2}"
        r"(minister|director|chair(man|person)?|president|mayor|head|convener|commissioner|professor"
        r"|official|secretary)\b(?![ -](office|committee|panel|department|ministry|agency|system))",
        _PERSON,
    ),
    (  # how to reach someone: a telephone number, an extension, an e-mail address
        r"電話|分機|傳真|客服專線|專線|電子(郵件|信箱)(是|為)?(什麼|多少)|信箱(是|為)?(什麼|多少)"
        r"|\b(tele)?phone\b|\bfax\b|\bhotline\b|e-?mail address",
        r"\d{2,4}-\d{3,4}(-\d{3,4})?|分機\s*\d+|\(0\d\)\s*\d|[\w.]+@[\w.]+|\bext\.?\s*\d+",
    ),
    (  # who built or runs something for hire: a company
        r"廠商|哪一?家(資訊)?(公司|業者)|\bvendor\b|\bcontractor\b|which (company|firm)",
        r"(股份)?有限公司|[\u4e00-\u9fff]{2,8}公司(?!營)|\b(Inc|Corp|Ltd)\b|Co\.,",
    ),
    (r"第幾名|排名第幾|幾名|what rank|which place", rf"第\s*(\d+|{_CN_NUM})\s*名|名次|排名"),
    (
        r"百分比|幾\s*[%％]|幾成|(比例|比率|占比)[^，。？?]{0,3}(是|為)?(多少|幾)|占(多少|幾)(?![分小天日年月週個人位名次元件項家])|what percentage|what share|how much percent",
        rf"\d+(\.\d+)?\s*[%％]|百分之|(\d+|{_CN_NUM})\s*成|\d+\s*/\s*\d+|{_CN_NUM}分之{_CN_NUM}",
    ),
    (
        r"多少錢|多少元|幾元|(費|金額|經費|獎金|罰鍰)[^，。？?]{0,4}(是|為|有)?多少|(多少|幾)[^，。？?]{0,2}(錢|經費|費用|獎金|金額|預算|補助款|薪|津貼)|花了多少|花費|成本|how much money|how much (is|are|does|did|do|will)[^?]*(fee|cost|paid|pay|bonus|spend|spent)|what (is|are|was) (the|its|their) (fee|amount|bonus|(total |development |annual )?(cost|budget))|total cost|budget ceiling"
        r"|\bwhat (is|are|was|were) (the )?([\w-]+ ){0,4}(fees?|allowances?|bonus(es)?(?! points?)|honorari(um|a))\b",
        _AMOUNT,
    ),
    (
        r"(在|於)(哪裡|何處|哪個地方)(辦|舉行|舉辦|召開|開)|地點|場地|辦在哪|在哪[^，。？?]{0,4}(辦|舉行|舉辦|召開)"
        r"|\bwhere\b[^?]*\b(held|hold|take place|convened?)\b|\bvenue\b",
        r"地點|場地|會議室|禮堂|大樓|飯店|(室|廳|館|中心|大學|會場)(舉行|舉辦|辦理|召開)|\b(held|hosted) (at|in)\b|\bvenue\b",
    ),
    (
        r"網址|網站.{0,4}(是|為)?(什麼|多少)|web ?address|\burl\b|what (is|are) the website",
        r"https?://|www\.|\.gov\b|\.tw\b|\.kr\b|\.org\b",
    ),
    (r"幾次|多少次|how many times", rf"(\d+|{_CN_NUM})\s*次"),
    (r"幾天|多少天|幾日|幾個(工作|上班|日曆)?(天|日)|how many days", _DAYS_COUNT),
    (r"幾年|多少年|how many years", rf"(\d+|{_CN_NUM})\s*年"),
    (
        r"幾(個)?(小時|鐘頭)|多少(個)?(小時|鐘頭)|how many hours",
        rf"(\d+|{_CN_NUM})\s*(個)?(小時|鐘頭)|\d+\s*hours?\b",
    ),
    (  # a quorum or a majority: 「多少委員出席才能開會？」 is answered by 二分之一以上 or 過半數
        r"(多少|幾)[^，。？?]{0,4}(出席|同意)|(出席|同意)[^，。？?]{0,6}(多少|幾)|quorum"
        r"|how many[^?]{0,40}\b(attend|present|agree|vote)",
        rf"{_CN_NUM}分之{_CN_NUM}|\d+\s*/\s*\d+|過半|半數|\d+(\.\d+)?\s*[%％]|(\d+|{_CN_NUM})\s*(人|位|名)",
    ),
    (
        r"幾(人|位|名)|多少(人|位|名)|(多少|幾)[^，。？?]{0,2}(職員|員工|人員|成員|委員|公務員)|how many (people|members|persons|staff|employees)",
        rf"(\d+|{_CN_NUM})\s*(人|位|名)",
    ),
    (  # how long a text may be: 「寫多少字？」, 「多長？」 (not 多長時間), "how long can it be?"
        r"多少字|幾個?字|字數|多長(?!時間)|篇幅|幾頁|多少頁|頁數|how many (words|characters|pages)"
        r"|word limit|page limit|how long[^?]{0,60}\bbe\s*\?",
        rf"(\d+|{_CN_NUM})\s*(個)?(字|頁)|\d+\s*(pages?|words?|characters?)\b",
    ),
    (r"幾月(?!幾)|哪個月|哪一個月|什麼月份|which month", rf"(\d{{1,2}}|{_CN_NUM})\s*月"),
    (  # how often: 每日備份1次 answers 「多久備份一次？」, as 每3年 and 每季 do
        r"多久[^，。？?]{0,6}一次|多久一次|頻率|how often",
        rf"每\s*(\d+|{_CN_NUM})?\s*(個)?(日|天|週|周|星期|月|季|年|半年)|[按逐](月|季|年)|{_EN_OFTEN}",
    ),
    (
        # "when" asks a time before a verb (When does…? When exactly did…?), not before a
        # clause (When an indicator is rolled in, what cap applies?)
        r"哪一年|哪年|何時|什麼時候|幾月|截止|期限|最晚|多久|which year|\bwhen\s+(exactly\s+|precisely\s+)?(is|are|was|were|do|does|did|must|should|will|would|can|could|may|has|have|shall)\b|by what date|deadline|how often|how long",
        _TIME,
    ),
    (
        r"多少|幾(個|項|家|件|份|級|等|款|分|點)|(權重|配分|分數)[^，。？?]{0,3}(是|為)?(多少|幾)|how many|how much|what weight|how many points",
        rf"\d|{_CN_NUM}|百分之",
    ),
]
_EXPECTED_RE = [(re.compile(a, re.I), re.compile(b, re.I)) for a, b in _EXPECTED]  # fmt: skip
_MONEY = re.compile(_AMOUNT, re.I)
_WHEN = (re.compile(_TIME, re.I), re.compile(_DAYS_COUNT, re.I))


# list markers count items, they are not values: （四）、(2)、3.、一、
_LIST_MARKER = re.compile(
    r"[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|(?:^|(?<=\s))\d{1,2}\s*[.、](?!\d)|[一二三四五六七八九十]{1,3}、"
)


def without_list_markers(text: str) -> str:
    return _LIST_MARKER.sub(" ", text)


_PART_END = re.compile(r"[，,？?；;。！!]")
# a table row pairing a Chinese term with its English name (cells are tab-separated)
_GLOSSARY_ROW = re.compile(r"[\u3400-\u9fff][^\t\n]*\t\s*[A-Za-z][A-Za-z .,()'&/-]+\t")


def expected_answers(question: str) -> list[re.Pattern[str]]:
    """The kinds of value a question asks for, one per part that asks for one (「一共有幾個？
    各占多少？」 asks for a count and a share); empty when it asks for no particular kind."""
    return list(_kinds(question))


@functools.lru_cache(maxsize=1024)
def _kinds(question: str) -> tuple[re.Pattern[str], ...]:
    """Read once per question: every passage's windows and the refusal ask it again."""
    parts = [question, *(p for p in _PART_END.split(question) if p.strip())]
    kinds = (expected_answer(p) for p in parts)
    return tuple(dict.fromkeys(k for k in kinds if k is not None))


def asks_when(question: str) -> bool:
    """Whether the question asks for a time or a number of days (a deadline, a period)."""
    kinds = expected_answers(question)
    return any(shape in kinds for shape in _WHEN)


def holds_kind(text: str, kinds: Sequence[re.Pattern[str]]) -> bool:
    """Whether ``text`` states a value of one of the kinds asked for (any text, if none)."""
    plain = without_list_markers(text)
    return not kinds or any(kind.search(plain) for kind in kinds)


def given_values(question: str) -> frozenset[Decimal]:
    """The numbers a question states itself (its 40小時, 八千萬)."""
    return frozenset(q.value for q in find_quantities(question))


@functools.lru_cache(maxsize=1024)
def _values_asked(question: str) -> tuple[tuple[Value, ...], frozenset[Decimal]]:
    """The question's values read once (as bands look for them, and as given, to be blanked),
    not again for every passage whose windows are scored; nothing is blanked when the
    question asks for no kind of value."""
    given = given_values(question) if expected_answers(question) else frozenset()
    return tuple(question_values(question)), given


def _without_values(text: str, values: frozenset[Decimal]) -> str:
    """``text`` with the numbers of ``values`` blanked out (with their units), offsets kept.

    A value the question itself gives is not an answer to it: 「每年40小時的學習時數裡，數位
    課程要占幾小時？」 is not answered by the sentence that sets the 40 hours."""
    for q in reversed(find_quantities(text)):
        if q.value in values:
            text = text[: q.start] + " " * (q.end - q.start) + text[q.end :]
    return text


# a paid item (出席費, 書面審查費, 交通費, 績效獎金): an amount belongs to the item its clause names;
# 經費 and 費用 are money in general, not an item
_PAID_ITEM = re.compile(
    r"[\u4e00-\u9fff]{2}(?<!經)(?<!總經)費(?!用)"
    r"|[\u4e00-\u9fff](?<![的之])[\u4e00-\u9fff](?<![的之])(獎金|津貼|酬勞)"  # not 計畫的獎金
)
_EN_PAID_ITEM = re.compile(r"((?:[a-z]+[ -]){1,3})(fees?|bonus(?:es)?|allowances?)\b")
_CLAUSE = re.compile(r"(?:[^，,；;。\n]|(?<=\d),(?=\d))+")  # 2,500 is one number


@functools.lru_cache(maxsize=1024)
def _items_asked(question: str) -> tuple[str, ...]:
    """The paid items a question asks the amount of (「書面審查費一件多少錢？」 → 書面審查費), when
    it asks for money; none otherwise."""
    if _MONEY not in expected_answers(question):
        return ()
    items = [m.group() for m in _PAID_ITEM.finditer(question)]
    for m in _EN_PAID_ITEM.finditer(question.lower()):
        # "written review fee" -> the fee whose zh-TW name holds its modifiers' (書面, 審查)
        said = [translations(w) for w in re.findall(r"[a-z]+", m.group(1))]
        items += [
            fee
            for fee in translations(m.group(2))
            if any(any(zh in fee for zh in words) for words in said if words)
        ]
    return tuple(item[-3:] for item in items)


def _without_other_items(text: str, items: tuple[str, ...]) -> str:
    """``text`` with the clauses that name only other paid items blanked, offsets kept.

    「審查委員支給出席費每次新臺幣2,500元，書面審查費依實際審查件數核給」 states no amount for
    the 書面審查費: its 2,500元 is the 出席費's."""
    for clause in reversed(list(_CLAUSE.finditer(text))):
        named = [m.group()[-3:] for m in _PAID_ITEM.finditer(clause.group())]
        if named and not any(item in named for item in items):
            text = text[: clause.start()] + " " * len(clause.group()) + text[clause.end() :]
    return text


def expected_answer(question: str) -> re.Pattern[str] | None:
    """The shape the answer must have (money, a time, a number), or None for any."""
    for asks, looks in _EXPECTED_RE:
        if asks.search(question):
            return looks
    return None


@dataclass(frozen=True)
class Quote:
    passage: Passage
    start: int
    end: int
    score: float
    typed: bool  # holds the kind of value the question asks for
    banded: bool = False  # states a band the question's own value falls in (未達60% for 59%)

    @property
    def text(self) -> str:
        return self.passage.hit.text[self.start : self.end]

    @property
    def glossary_row(self) -> bool:
        """Whether it holds a row of a bilingual glossary (個案計畫 ⇥ Individual program ⇥ …)."""
        return bool(_GLOSSARY_ROW.search(self.text))

    def overlaps(self, other: Quote) -> bool:
        """Whether the two share text of the same passage (an answer never quotes it twice)."""
        return (
            self.passage.n == other.passage.n and self.start < other.end and other.start < self.end
        )


def quotable(passage: Passage) -> bool:
    """Whether a passage can answer at all (a reference list cannot)."""
    return quotable_heading(passage.hit.heading)


def _windows(passage: Passage) -> tuple[tuple[int, int], ...]:
    """The passage's quote windows (retrieval.windows: the same cut the library embedded)."""
    return text_windows(passage.hit.text) if quotable(passage) else ()


def _line(passage: Passage, start: int, end: int) -> str:
    """The line of the passage a window lies in (a numbered rule with its bands)."""
    text = passage.hit.text
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : stop if stop >= 0 else len(text)]


def candidate_windows(
    question: str, terms: WeightedTerms, passages: list[Passage], per_passage: int = 3
) -> list[Quote]:
    """The best few windows of every passage (so a lower-ranked passage still offers its best)."""
    out: list[Quote] = []
    for passage in passages:
        out += best_quotes(question, terms, [passage], limit=per_passage, cutoff=0.0)
    return out


def best_quotes(
    question: str,
    terms: WeightedTerms,
    passages: list[Passage],
    limit: int = MAX_QUOTES,
    cutoff: float = 0.6,
) -> list[Quote]:
    """The best-covering windows, not overlapping, in order of score."""
    looks = expected_answers(question)
    values, given = _values_asked(question)
    items = _items_asked(question)
    scored: list[Quote] = []
    for rank, passage in enumerate(passages):
        held = bands_holding(passage.hit.text, values)
        # read once per passage, not once per overlapping window
        answering = _without_values(passage.hit.text, given) if given else passage.hit.text
        if items:
            answering = _without_other_items(answering, items)
        for start, end in _windows(passage):
            text = passage.hit.text[start:end]
            coverage = terms.coverage(text)
            banded = any(start <= a and b <= end for a, b in held)
            # the band a value falls in answers when its line speaks of the question's
            # terms, though the band's own clause (未達60%者，該項不予計分) names none of them
            if coverage <= 0 and not (banded and terms.coverage(_line(passage, start, end))):
                continue
            typed = holds_kind(answering[start:end], looks)
            score = coverage * _RANK_DECAY**rank + (_TYPE_BONUS if looks and typed else 0)
            if banded:
                score += _BAND_BONUS
            score -= (end - start) / 10_000  # the shorter of two equal windows
            scored.append(Quote(passage, start, end, score, typed, banded))
    scored.sort(key=lambda q: (-q.score, q.passage.n, q.start))
    chosen: list[Quote] = []
    for quote in scored:
        if any(q.overlaps(quote) for q in chosen):
            continue
        if chosen and quote.score < chosen[0].score * cutoff:
            break  # far weaker than the best: noise, not an answer
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen
