"""Generate the ``local-17x3`` indicator catalog and its labels.

A county/city evaluation system: 63 indicators, each (except two vague ones) with values
for 17 local governments x 3 periods (2021-2023). The values are synthetic but built so
that the labelled relations show up in the numbers:

- duplicates: a linear transform of one shared series plus tiny noise (|r| > 0.95);
- overlaps: two series that share a latent factor (0.75 <= |r| <= 0.90);
- wording traps: near-identical names, independent series (|r| < 0.30);
- correlation traps: unrelated meanings, both driven by population (or by land area), so
  the raw yearly totals correlate strongly (|r| > 0.80);
- everything else: independent series (each latent series is the best of many draws, the
  one least correlated with all earlier ones, so |r| stays small despite only 17 units).

Everything comes from ``numpy.random.default_rng(SEED)`` (ids are shuffled with
``random.Random``); the output is byte-for-byte reproducible.
Run::

    .venv/bin/python evals/indicators/local-17x3/generate.py

It writes ``catalog.yaml`` and ``labels.yaml`` beside itself and asserts the correlation
bands above (it exits non-zero if a band is broken).
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from random import Random
from typing import Any

import numpy as np
import yaml

SEED = 20240917
HERE = Path(__file__).resolve().parent

# id, 2021 population (萬人, approximate), land area (km²), yearly population growth
UNITS: list[tuple[str, float, float, float]] = [
    ("taipei", 252.5, 271.8, -0.010),
    ("new-taipei", 400.8, 2052.6, -0.004),
    ("taoyuan", 227.2, 1220.9, 0.008),
    ("taichung", 281.3, 2214.9, 0.002),
    ("tainan", 186.2, 2191.7, -0.004),
    ("kaohsiung", 274.5, 2951.9, -0.004),
    ("keelung", 36.6, 132.8, -0.008),
    ("hsinchu-city", 45.1, 104.2, 0.005),
    ("hsinchu-county", 57.3, 1427.5, 0.010),
    ("miaoli", 54.2, 1820.3, -0.006),
    ("changhua", 125.6, 1074.4, -0.006),
    ("nantou", 48.7, 4106.4, -0.008),
    ("yunlin", 67.2, 1290.8, -0.008),
    ("chiayi-city", 26.4, 60.0, -0.005),
    ("chiayi-county", 49.4, 1903.6, -0.010),
    ("pingtung", 80.8, 2775.6, -0.007),
    ("yilan", 45.2, 2143.6, -0.003),
]
PERIODS = ["2021", "2022", "2023"]
KEYS = [(u[0], p) for u in UNITS for p in PERIODS]
N = len(KEYS)

Series = list[float]

gen = np.random.default_rng(SEED)
UNIT_OF = np.repeat(np.arange(len(UNITS)), len(PERIODS))  # position -> unit index
YEAR_OF = np.tile(np.arange(len(PERIODS)), len(UNITS))  # position -> period index
CANDIDATES = 4000


# --------------------------------------------------------------------------- helpers


def corr(a: Series, b: Series) -> float:
    return statistics.correlation(a, b)


def standardize(x: np.ndarray) -> np.ndarray:
    """Rows (or a vector) to mean 0, population sd 1: then corr(a, b) = mean(a * b)."""
    m = x.mean(axis=-1, keepdims=True)
    s = x.std(axis=-1, keepdims=True)
    return np.asarray((x - m) / s)


POP = np.array([pop * (1 + g) ** i for (_u, pop, _a, g) in UNITS for i in range(len(PERIODS))])
AREA = np.array([area for (_u, _p, area, _g) in UNITS for _ in PERIODS])

# Every latent series is kept here. A new one is the best of CANDIDATES random draws: the one
# whose largest |r| with all kept series (and with population and area) is smallest. With 17
# units, plain random draws would correlate by chance far more than unrelated KPIs should.
ACCEPTED: list[np.ndarray] = [standardize(POP), standardize(AREA)]
MAX_CHANCE_R = 0.45  # enforced when drawing: largest |r| between unrelated latents
MAX_TRAP_R = 0.20  # the two sides of a wording trap


def draw(unit_share: float, trend: float) -> np.ndarray:
    """CANDIDATES standardized series: a persistent unit profile, a trend, yearly noise."""
    profile = gen.standard_normal((CANDIDATES, len(UNITS)))[:, UNIT_OF]
    noise = gen.standard_normal((CANDIDATES, len(KEYS)))
    z = math.sqrt(unit_share) * profile + math.sqrt(1 - unit_share) * noise
    return standardize(z + trend * (YEAR_OF - 1))


def worst_r(z: np.ndarray) -> np.ndarray:
    """Per candidate row, the largest |r| with any accepted series."""
    return np.asarray(np.abs(z @ np.stack(ACCEPTED).T / len(KEYS)).max(axis=1))


def latent(
    unit_share: float = 0.97, trend: float = 0.0, apart_from: np.ndarray | None = None
) -> np.ndarray:
    """A standardized series nearly independent of all accepted ones.

    ``apart_from``: the other side of a wording trap; |r| with it must be < MAX_TRAP_R.
    """
    z = draw(unit_share, trend)
    score = worst_r(z)
    if apart_from is not None:
        score[np.abs(z @ apart_from / len(KEYS)) >= MAX_TRAP_R] = np.inf
    best = int(np.argmin(score))
    if score[best] >= MAX_CHANCE_R:
        raise RuntimeError(f"no independent latent series (best |r| = {score[best]:.3f})")
    ACCEPTED.append(z[best])
    return np.asarray(z[best])


def mixed(z: np.ndarray, rho: float = 0.84, lo: float = 0.78, hi: float = 0.87) -> np.ndarray:
    """rho * z + sqrt(1 - rho²) * e: a series overlapping z, with corr(z, ·) in [lo, hi]."""
    e = draw(0.97, 0.0)
    out = standardize(rho * z + math.sqrt(1 - rho * rho) * e)
    r = out @ z / len(KEYS)
    score = worst_r(e)
    score[(r < lo) | (r > hi)] = np.inf
    best = int(np.argmin(score))
    if not np.isfinite(score[best]):
        raise RuntimeError("no overlapping series in the band")
    ACCEPTED.append(e[best])
    return np.asarray(out[best])


def scale(z: np.ndarray, mean: float, sd: float, lo: float, hi: float, nd: int) -> Series:
    return [round(float(min(hi, max(lo, mean + sd * x))), nd) for x in z]


def lin(
    x: Series, a: float, b: float, noise: float, nd: int, lo: float = -1e18, hi: float = 1e18
) -> Series:
    """a * x + b plus tiny Gaussian noise (the same quantity, reported differently)."""
    eps = gen.normal(0, noise, len(x))
    return [round(float(min(hi, max(lo, a * v + b + e))), nd) for v, e in zip(x, eps, strict=True)]


def driven_total(
    size: np.ndarray, per_unit: float, unit_sd: float, noise_sd: float, year: list[float]
) -> Series:
    """A yearly total that scales with ``size`` (population or land area):
    size x rate x a unit factor x a year factor x noise."""
    factor = np.exp(gen.normal(0, unit_sd, len(UNITS)))[UNIT_OF]
    noise = np.exp(gen.normal(0, noise_sd, len(KEYS)))
    total = size * per_unit * factor * np.array(year)[YEAR_OF] * noise
    return [float(round(v)) for v in total]


def per_capita_count(per_10k: float, unit_sd: float, noise_sd: float, year: list[float]) -> Series:
    """Driven by population (萬人)."""
    return driven_total(POP, per_10k, unit_sd, noise_sd, year)


def per_area_count(per_km2: float, unit_sd: float, noise_sd: float, year: list[float]) -> Series:
    """Driven by land area (km²): rural works, farmland, slopes."""
    return driven_total(AREA, per_km2, unit_sd, noise_sd, year)


# --------------------------------------------------------------------------- indicators

GOALS = {
    "G1": "提升為民服務品質與市民滿意度",
    "G2": "建構健康城市與完善長期照顧",
    "G3": "改善環境品質與推動資源循環",
    "G4": "完善公共建設與維生管線",
    "G5": "建構便捷安全的交通運輸",
    "G6": "維護治安與強化消防救災",
    "G7": "厚植教育文化與全民運動",
    "G8": "推動農業永續與城鄉均衡發展",
    "G9": "健全財政與行政效能",
    "G10": "強化社會安全網與就業支持",
}

INDICATORS: list[dict[str, Any]] = []
VALUES: dict[str, Series] = {}


def add(
    slug: str,
    agency: str,
    name: str,
    definition: str | None,
    type_: str,
    goal: str,
    unit: str | None,
    direction: str,
    values: Series | None,
    weight: float | None = None,
) -> None:
    ind: dict[str, Any] = {"slug": slug, "agency_id": agency, "name": name}
    if definition:
        ind["definition"] = definition
    ind["type"] = type_
    ind["goal"] = GOALS[goal]
    if unit:
        ind["unit"] = unit
    ind["direction"] = direction
    if weight is not None:
        ind["weight"] = weight
    if values is not None:
        VALUES[slug] = values
    INDICATORS.append(ind)


def ints(xs: Series) -> Series:
    return [float(round(x)) for x in xs]


# G1 為民服務 ---------------------------------------------------------------------------
z = latent(0.75)
hotline = scale(z, 86, 3, 70, 99, 1)
add(
    "hotline-sat",
    "rdec",
    "1999市民熱線服務滿意度",
    "1999 市民熱線年度電話滿意度調查中，回答「非常滿意」或「滿意」之受訪者 ÷ 有效樣本數 × 100%",
    "outcome",
    "G1",
    "%",
    "higher",
    hotline,
    3,
)
add(
    "hotline-sat-deg",
    "secretariat",
    "1999專線服務滿意程度",
    "委外民調中對 1999 專線整體服務表示滿意（含非常滿意）之民眾占全部有效受訪民眾之比例",
    "outcome",
    "G1",
    "%",
    "higher",
    lin(hotline, 1.0, 0.0, 0.25, 1, hi=99.5),
)
add(
    "hotline-sat-5pt",
    "information",
    "市民專線服務滿意度平均分數",
    "1999 服務滿意度調查以五點量表（1＝非常不滿意，5＝非常滿意）計算之受訪者平均分數",
    "outcome",
    "G1",
    "分",
    "higher",
    lin(hotline, 0.04, 1.0, 0.01, 2),
)
add(
    "hotline-answer",
    "rdec",
    "1999市民熱線接通率",
    "來電於 20 秒內由話務人員接聽之通數 ÷ 總來電通數 × 100%",
    "process",
    "G1",
    "%",
    "higher",
    scale(latent(0.7, apart_from=z), 88, 4, 70, 99.5, 1),
    2,
)
add(
    "digital-use",
    "information",
    "數位服務使用率",
    None,
    "output",
    "G1",
    "%",
    "higher",
    scale(latent(0.8, trend=0.6), 35, 8, 10, 80, 1),
)
add(
    "happiness",
    "rdec",
    "提升市民幸福感",
    "持續提升市民生活幸福感。",
    "outcome",
    "G1",
    None,
    "higher",
    None,
)

# G2 健康與長照 -------------------------------------------------------------------------
z = latent()
flu = scale(z, 55, 5, 35, 80, 1)
add(
    "flu65",
    "health",
    "65歲以上長者流感疫苗接種率",
    "當季 65 歲以上接種流感疫苗人數 ÷ 65 歲以上年中人口數 × 100%",
    "outcome",
    "G2",
    "%",
    "higher",
    flu,
    3,
)
add(
    "flu-elder",
    "health",
    "老人流感疫苗施打率",
    "轄內 65 歲以上長者當季完成流感疫苗施打人數占 65 歲以上設籍人口之比率",
    "output",
    "G2",
    "%",
    "higher",
    lin(flu, 1.0, 0.0, 0.3, 1),
)
add(
    "flu-cov",
    "social-affairs",
    "高齡者流感疫苗接種涵蓋率",
    "當季 65 歲以上長者接種流感疫苗人數占 65 歲以上年中人口之比率",
    "outcome",
    "G2",
    "%",
    "higher",
    lin(flu, 1.0, 0.0, 0.4, 1),
)
add(
    "child-vacc",
    "health",
    "幼兒常規疫苗接種完成率",
    "滿 2 歲幼兒完成各項常規疫苗（MMR、五合一等）接種人數 ÷ 滿 2 歲幼兒數 × 100%",
    "outcome",
    "G2",
    "%",
    "higher",
    scale(latent(apart_from=z), 96, 1.2, 90, 99.6, 1),
)
z = latent()
add(
    "ltc-cov",
    "social-affairs",
    "長照服務涵蓋率",
    "長照服務使用人數 ÷ 長照需要人口推估數 × 100%",
    "outcome",
    "G2",
    "%",
    "higher",
    scale(z, 62, 8, 35, 90, 1),
    3,
)
add(
    "ltc-home",
    "health",
    "長照居家服務使用率",
    "使用居家服務（含居家照顧、居家復能）人數 ÷ 長照需要人口推估數 × 100%",
    "output",
    "G2",
    "%",
    "higher",
    scale(mixed(z, 0.84), 45, 6, 20, 70, 1),
)
z = latent()
add(
    "cancer4",
    "health",
    "四癌篩檢涵蓋率",
    "子宮頸癌、乳癌、大腸癌、口腔癌篩檢目標族群中，於建議間隔內完成篩檢之人數 ÷ 目標族群人口數 × 100%",
    "outcome",
    "G2",
    "%",
    "higher",
    scale(z, 45, 5, 25, 65, 1),
)
add(
    "colorectal",
    "health",
    "大腸癌篩檢率",
    "50 至 74 歲民眾 2 年內接受糞便潛血檢查人數 ÷ 50 至 74 歲人口數 × 100%",
    "output",
    "G2",
    "%",
    "higher",
    scale(mixed(z, 0.84), 40, 5, 20, 60, 1),
)

# G3 環境 ---------------------------------------------------------------------------------
z = latent(trend=0.3)
recycle = scale(z, 58, 5, 40, 75, 1)
add(
    "recycle-rate",
    "environment",
    "資源回收率",
    "（資源回收量＋廚餘回收量）÷ 一般廢棄物產生量 × 100%",
    "outcome",
    "G3",
    "%",
    "higher",
    recycle,
    2,
)
add(
    "recycle-ratio",
    "environment",
    "垃圾資源回收比率",
    "一般廢棄物中經回收再利用（含資源物及廚餘）之重量占垃圾總產生量之比率",
    "outcome",
    "G3",
    "%",
    "higher",
    lin(recycle, 1.0, 0.0, 0.3, 1),
)
add(
    "recycle-growth",
    "environment",
    "資源回收量成長率",
    "（本年資源回收量－上年資源回收量）÷ 上年資源回收量 × 100%",
    "output",
    "G3",
    "%",
    "higher",
    scale(latent(0.4, apart_from=z), 2, 3, -8, 12, 1),
)
add(
    "garbage",
    "environment",
    "垃圾清運量",
    "轄區一般垃圾（不含資源回收物及廚餘）全年清運總量",
    "output",
    "G3",
    "公噸",
    "lower",
    per_capita_count(1460, 0.12, 0.04, [1.0, 0.98, 0.97]),
)
z = latent()
add(
    "aqi-good",
    "environment",
    "空氣品質良好日數比率",
    "空氣品質指標（AQI）≦ 100 之日數 ÷ 有效監測日數 × 100%",
    "outcome",
    "G3",
    "%",
    "higher",
    scale(z, 80, 9, 45, 99, 1),
    2,
)
add(
    "pm25",
    "environment",
    "細懸浮微粒（PM2.5）年平均濃度",
    "轄區一般空氣品質監測站 PM2.5 日平均值之年平均",
    "outcome",
    "G3",
    "μg/m³",
    "lower",
    scale(-mixed(z, 0.84), 14, 3, 6, 24, 1),
)

# G4 公共建設 -----------------------------------------------------------------------------
z = latent()
add(
    "sewer-conn",
    "water-resources",
    "污水下水道接管率",
    "公共污水下水道已接管戶數 ÷ 總戶數 × 100%",
    "outcome",
    "G4",
    "%",
    "higher",
    scale(z, 35, 18, 3, 95, 1),
    3,
)
add(
    "sewage-treat",
    "water-resources",
    "污水處理率",
    "（公共污水下水道接管戶數＋專用污水下水道戶數＋建築物污水處理設施設置戶數）÷ 總戶數 × 100%",
    "outcome",
    "G4",
    "%",
    "higher",
    scale(mixed(z, 0.84), 62, 13, 25, 99, 1),
)
add(
    "sewer-budget",
    "water-resources",
    "污水下水道建設經費執行率",
    "污水下水道建設計畫實支數 ÷ 可支用預算數 × 100%",
    "process",
    "G4",
    "%",
    "higher",
    scale(latent(0.4, apart_from=z), 88, 6, 60, 100, 1),
)
z = latent()
water = scale(z, 93, 5, 65, 99.9, 1)
add(
    "water",
    "water-resources",
    "自來水普及率",
    "自來水供水人口 ÷ 轄區總人口 × 100%",
    "outcome",
    "G4",
    "%",
    "higher",
    water,
)
add(
    "water-conn",
    "public-works",
    "自來水接管人口比率",
    "已接用自來水之設籍人口占轄區總人口之比率",
    "outcome",
    "G4",
    "%",
    "higher",
    lin(water, 1.0, 0.0, 0.15, 1, hi=99.9),
)
z = latent(0.5)
arcade = scale(z, 92, 5, 65, 100, 1)
add(
    "arcade",
    "public-works",
    "騎樓整平計畫達成率",
    "已完成整平之騎樓長度 ÷ 年度計畫整平長度 × 100%",
    "output",
    "G4",
    "%",
    "higher",
    arcade,
)
add(
    "arcade-miss",
    "public-works",
    "騎樓整平未達成率",
    "年度計畫整平騎樓長度中尚未完成整平之比率（100% －已完成長度 ÷ 計畫長度 × 100%）",
    "output",
    "G4",
    "%",
    "lower",
    [round(100 - v, 1) for v in arcade],
)
add(
    "bridges",
    "public-works",
    "轄區橋梁定期檢測座數",
    "依公路養護手冊完成定期檢測之轄管橋梁座數",
    "output",
    "G4",
    "座",
    "higher",
    per_area_count(0.8, 0.15, 0.05, [1.0, 1.02, 1.03]),
)

# G5 交通 ---------------------------------------------------------------------------------
z = latent()
transit_cov = scale(z, 85, 7, 55, 99.5, 1)
add(
    "transit-cov",
    "transport",
    "公共運輸服務涵蓋率",
    "居住於公車站牌或軌道車站步行 500 公尺範圍內之人口 ÷ 總人口 × 100%",
    "output",
    "G5",
    "%",
    "higher",
    transit_cov,
    2,
)
add(
    "transit-cov2",
    "transport",
    "公共運輸路網覆蓋率",
    "公共運輸站點 500 公尺服務半徑內涵蓋之人口數 ÷ 轄區總人口數 × 100%",
    "output",
    "G5",
    "%",
    "higher",
    lin(transit_cov, 1.0, 0.0, 0.3, 1, hi=99.8),
)
z = latent()
add(
    "transit-share",
    "transport",
    "公共運輸市占率",
    "通勤、通學旅次中使用公共運輸之比率（交通部民眾日常使用運具狀況調查）",
    "outcome",
    "G5",
    "%",
    "higher",
    scale(z, 14, 7, 3, 45, 1),
    3,
)
add(
    "green-share",
    "transport",
    "綠色運具使用率",
    "通勤、通學旅次中使用公共運輸、自行車或步行之比率",
    "outcome",
    "G5",
    "%",
    "higher",
    scale(mixed(z, 0.84), 26, 8, 8, 55, 1),
)
add(
    "parking-tickets",
    "police",
    "違規停車告發件數",
    "警察機關及交通局舉發違規停車之件數",
    "output",
    "G5",
    "件",
    "higher",
    per_capita_count(2500, 0.15, 0.05, [1.0, 1.04, 1.06]),
)
add(
    "traffic-death",
    "transport",
    "道路交通事故30日死亡率",
    "道路交通事故發生後 30 日內死亡人數 ÷ 年中人口數 × 100,000",
    "outcome",
    "G5",
    "人/十萬人口",
    "lower",
    scale(latent(), 14, 4, 4, 26, 1),
    3,
)

# G6 治安與消防 --------------------------------------------------------------------------
z = latent()
crime10k = scale(z, 125, 22, 70, 190, 2)
add(
    "crime-10k",
    "police",
    "每萬人口刑案發生數",
    "全般刑案發生件數 ÷ 年中人口數 × 10,000",
    "outcome",
    "G6",
    "件/萬人",
    "lower",
    crime10k,
    2,
)
add(
    "crime-100k",
    "police",
    "刑案發生率",
    "全般刑案發生件數 ÷ 年中人口數 × 100,000",
    "outcome",
    "G6",
    "件/十萬人口",
    "lower",
    lin(crime10k, 10.0, 0.0, 0.6, 1),
)
z = latent(0.7)
add(
    "fire-rate",
    "fire",
    "火災發生率",
    "火災發生件數 ÷ 年中人口數 × 100,000",
    "outcome",
    "G6",
    "件/十萬人口",
    "lower",
    scale(z, 7, 2, 2, 14, 2),
)
add(
    "fire-death",
    "fire",
    "火災死亡率",
    "火災死亡人數 ÷ 年中人口數 × 100,000",
    "outcome",
    "G6",
    "人/十萬人口",
    "lower",
    scale(latent(0.5, apart_from=z), 0.7, 0.25, 0.05, 1.6, 2),
    2,
)
z = latent()
ems = scale(z, 7.5, 1.1, 4.5, 11, 2)
add(
    "ems-min",
    "fire",
    "緊急救護平均反應時間",
    "自 119 受理報案至救護車抵達現場之平均時間",
    "process",
    "G6",
    "分鐘",
    "lower",
    ems,
)
add(
    "ems-sec",
    "fire",
    "救護車到達現場平均時間",
    "自 119 受理報案起算，至救護車到達現場之平均秒數",
    "process",
    "G6",
    "秒",
    "lower",
    ints(lin(ems, 60.0, 0.0, 2.0, 0)),
)
add(
    "firefighters",
    "fire",
    "每萬人口消防人力",
    "消防機關現有外勤消防人員數 ÷ 年中人口數 × 10,000",
    "input",
    "G6",
    "人/萬人",
    "higher",
    scale(latent(), 7, 1.5, 3.5, 12, 2),
)
add(
    "dv-rereport",
    "social-affairs",
    "家庭暴力案件再通報率",
    "結案後一年內再次通報之家庭暴力案件數 ÷ 當年結案數 × 100%",
    "outcome",
    "G6",
    "%",
    "lower",
    scale(latent(0.7), 12, 3, 4, 22, 1),
)

# G7 教育文化運動 ------------------------------------------------------------------------
add(
    "library",
    "culture",
    "公共圖書館借閱人次",
    "轄內公共圖書館（含分館）全年借閱人次",
    "output",
    "G7",
    "人次",
    "higher",
    per_capita_count(8000, 0.15, 0.05, [0.92, 1.0, 1.05]),
)
add(
    "sports-center",
    "sports",
    "國民運動中心使用人次",
    "轄內國民運動中心全年入場使用人次",
    "output",
    "G7",
    "人次",
    "higher",
    per_capita_count(12000, 0.18, 0.05, [0.85, 1.0, 1.08]),
)
z = latent(trend=0.4)
add(
    "preschool-public",
    "education",
    "幼兒園公共化比率",
    "公立及非營利幼兒園核定招收名額 ÷ 幼兒園總核定招收名額 × 100%",
    "output",
    "G7",
    "%",
    "higher",
    scale(z, 32, 6, 15, 55, 1),
    2,
)
add(
    "preschool-afford",
    "education",
    "平價教保服務名額占比",
    "公立、非營利及準公共幼兒園核定招收名額 ÷ 幼兒園總核定招收名額 × 100%",
    "output",
    "G7",
    "%",
    "higher",
    scale(mixed(z, 0.84), 60, 7, 35, 85, 1),
)
add(
    "fitness",
    "education",
    "國中小學生體適能合格率",
    "體適能檢測四項均達常模百分等級 25 以上之學生數 ÷ 受測學生數 × 100%",
    "outcome",
    "G7",
    "%",
    "higher",
    scale(latent(), 68, 5, 50, 85, 1),
)

# G8 農業與城鄉 --------------------------------------------------------------------------
add(
    "farm-road",
    "agriculture",
    "農路養護長度",
    "年度完成養護之農路總長度",
    "output",
    "G8",
    "公里",
    "higher",
    per_area_count(0.08, 0.15, 0.05, [1.0, 1.0, 1.02]),
)
add(
    "farm-disaster",
    "agriculture",
    "農業天然災害救助申請件數",
    "農業天然災害發生後受理農民申請現金救助之件數",
    "output",
    "G8",
    "件",
    "lower",
    per_area_count(3.0, 0.15, 0.06, [0.9, 1.0, 1.15]),
)
add(
    "slope-violation",
    "agriculture",
    "山坡地違規使用查報件數",
    "查報山坡地違規開發、利用之案件數",
    "process",
    "G8",
    "件",
    "higher",
    per_area_count(0.12, 0.15, 0.06, [1.0, 0.97, 0.95]),
)
add("community", "civil-affairs", "強化社區營造", None, "process", "G8", None, "higher", None)
add(
    "land-acq",
    "urban-development",
    "公共設施保留地取得率",
    "已取得之公共設施保留地面積 ÷ 都市計畫公共設施保留地總面積 × 100%",
    "output",
    "G8",
    "%",
    "higher",
    scale(latent(), 40, 10, 12, 75, 1),
)

# G9 財政與行政 --------------------------------------------------------------------------
z = latent(0.6)
add(
    "budget-exec",
    "budget",
    "預算執行率",
    "年度決算實支數（含保留數）÷ 預算數 × 100%",
    "process",
    "G9",
    "%",
    "higher",
    scale(z, 90, 4, 75, 99.5, 1),
    2,
)
add(
    "budget-growth",
    "budget",
    "預算編列成長率",
    "（本年度總預算歲出編列數－上年度總預算歲出編列數）÷ 上年度總預算歲出編列數 × 100%",
    "input",
    "G9",
    "%",
    "higher",
    scale(latent(0.4, apart_from=z), 3, 3.5, -6, 12, 1),
)
consumer = per_capita_count(21, 0.15, 0.05, [1.0, 1.08, 1.12])
add(
    "consumer-cases",
    "legal",
    "消費爭議申訴件數",
    "受理消費者申訴及申請調解之件數",
    "output",
    "G9",
    "件",
    "lower",
    consumer,
)
add(
    "consumer-cases2",
    "legal",
    "消費者申訴案件數",
    "消保官及消費者服務中心受理消費申訴之案件數",
    "output",
    "G9",
    "件",
    "lower",
    ints(lin(consumer, 1.0, 0.0, 3.0, 0, lo=0)),
)
add(
    "smart-city",
    "information",
    "推動智慧城市",
    "推動智慧城市相關計畫。",
    "process",
    "G9",
    "項",
    "higher",
    ints(scale(latent(0.8), 8, 3, 1, 18, 0)),
)
add(
    "market-rent",
    "economic-development",
    "公有零售市場攤位出租率",
    "已出租攤位數 ÷ 可出租攤位數 × 100%",
    "output",
    "G9",
    "%",
    "higher",
    scale(latent(0.8), 82, 7, 55, 99, 1),
)

# G10 社福與就業 -------------------------------------------------------------------------
z = latent()
acc = scale(z, 78, 9, 45, 99.5, 1)
add(
    "accessible",
    "public-works",
    "公有建築無障礙設施改善完成率",
    "已完成無障礙設施改善之公有建築物棟數 ÷ 列管應改善棟數 × 100%",
    "output",
    "G10",
    "%",
    "higher",
    acc,
)
add(
    "accessible2",
    "social-affairs",
    "公有建築物無障礙設施改善率",
    "列管公有建築物中已完成無障礙設施改善者之比率",
    "output",
    "G10",
    "%",
    "higher",
    lin(acc, 1.0, 0.0, 0.4, 1, hi=100),
)
add(
    "social-workers",
    "social-affairs",
    "每萬人口社工人力",
    "公部門及委託民間之社會工作人員數 ÷ 年中人口數 × 10,000",
    "input",
    "G10",
    "人/萬人",
    "higher",
    scale(latent(), 4.5, 1.0, 2, 8, 2),
)
add(
    "unemployment",
    "labor",
    "失業率",
    "失業人數 ÷ 勞動力人數 × 100%（主計總處人力資源調查，縣市別）",
    "outcome",
    "G10",
    "%",
    "lower",
    scale(latent(), 3.6, 0.25, 2.9, 4.4, 2),
    2,
)
add(
    "job-match",
    "labor",
    "就業服務推介就業率",
    "推介就業人數 ÷ 求職登記人數 × 100%",
    "outcome",
    "G10",
    "%",
    "higher",
    scale(latent(0.7), 68, 5, 50, 85, 1),
)

# --------------------------------------------------------------------------- labels (by slug)

DUPLICATE_GROUPS = [
    ["hotline-sat", "hotline-sat-deg", "hotline-sat-5pt"],  # 滿意度 / 滿意程度 / 五點量表
    ["flu65", "flu-elder", "flu-cov"],  # 接種率 / 施打率 / 接種涵蓋率
    ["recycle-rate", "recycle-ratio"],
    ["water", "water-conn"],
    ["arcade", "arcade-miss"],  # 未達成率 = 100 − 達成率
    ["transit-cov", "transit-cov2"],  # 涵蓋率 / 覆蓋率
    ["crime-10k", "crime-100k"],  # 每萬人 / 每十萬人口
    ["ems-min", "ems-sec"],  # 分鐘 / 秒
    ["consumer-cases", "consumer-cases2"],  # 件數 / 案件數
    ["accessible", "accessible2"],
]
OVERLAPS = [
    ("ltc-cov", "ltc-home"),  # 居家服務是長照服務的一部分
    ("cancer4", "colorectal"),  # 大腸癌篩檢是四癌篩檢之一
    ("aqi-good", "pm25"),  # 同測空氣品質，指標不同
    ("sewer-conn", "sewage-treat"),  # 污水處理率含專用下水道與建築物污水設施
    ("transit-share", "green-share"),  # 綠色運具含公共運輸再加自行車、步行
    ("preschool-public", "preschool-afford"),  # 平價名額含準公共
]
WORDING_TRAPS = [
    ("budget-exec", "budget-growth"),
    ("recycle-rate", "recycle-growth"),
    ("recycle-ratio", "recycle-growth"),
    ("flu65", "child-vacc"),
    ("fire-rate", "fire-death"),
    ("sewer-conn", "sewer-budget"),
    ("hotline-sat", "hotline-answer"),
]
POP_DRIVEN = [
    "garbage",
    "library",
    "sports-center",
    "parking-tickets",
    "consumer-cases",
    "consumer-cases2",
]
AREA_DRIVEN = ["bridges", "farm-disaster", "farm-road", "slope-violation"]
DESIGNED_CORRELATION_TRAPS = [
    ("garbage", "library"),
    ("sports-center", "parking-tickets"),
    ("bridges", "farm-disaster"),
    ("farm-road", "slope-violation"),
]


def key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def correlation_traps() -> list[tuple[str, str, bool]]:
    """Designed pairs first, then every other cross pair in a population/area-driven set."""
    dup = {key(a, b) for g in DUPLICATE_GROUPS for a, b in combinations(g, 2)}
    designed = {key(a, b) for a, b in DESIGNED_CORRELATION_TRAPS}
    out = [(a, b, True) for a, b in DESIGNED_CORRELATION_TRAPS]
    for group in (POP_DRIVEN, AREA_DRIVEN):
        for a, b in combinations(group, 2):
            if key(a, b) not in dup and key(a, b) not in designed:
                out.append((a, b, False))
    return out


# --------------------------------------------------------------------------- checks


def check_bands() -> list[str]:
    problems: list[str] = []

    def r(a: str, b: str) -> float:
        return corr(VALUES[a], VALUES[b])

    labelled: set[frozenset[str]] = set()

    def band(a: str, b: str, ok: Callable[[float], bool], what: str) -> None:
        labelled.add(key(a, b))
        v = r(a, b)
        if not ok(abs(v)):
            problems.append(f"{what} {a}/{b}: r = {v:.3f}")

    for g in DUPLICATE_GROUPS:
        for a, b in combinations(g, 2):
            band(a, b, lambda v: v > 0.95, "duplicate")
    for a, b in OVERLAPS:
        band(a, b, lambda v: 0.75 <= v <= 0.90, "overlap")
    for a, b in WORDING_TRAPS:
        band(a, b, lambda v: v < 0.30, "wording trap")
    for a, b, _designed in correlation_traps():
        band(a, b, lambda v: v > 0.80, "correlation trap")
    worst = 0.0
    for a, b in combinations(sorted(VALUES), 2):
        if key(a, b) in labelled:
            continue
        v = abs(r(a, b))
        worst = max(worst, v)
        if v >= 0.60:
            problems.append(f"unlabelled {a}/{b}: r = {v:.3f}")
    print(f"max |r| over unlabelled pairs: {worst:.3f}")
    return problems


# --------------------------------------------------------------------------- output


def assign_ids() -> dict[str, str]:
    """Shuffle, then number K01…; reshuffle while a duplicate/overlap pair sits adjacent."""
    slugs = [ind["slug"] for ind in INDICATORS]
    close = [key(a, b) for g in DUPLICATE_GROUPS for a, b in combinations(g, 2)]
    close += [key(a, b) for a, b in OVERLAPS]
    order = Random(SEED + 1)
    for _ in range(10000):
        order.shuffle(slugs)
        pos = {s: i for i, s in enumerate(slugs)}
        if all(abs(pos[a] - pos[b]) > 1 for a, b in (tuple(k) for k in close)):
            return {s: f"K{i + 1:02d}" for i, s in enumerate(slugs)}
    raise RuntimeError("could not separate related pairs")


def fmt(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def write(ids: dict[str, str]) -> None:
    rows = []
    for ind in sorted(INDICATORS, key=lambda i: ids[i["slug"]]):
        row = {"id": ids[ind["slug"]]}
        row.update({k: v for k, v in ind.items() if k != "slug"})
        if ind["slug"] in VALUES:
            row["values"] = {
                f"{uid}|{p}": fmt(v) for (uid, p), v in zip(KEYS, VALUES[ind["slug"]], strict=True)
            }
        rows.append(row)
    header = (
        "# local-17x3: a county/city evaluation catalog, 17 local governments x 2021-2023.\n"
        "# Generated by generate.py (synthetic values); do not edit by hand.\n"
    )
    text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=1000)
    (HERE / "catalog.yaml").write_text(header + text, encoding="utf-8")

    names = {ind["slug"]: ind["name"] for ind in INDICATORS}

    def pair(a: str, b: str) -> tuple[str, str, str]:
        (x, nx), (y, ny) = sorted([(ids[a], names[a]), (ids[b], names[b])])
        return x, y, f"{nx} / {ny}"

    lines = [
        "# Labels for local-17x3/catalog.yaml. Generated by generate.py; do not edit by hand.",
        "# Decided from meaning (name + definition), not from the values; the values were then",
        "# generated to match: duplicates |r| > 0.95, overlaps 0.75-0.90, wording traps |r| < 0.30,",
        "# correlation traps |r| > 0.80 (both totals scale with population or with land area).",
        "duplicates:",
    ]
    for g in DUPLICATE_GROUPS:
        for a, b in combinations(g, 2):
            x, y, note = pair(a, b)
            lines.append(f"  - [{x}, {y}]  # {note}")
    lines.append("overlaps:")
    for a, b in OVERLAPS:
        x, y, note = pair(a, b)
        lines.append(f"  - [{x}, {y}]  # {note}")
    lines.append("traps:")
    for a, b in WORDING_TRAPS:
        x, y, note = pair(a, b)
        lines += [f"  - pair: [{x}, {y}]  # {note}", "    kind: wording"]
    for a, b, designed in correlation_traps():
        x, y, note = pair(a, b)
        why = (
            "designed"
            if designed
            else "incidental: both scale with " + ("population" if a in POP_DRIVEN else "land area")
        )
        lines += [f"  - pair: [{x}, {y}]  # {note} ({why})", "    kind: correlation"]
    (HERE / "labels.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    problems = check_bands()
    ids = assign_ids()
    write(ids)
    dup_pairs = sum(len(g) * (len(g) - 1) // 2 for g in DUPLICATE_GROUPS)
    traps = correlation_traps()
    print(
        f"{len(INDICATORS)} indicators ({len(VALUES)} with values), {dup_pairs} duplicate pairs, "
        f"{len(OVERLAPS)} overlaps, {len(WORDING_TRAPS)} wording traps, "
        f"{len(traps)} correlation traps ({sum(d for *_x, d in traps)} designed)"
    )
    for p in problems:
        print("BAND:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
