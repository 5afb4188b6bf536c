"""Generate the drafting eval cases: synthetic ``kaoping/metrics@1`` files.

The drafting eval needs many metrics files that look like what agencies hand
in (central ministries, cities and counties, hospitals, universities, research
institutes) and that exercise the awkward cases a narrative must handle: targets
missed by a hair or by a mile, values not yet measurable, a target met exactly,
a lower-is-better value that got worse, zero accidents, big numbers written
with 千分位, histories that rise, fall, stay flat or zig-zag, and shortfalls
with and without the agency's explanation.

Everything is drawn from the pools below with one ``random.Random(SEED)``, so
the files are reproducible byte for byte and need no network. Run::

    .venv/bin/python evals/drafting/generate.py            # write cases/, then score them
    .venv/bin/python evals/drafting/generate.py --no-check # write only

After writing, the script scores every file with ``kaoping score --format json``
(each must exit 0) and prints the coverage the eval relies on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from random import Random
from typing import Any

import yaml

SEED = 20240611
N_FILES = 40
HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"

# ---------------------------------------------------------------------------
# Pools (data). Spec rows: goals | name | unit | direction | type | last-year
# range | decimal places | flags | definition | data source. "goals" lists which
# of the domain's goals (0, 1, 2) the indicator belongs under, so an indicator
# never sits under a goal it does not measure.
# Flags: cap = a share that cannot pass 100; ext = an extensive quantity (a
# ministry's national total is ~10x a city's); zero = a count of harms that can
# really be 0; late = published after the period closes (candidate for null);
# local / central = only for city and county governments / only for ministries.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One indicator an agency of the domain might report."""

    goals: str  # indices of the domain's goals this indicator fits, e.g. "02"
    name: str
    unit: str
    direction: str
    type: str
    lo: float
    hi: float
    places: int
    flags: frozenset[str]
    definition: str
    source: str


@dataclass(frozen=True)
class Reason:
    """A shortfall cause with the remedy that answers it, for the goals it fits."""

    goals: str
    cause: str
    remedy: str


@dataclass(frozen=True)
class Domain:
    """A policy area: its goal names, indicators and the shortfall reasons officers give."""

    goals: tuple[str, ...]
    specs: tuple[Spec, ...]
    reasons: tuple[Reason, ...]


def _specs(table: str) -> tuple[Spec, ...]:
    """Parse a pipe table of indicator specs (kept as text so the pools read like a list)."""
    rows = []
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        goals, name, unit, direction, kind, span, places, flags, definition, source = cells
        lo, hi = (float(x) for x in span.split("~"))
        wanted = frozenset(f for f in flags.split(",") if f and f != "-")
        rows.append(
            Spec(
                goals, name, unit, direction, kind, lo, hi, int(places), wanted, definition, source
            )
        )
    return tuple(rows)


def _reasons(table: str) -> tuple[Reason, ...]:
    """Parse a pipe table of goals | cause | remedy."""
    return tuple(
        Reason(*(c.strip() for c in line.split("|"))) for line in table.strip().splitlines()
    )


DOMAINS: dict[str, Domain] = {
    "transport": Domain(
        goals=("打造安全便捷交通", "強化運輸安全，降低事故傷亡", "推動綠色運輸與智慧交通"),
        specs=_specs("""
02 | 公共運輸使用率 | % | higher | outcome | 14~24 | 1 | cap,late | 使用公共運輸之旅次數 ÷ 總旅次數 × 100% | 民眾日常使用運具狀況調查（示範資料）
1 | A1類道路交通事故件數 | 件 | lower | outcome | 60~280 | 0 | ext | 當年度警察機關登錄之A1類（當場或24小時內死亡）道路交通事故件數 | 道路交通事故統計（示範資料）
1 | 道路交通事故30日死亡人數 | 人 | lower | outcome | 80~320 | 0 | ext,late | 道路交通事故發生後30日內死亡人數 | 道路交通事故30日死亡統計（示範資料）
0 | 市區公車準點率 | % | higher | outcome | 86~95 | 1 | cap | 依表定時間前後3分鐘內發車之班次數 ÷ 總發車班次數 × 100% | 公車動態資訊系統（示範資料）
02 | 公共自行車租借人次 | 人次 | higher | output | 1200000~9800000 | 0 | - | 當年度公共自行車系統租借人次合計 | 公共自行車營運月報（示範資料）
01 | 路口行人安全改善處數 | 處 | higher | output | 20~120 | 0 | ext | 當年度完成行人庇護島、標線型人行道等改善之路口數 | 道路工程管考系統（示範資料）
01 | 人行道新建及改善長度 | 公里 | higher | output | 8~45 | 1 | ext | 當年度完工之人行道新建及拓寬改善長度 | 工程管考月報（示範資料）
0 | 監理業務申辦案件平均處理天數 | 天 | lower | process | 2.6~4.2 | 1 | - | 監理申辦案件自收件至結案日數合計 ÷ 結案件數 | 監理服務資訊系統統計（示範資料）
2 | 電動大客車新增數 | 輛 | higher | output | 30~120 | 0 | ext | 當年度新領牌照之電動大客車輛數 | 公路監理車籍統計（示範資料）
1 | 鐵路行車重大事故件數 | 件 | lower | outcome | 0~8 | 0 | zero | 當年度臺鐵、高鐵及捷運系統發生之行車重大事故件數 | 鐵道行車安全月報（示範資料）
12 | 智慧號誌路口建置數 | 處 | higher | output | 15~90 | 0 | - | 當年度完成適應性智慧號誌建置之路口數 | 智慧交通計畫管考表（示範資料）
"""),
        reasons=_reasons("""
1 | 高齡者及機車騎士事故仍占多數，路口改善工程尚未全面發揮成效 | 將擴大路口行人安全改善補助，並加強重點路段執法
01 | 部分路段管線遷移協調延宕，致改善工程延至下半年始完工 | 已推動管線單位聯合施工並納入管考，預計{next}年第2季前完成
02 | 客運駕駛人力不足致部分路線減班，影響服務量能及旅客搭乘意願 | 已提高駕駛員薪資加給並辦理專班招募，逐步恢復班次
0 | 下半年監理換照高峰與系統汰換上線期間作業量增加 | 已增派人力支援並優化線上審核流程
2 | 電動車輛交車及充電設施建置進度受國際供應鏈影響延後 | 已協調業者調整交車期程，並同步加速充電站建置
12 | 智慧號誌設備採購流標，建置期程延後 | 已修正採購規格並重新招標，預計{next}年第2季完成建置
"""),
    ),
    "tourism": Domain(
        goals=("發展觀光產業，活絡地方經濟", "打造友善旅遊環境"),
        specs=_specs("""
0 | 主要觀光遊憩據點遊客人次 | 人次 | higher | outcome | 8500000~32000000 | 0 | - | 主要觀光遊憩據點當年度遊客人次合計 | 觀光遊憩據點遊客人次統計（示範資料）
0 | 觀光旅館平均住用率 | % | higher | outcome | 52~78 | 2 | cap | 觀光旅館客房住用數 ÷ 可供出租客房數 × 100% | 觀光旅館營運統計（示範資料）
0 | 節慶活動帶動觀光產值 | 億元 | higher | outcome | 3.5~28 | 1 | - | 以遊客人次 × 平均每人消費金額推估之產值 | 節慶活動效益評估報告（示範資料）
0 | 來臺旅客人次 | 人次 | higher | outcome | 2500000~11000000 | 0 | central,late | 當年度入境之外籍、港澳及大陸旅客人次 | 入出境旅客統計（示範資料）
01 | 旅宿業輔導及評鑑家數 | 家 | higher | output | 40~260 | 0 | ext | 當年度接受經營輔導或完成星級評鑑之旅宿業家數 | 旅宿業管理系統（示範資料）
1 | 自行車道新建及改善長度 | 公里 | higher | output | 12~80 | 1 | ext | 當年度完工之自行車道新建及改善長度 | 工程管考月報（示範資料）
1 | 觀光景點公廁及停車設施改善處數 | 處 | higher | output | 8~45 | 0 | ext | 當年度完成改善並驗收之景點公廁及停車設施處數 | 觀光建設管考表（示範資料）
1 | 旅遊服務中心服務人次 | 人次 | higher | output | 80000~650000 | 0 | ext | 旅遊服務中心提供諮詢及導覽服務之人次 | 旅遊服務中心統計（示範資料）
1 | 旅遊消費爭議案件平均處理天數 | 天 | lower | process | 12~30 | 0 | - | 當年度結案之旅遊消費爭議案件處理日數合計 ÷ 結案件數 | 消費爭議案件管理系統（示範資料）
"""),
        reasons=_reasons("""
0 | 國際旅客回流速度不如預期，且國旅需求轉向海外 | 將與旅行業者合作推出套裝遊程，並擴大國際行銷
0 | 連續假期天候不佳，主要景點遊客人次減少 | 將規劃雨備行程及室內展演活動，並加強淡季促銷
1 | 部分景點設施改善工程因用地取得延宕 | 已完成用地協調，預計{next}年第3季完工
01 | 旅宿業者人力短缺，參與輔導及評鑑意願不高 | 將提供評鑑費用補助並簡化申請程序
1 | 消費爭議案件多涉及境外業者，協調處理耗時 | 將建立與境外業者之聯繫窗口並加強定型化契約宣導
"""),
    ),
    "culture": Domain(
        goals=("厚植文化底蘊，豐富藝文生活", "保存文化資產，推廣在地文化"),
        specs=_specs("""
01 | 博物館及文化館所參觀人次 | 人次 | higher | outcome | 450000~1800000 | 0 | ext | 所屬博物館、美術館及文化館所當年度參觀人次合計 | 館所入館人次統計（示範資料）
0 | 藝文活動辦理場次 | 場次 | higher | output | 180~950 | 0 | - | 當年度主辦及補助之表演、展覽與推廣活動場次 | 藝文活動管考表（示範資料）
1 | 文化資產修復完成處數 | 處 | higher | output | 3~18 | 0 | - | 當年度完成修復工程並驗收之古蹟、歷史建築處數 | 文化資產管理系統（示範資料）
0 | 公共圖書館每人借閱冊數 | 冊 | higher | outcome | 2.1~4.8 | 2 | - | 公共圖書館年度借閱冊數 ÷ 轄內人口數 | 公共圖書館統計系統（示範資料）
0 | 藝文補助計畫核定件數 | 件 | higher | output | 60~420 | 0 | - | 當年度核定補助之藝文團體及個人計畫件數 | 補助案管理系統（示範資料）
0 | 表演藝術場館使用率 | % | higher | outcome | 62~88 | 1 | cap | 場館使用日數 ÷ 可使用日數 × 100% | 場館營運統計（示範資料）
1 | 歷史建築活化再利用處數 | 處 | higher | output | 2~15 | 0 | - | 當年度完成活化並開放使用之古蹟及歷史建築處數 | 文化資產管理系統（示範資料）
1 | 文化資產導覽及推廣活動參與人次 | 人次 | higher | output | 15000~120000 | 0 | ext | 文化資產導覽、體驗及推廣活動之參與人次合計 | 文化資產推廣活動統計（示範資料）
01 | 社區營造計畫補助件數 | 件 | higher | output | 20~140 | 0 | ext | 當年度核定補助之社區營造及村落文化計畫件數 | 社區營造管考表（示範資料）
"""),
        reasons=_reasons("""
0 | 主要展館進行整修閉館近3個月，參觀人次減少 | 將強化線上展覽與行銷推廣，並擴大與學校合作辦理校外教學
0 | 藝文團體申請件數減少，部分計畫因自籌款不足撤案 | 將簡化補助申請程序並加強輔導說明會
1 | 部分修復工程因古蹟構件調查發現新損壞，須辦理變更設計 | 已完成變更設計審查，預計{next}年第3季完工
1 | 歷史建築委外經營招商流標 | 將調整招商條件並擴大公私協力經營模式
01 | 場館空調及消防設備改善工程施工，部分空間暫停開放 | 工程已於年底完工，{next}年將擴大辦理推廣活動
"""),
    ),
    "education": Domain(
        goals=("提升學生學習成效", "建構友善安全校園", "擴大教育機會均等"),
        specs=_specs("""
01 | 國中小學生體適能合格率 | % | higher | outcome | 58~72 | 1 | cap,late | 體適能檢測四項皆達銅質以上之學生數 ÷ 受測學生數 × 100% | 體適能檢測資料庫（示範資料）
2 | 公立及非營利幼兒園新增班級數 | 班 | higher | output | 12~80 | 0 | ext | 當年度新設公立及非營利幼兒園班級數 | 幼兒園基本資料庫（示範資料）
1 | 老舊校舍耐震補強完成棟數 | 棟 | higher | output | 6~40 | 0 | ext | 當年度完成耐震補強或拆除重建並驗收之校舍棟數 | 校舍耐震資訊網（示範資料）
0 | 國中教育會考英語科待加強比率 | % | lower | outcome | 24~36 | 2 | late | 英語科待加強等級人數 ÷ 到考人數 × 100% | 國中教育會考成績統計（示範資料）
0 | 教師專業發展研習參與人次 | 人次 | higher | output | 9000~48000 | 0 | ext | 當年度教師參與專業成長研習之人次合計 | 教師在職進修資訊網（示範資料）
02 | 中小學學習載具配發比率 | % | higher | input | 70~98 | 1 | cap | 已配發學習載具之學生數 ÷ 應配發學生數 × 100% | 數位學習精進方案管考（示範資料）
12 | 中輟生復學率 | % | higher | outcome | 82~94 | 1 | cap | 當學年度中輟復學人數 ÷ 中輟人數 × 100% | 中輟生通報及復學系統（示範資料）
2 | 偏鄉學校課後輔導受益學生數 | 人 | higher | output | 2500~14000 | 0 | ext | 參與課後學習輔導之偏鄉學校學生人數 | 課後扶助方案系統（示範資料）
1 | 校園重大安全事件件數 | 件 | lower | outcome | 0~6 | 0 | zero | 校園安全通報系統登錄之甲級（重大）安全事件件數 | 校園安全通報系統（示範資料）
1 | 校園霸凌案件如期結案率 | % | higher | process | 90~99 | 1 | cap | 於規定期限內完成調查處理之霸凌案件數 ÷ 受理案件數 × 100% | 校園安全通報系統（示範資料）
"""),
        reasons=_reasons("""
0 | 疫情後學生學習落差尚未完全弭平 | 將擴大補救教學及課後輔導，並針對弱勢學生提供個別化學習資源
0 | 教師甄選缺額未能補足，影響課程開設及研習參與 | 將增加代理教師員額並採線上研習彈性認列
1 | 校舍補強工程因營建物價上漲多次流標 | 已調整發包策略並增列物價調整款，預計{next}年上半年完成
1 | 校園案件調查需委請外部專家，排程不易 | 將擴充調查專業人才庫並辦理培訓
2 | 少子女化及師資不足，部分新設幼兒園班級延後開班 | 將與地方政府合作盤點閒置空間，加速設置公共化幼兒園
2 | 偏遠地區交通不便，課後輔導師資招募困難 | 將結合大專校院志工及線上陪伴學習資源
"""),
    ),
    "health": Domain(
        goals=("強化疾病預防與健康促進", "建構完善長照與醫療照護體系", "守護食品安全與緊急醫療"),
        specs=_specs("""
0 | 65歲以上長者流感疫苗接種率 | % | higher | outcome | 46~60 | 1 | cap | 65歲以上接種流感疫苗人數 ÷ 65歲以上人口數 × 100% | 全國性預防接種資訊管理系統（示範資料）
0 | 30至69歲婦女子宮頸抹片篩檢率 | % | higher | outcome | 48~58 | 1 | cap,late | 三年內曾接受子宮頸抹片檢查之婦女人數 ÷ 30至69歲婦女人數 × 100% | 癌症篩檢資料庫（示範資料）
0 | 18歲以上人口吸菸率 | % | lower | outcome | 12~16 | 1 | late | 18歲以上目前吸菸人數 ÷ 18歲以上人口數 × 100% | 國民健康訪問調查（示範資料）
0 | 結核病發生率 | 人/每十萬人口 | lower | outcome | 28~42 | 1 | late | 結核病新案數 ÷ 年中人口數 × 100,000 | 傳染病統計暨監視年報（示範資料）
2 | 食品中毒案件數 | 件 | lower | outcome | 8~45 | 0 | ext | 經衛生機關調查確認之食品中毒案件數 | 食品中毒案件統計（示範資料）
2 | 緊急救護平均反應時間 | 分鐘 | lower | process | 6.2~9.5 | 1 | - | 救護案件自受理至到達現場時間合計 ÷ 救護案件數 | 緊急救護管理系統（示範資料）
01 | 嬰兒死亡率 | ‰ | lower | outcome | 3.4~4.8 | 1 | late | 未滿1歲死亡人數 ÷ 活產數 × 1,000 | 出生及死亡統計（示範資料）
1 | 社區心理衛生服務人次 | 人次 | higher | output | 12000~65000 | 0 | ext | 社區心理衛生中心提供諮商、訪視及轉介服務之人次 | 心理健康服務管理系統（示範資料）
1 | 長照服務涵蓋率 | % | higher | outcome | 55~78 | 1 | cap | 長照服務使用人數 ÷ 長照需要推估人數 × 100% | 長照服務資源地理地圖（示範資料）
1 | 失智症共同照護中心服務人數 | 人 | higher | output | 1200~8500 | 0 | ext | 失智症共同照護中心收案管理之個案人數 | 失智照護服務管理系統（示範資料）
2 | 市售食品抽驗合格率 | % | higher | outcome | 88~96 | 1 | cap | 抽驗合格件數 ÷ 抽驗件數 × 100% | 食品抽驗管理系統（示範資料）
2 | 到院前心肺功能停止（OHCA）病人存活出院率 | % | higher | outcome | 6~12 | 1 | late | OHCA病人存活出院人數 ÷ 送醫OHCA病人數 × 100% | 緊急救護品質統計（示範資料）
"""),
        reasons=_reasons("""
0 | 民眾對疫苗接種意願下降，且接種期間與其他疫苗排程重疊 | 將結合社區據點及藥局擴大設站，並加強衛教宣導
0 | 基層醫療院所人力不足，篩檢服務量能受限 | 已增加巡迴篩檢場次並放寬夜間及假日服務時段
01 | 傳染病疫情升溫，醫療量能優先投入防疫工作 | 將於疫情趨緩後加開服務場次，並強化高風險族群追蹤
1 | 照顧服務員人力不足，部分區域服務量能受限 | 將提高照顧服務員薪資並擴大培訓，布建偏遠地區服務據點
2 | 夏季高溫致食品中毒案件集中發生於團膳及外燴 | 將加強團膳業者稽查及從業人員衛生教育訓練
2 | 救護案件量較去年增加一成，救護車調度不易 | 將增設救護分隊並推動救護案件分級派遣
"""),
    ),
    "welfare": Domain(
        goals=("照顧弱勢，完善社會安全網", "營造友善生養及居住環境", "推動高齡友善與長期照顧"),
        specs=_specs("""
1 | 社會住宅興辦戶數 | 戶 | higher | output | 800~4200 | 0 | ext | 當年度新開工及完工之社會住宅戶數合計 | 社會住宅管考表（示範資料）
1 | 公共托育服務人次 | 人次 | higher | output | 95000~320000 | 0 | ext | 公共托育家園、托嬰中心及親子館服務人次合計 | 托育服務統計（示範資料）
0 | 身心障礙者個案管理服務人數 | 人 | higher | output | 1800~7200 | 0 | ext | 接受個案管理服務之身心障礙者人數 | 身心障礙者服務資訊系統（示範資料）
0 | 家庭暴力案件24小時內派案率 | % | higher | process | 92~99 | 1 | cap | 受理後24小時內完成派案之案件數 ÷ 受理案件數 × 100% | 關懷e起來通報系統（示範資料）
2 | 社區照顧關懷據點數 | 處 | higher | output | 150~620 | 0 | ext | 年底運作中之社區照顧關懷據點數 | 社區照顧關懷據點管理系統（示範資料）
2 | 獨居長者關懷訪視人次 | 人次 | higher | output | 60000~280000 | 0 | ext | 對列冊獨居長者電話問安及到宅訪視之人次合計 | 老人福利服務統計（示範資料）
01 | 兒少未來教育與發展帳戶開戶率 | % | higher | outcome | 52~70 | 1 | cap | 已開戶兒少人數 ÷ 符合資格兒少人數 × 100% | 兒少發展帳戶管理系統（示範資料）
0 | 低收入戶及中低收入戶就業輔導成功人數 | 人 | higher | outcome | 300~1400 | 0 | ext | 經就業輔導後穩定就業達3個月以上之人數 | 脫貧方案管考表（示範資料）
1 | 育兒津貼核發金額 | 億元 | higher | input | 12~48 | 2 | ext | 當年度核發之育兒津貼金額合計 | 社會福利支出統計（示範資料）
0 | 急難紓困救助金核發金額 | 元 | higher | input | 12000000~68000000 | 0 | - | 當年度核發急難救助及紓困金額合計 | 社會救助系統（示範資料）
2 | 長青學苑及樂齡課程參與人次 | 人次 | higher | output | 20000~150000 | 0 | ext | 長青學苑及樂齡學習課程之參與人次合計 | 老人福利服務統計（示範資料）
2 | 老人福利機構評鑑甲等以上比率 | % | higher | outcome | 60~85 | 1 | cap | 評鑑甲等以上機構數 ÷ 受評機構數 × 100% | 老人福利機構評鑑結果（示範資料）
"""),
        reasons=_reasons("""
1 | 社會住宅基地因營建物料價格上漲致工程流標 | 已調整發包策略並增列物價調整款，以確保後續進度
0 | 社工人力流動率高，新進人員需時培訓 | 將提高社工人員專業加給並擴大督導支持，以穩定人力
2 | 部分據點因志工高齡化退場，新據點開設進度不如預期 | 將結合民間團體與宗教組織輔導設置新據點
01 | 申請資格調整後，符合條件之對象人數較推估減少 | 將加強主動關懷及個案轉介，協助符合資格者提出申請
1 | 托育人員招募不易，部分公共托育設施延後開辦 | 將提高托育人員薪資補助並擴大職前訓練
"""),
    ),
    "environment": Domain(
        goals=("改善空氣品質，維護國民健康", "推動資源循環零廢棄", "落實淨零排放與環境保護"),
        specs=_specs("""
0 | PM2.5年平均濃度 | μg/m³ | lower | outcome | 12~19 | 1 | late | 轄內一般空氣品質監測站細懸浮微粒（PM2.5）年平均值 | 空氣品質監測網（示範資料）
0 | 空氣品質AQI良好日數比率 | % | higher | outcome | 62~88 | 1 | cap | AQI ≤ 100 之日數 ÷ 全年有效監測日數 × 100% | 空氣品質監測網（示範資料）
1 | 垃圾資源回收率 | % | higher | outcome | 52~62 | 2 | cap | (資源回收量 + 廚餘回收量 + 巨大垃圾回收再利用量) ÷ 垃圾產生量 × 100% | 垃圾清理統計（示範資料）
2 | 污水下水道用戶接管普及率 | % | higher | outcome | 38~72 | 2 | cap | 污水下水道接管戶數 ÷ 總戶數 × 100% | 下水道建設管考系統（示範資料）
1 | 廚餘回收再利用量 | 公噸 | higher | output | 8000~45000 | 0 | ext | 當年度回收並再利用（堆肥、養豬、生質能）之廚餘量 | 廚餘回收統計（示範資料）
2 | 河川嚴重污染長度比率 | % | lower | outcome | 1.8~5.5 | 2 | - | 河川水質屬嚴重污染之長度 ÷ 監測河段總長度 × 100% | 河川水質監測資料（示範資料）
2 | 溫室氣體排放量 | 萬公噸CO2e | lower | outcome | 850~3200 | 0 | ext,late | 依溫室氣體排放清冊方法計算之年排放量 | 溫室氣體排放清冊（示範資料）
02 | 公害陳情案件平均處理天數 | 天 | lower | process | 4.5~8.0 | 1 | - | 當年度結案之公害陳情案件處理日數合計 ÷ 結案件數 | 公害陳情案件管理系統（示範資料）
02 | 環境稽查次數 | 次 | higher | process | 1800~9000 | 0 | ext | 當年度對事業單位及營建工地執行環境稽查之次數 | 環境稽查處分管制系統（示範資料）
2 | 低碳永續家園認證村里數 | 處 | higher | output | 20~110 | 0 | ext | 取得低碳永續家園銅級以上認證之村里數 | 低碳永續家園資訊網（示範資料）
0 | 老舊機車汰換數 | 輛 | higher | output | 3000~25000 | 0 | ext | 當年度補助汰換二行程及老舊機車之輛數 | 機車汰舊補助系統（示範資料）
1 | 每人每日一般垃圾產生量 | 公斤 | lower | outcome | 0.35~0.55 | 3 | - | 一般垃圾產生量 ÷ 年中人口數 ÷ 全年日數 | 垃圾清理統計（示範資料）
"""),
        reasons=_reasons("""
0 | 境外污染物移入及春季大氣擴散條件不佳，影響空氣品質 | 將加強固定污染源稽查並擴大補助老舊機車汰換
1 | 焚化廠歲修期間延長，垃圾處理及回收量能下降 | 已協調鄰近縣市區域合作處理，並提前辦理歲修規劃
2 | 污水下水道工程因管線遷移及交通維持計畫審查延宕 | 將與管線單位建立聯合審查機制，加速工程進度
02 | 陳情案件複雜度增加，需跨機關會勘 | 將建立跨局處聯合稽查機制並導入案件管理系統追蹤
2 | 產業活動回溫致能源使用量增加 | 將擴大推動產業節能減碳輔導及綠色運輸
"""),
    ),
    "economy": Domain(
        goals=("優化投資環境，促進產業升級", "扶植中小企業與新創發展", "推動能源轉型"),
        specs=_specs("""
0 | 招商引資投資金額 | 億元 | higher | outcome | 180~1200 | 1 | ext | 當年度簽署投資意向書或完成登記之投資金額合計 | 投資案件管考系統（示範資料）
1 | 中小企業輔導家數 | 家 | higher | output | 600~3200 | 0 | ext | 當年度接受經營管理、數位轉型等輔導之中小企業家數 | 中小企業輔導成果資料庫（示範資料）
1 | 新創事業獲投資金額 | 億元 | higher | outcome | 3.5~28 | 1 | ext | 輔導之新創事業當年度獲創投及天使投資金額合計 | 新創輔導成果調查（示範資料）
0 | 工業區土地出租及出售率 | % | higher | outcome | 82~97 | 1 | cap | 已出租及出售面積 ÷ 可供出租及出售面積 × 100% | 工業區管理系統（示範資料）
2 | 太陽光電新增裝置容量 | MW | higher | output | 40~600 | 0 | ext | 當年度完成併聯之太陽光電裝置容量 | 再生能源併聯統計（示範資料）
01 | 公司登記案件平均處理天數 | 天 | lower | process | 1.5~3.5 | 1 | - | 公司設立及變更登記案件處理日數合計 ÷ 案件數 | 公司登記系統（示範資料）
01 | 協助廠商拓銷海外訂單金額 | 億元 | higher | outcome | 20~160 | 1 | ext | 參與拓銷團及國際展覽之廠商當年度取得訂單金額 | 拓銷成果調查（示範資料）
1 | 商圈及市集輔導場次 | 場次 | higher | output | 30~160 | 0 | - | 當年度辦理商圈輔導、行銷活動及講座之場次 | 商業輔導管考表（示範資料）
2 | 節電量 | 萬度 | higher | outcome | 2500~18000 | 0 | ext | 推動住商及產業節能措施之年度節電量 | 節能成果統計（示範資料）
2 | 綠能產業新增投資金額 | 億元 | higher | outcome | 20~260 | 1 | ext | 當年度離岸風電、太陽光電及儲能等綠能產業新增投資金額 | 投資案件管考系統（示範資料）
2 | 儲能系統新增設置容量 | MW | higher | output | 10~180 | 0 | ext | 當年度完成併網之儲能系統容量 | 再生能源併聯統計（示範資料）
"""),
        reasons=_reasons("""
0 | 全球景氣趨緩及升息影響企業投資意願 | 將強化投資案件單一窗口服務，並協助排除用地、用水及用電障礙
0 | 部分大型投資案環評審查時程延長，延後動工 | 將協助業者加速環評及用地變更程序
01 | 出口市場需求下滑，廠商接單轉趨保守 | 將擴大辦理海外拓銷團及數位行銷補助
1 | 新創募資市場降溫，投資人轉趨保守 | 將擴大辦理投資媒合會並運用國發基金共同投資
2 | 太陽光電案場併網工程延宕，饋線容量不足 | 已協調電力公司加速饋線擴充，預計{next}年完成併網
"""),
    ),
    "labor": Domain(
        goals=("促進就業穩定，強化技能培訓", "保障勞動權益與職場安全"),
        specs=_specs("""
0 | 就業服務媒合成功人數 | 人 | higher | outcome | 25000~120000 | 0 | ext | 經公立就業服務機構推介並確認就業之人數 | 就業服務統計（示範資料）
0 | 職業訓練結訓學員就業率 | % | higher | outcome | 72~86 | 1 | cap,late | 結訓後3個月內就業人數 ÷ 結訓人數 × 100% | 職訓成效追蹤調查（示範資料）
1 | 重大職業災害死亡人數 | 人 | lower | outcome | 3~18 | 0 | zero,ext | 轄內事業單位發生重大職業災害之死亡人數 | 職業災害統計（示範資料）
1 | 勞動檢查場次 | 場次 | higher | output | 6000~22000 | 0 | ext | 當年度實施勞動條件及職業安全衛生檢查之場次 | 勞動檢查資訊系統（示範資料）
1 | 勞資爭議調解成立率 | % | higher | outcome | 48~62 | 1 | cap | 調解成立件數 ÷ 調解結案件數 × 100% | 勞資爭議統計（示範資料）
0 | 青年就業促進計畫參與人數 | 人 | higher | output | 3500~16000 | 0 | ext | 參與青年職涯探索、職場體驗及就業促進措施之人數 | 青年就業計畫管考表（示範資料）
0 | 身心障礙者職業重建服務人數 | 人 | higher | output | 900~4800 | 0 | ext | 接受職業重建個案管理服務之身心障礙者人數 | 職業重建服務資訊系統（示範資料）
1 | 職業安全衛生宣導講習場次 | 場次 | higher | output | 120~680 | 0 | - | 當年度辦理職業安全衛生宣導及教育訓練之場次 | 職安宣導管考表（示範資料）
1 | 工資墊償案件平均處理天數 | 天 | lower | process | 15~35 | 0 | - | 積欠工資墊償案件自受理至核付日數合計 ÷ 核付件數 | 工資墊償基金管理系統（示範資料）
"""),
        reasons=_reasons("""
0 | 產業缺工與求職者期待落差，媒合成功率降低 | 將增設就業服務據點並辦理青年職涯探索活動
0 | 參訓學員部分提前就業或轉換跑道，結訓人數減少 | 將強化職訓課程與產業需求連結，擴大事業單位合作訓練
1 | 營造業工程量增加，高處墜落災害仍占多數 | 將加強營造工地專案檢查並推動職安夥伴計畫
1 | 勞動檢查員出缺未及補實，檢查量能受限 | 已辦理檢查員招考並委託專業機構協助檢查
"""),
    ),
    "digital": Domain(
        goals=("建構優質數位基礎建設", "推動數位服務與資安防護", "縮減數位落差"),
        specs=_specs("""
0 | 5G基地臺涵蓋率 | % | higher | outcome | 72~96 | 1 | cap | 5G訊號涵蓋之人口數 ÷ 總人口數 × 100% | 行動通信涵蓋率量測（示範資料）
1 | 政府服務線上申辦比率 | % | higher | outcome | 55~88 | 1 | cap | 可全程線上申辦之服務項目數 ÷ 申辦服務項目總數 × 100% | 政府服務盤點清冊（示範資料）
1 | 資安事件平均通報處理時間 | 小時 | lower | process | 3.5~12 | 1 | - | 資安事件自發現至完成通報及初步處置之時間合計 ÷ 事件數 | 資安事件通報應變系統（示範資料）
02 | 公共場所免費Wi-Fi熱點數 | 處 | higher | output | 900~6500 | 0 | ext | 年底提供免費上網服務之公共場所熱點數 | iTaiwan熱點管理平臺（示範資料）
1 | 政府開放資料集上架數 | 個 | higher | output | 1200~6800 | 0 | ext | 年底於開放資料平臺上架之資料集數 | 政府資料開放平臺（示範資料）
02 | 偏鄉1Gbps寬頻可接取比率 | % | higher | outcome | 78~97 | 1 | cap | 可申裝1Gbps寬頻之偏鄉村里數 ÷ 偏鄉村里總數 × 100% | 寬頻建設管考表（示範資料）
2 | 數位技能培訓人次 | 人次 | higher | output | 18000~125000 | 0 | ext | 當年度辦理數位技能課程之參訓人次合計 | 數位培訓報名系統（示範資料）
12 | 政府網站無障礙檢測合格率 | % | higher | output | 85~98 | 1 | cap | 通過無障礙檢測之網站數 ÷ 受檢網站數 × 100% | 無障礙網站檢測平臺（示範資料）
1 | 關鍵基礎設施資安演練場次 | 場次 | higher | process | 12~80 | 0 | ext | 當年度辦理關鍵基礎設施資安攻防及應變演練之場次 | 資安演練紀錄（示範資料）
0 | 光纖寬頻用戶數 | 戶 | higher | output | 150000~900000 | 0 | ext | 年底光纖到府（FTTH）寬頻用戶數 | 寬頻用戶統計（示範資料）
"""),
        reasons=_reasons("""
02 | 偏遠地區基地臺及機房用地取得困難，建置進度落後 | 將協調公有土地及建物提供設站，並提高偏鄉建置補助
1 | 部分機關既有系統老舊，線上服務介接需時改版 | 已訂定系統汰換時程並提供共用平臺，預計{next}年底完成介接
1 | 新型態勒索軟體攻擊增加，事件調查及復原時間延長 | 將加強資安演練及情資分享，縮短通報應變時間
2 | 高齡及偏鄉民眾參與數位課程意願偏低 | 將結合社區據點開設在地課程並提供行動教室
"""),
    ),
    "finance": Domain(
        goals=("健全財政，開源節流", "提升稅務服務品質"),
        specs=_specs("""
0 | 稅捐實徵淨額 | 億元 | higher | outcome | 420~2600 | 1 | ext | 當年度各項稅捐實徵數扣除退稅後之淨額 | 賦稅統計（示範資料）
01 | 欠稅清理徵起金額 | 億元 | higher | outcome | 6.5~38 | 2 | ext | 當年度清理積欠稅款實際徵起金額 | 欠稅管理系統（示範資料）
1 | 地方稅網路申報比率 | % | higher | outcome | 45~82 | 1 | cap | 以網路申報之地方稅案件數 ÷ 申報案件總數 × 100% | 地方稅網路申報系統（示範資料）
0 | 公有閒置財產活化收益 | 萬元 | higher | outcome | 3800~26000 | 0 | ext | 閒置公有財產出租、設定地上權及委託經營之收益合計 | 公有財產管理系統（示範資料）
0 | 行政罰鍰收繳金額 | 元 | higher | outcome | 8000000~46000000 | 0 | - | 當年度行政罰鍰實際收繳金額合計 | 罰鍰收繳管理系統（示範資料）
1 | 復查案件平均審理天數 | 天 | lower | process | 60~110 | 0 | - | 當年度審結之稅務復查案件審理日數合計 ÷ 審結件數 | 稅務行政救濟管理系統（示範資料）
0 | 公共債務未償餘額占歲出比率 | % | lower | outcome | 28~48 | 2 | - | 年底公共債務未償餘額 ÷ 當年度總預算歲出 × 100% | 公共債務統計（示範資料）
1 | 稅務服務滿意度 | 分 | higher | outcome | 80~92 | 1 | late | 納稅服務滿意度調查平均分數（滿分100分） | 納稅服務滿意度調查（示範資料）
1 | 稅籍異動案件如期處理率 | % | higher | process | 95~99.8 | 1 | cap | 於規定期限內完成之稅籍異動案件數 ÷ 受理案件數 × 100% | 稅籍管理系統（示範資料）
"""),
        reasons=_reasons("""
0 | 景氣趨緩致營利事業所得稅收不如預期 | 將加強稅源清查並檢討非必要支出
01 | 大額欠稅案件進入行政救濟程序，暫緩執行 | 將加強大額欠稅案件追蹤及移送執行
0 | 部分閒置公有財產因土地權屬複雜，招標作業延後 | 將持續盤點閒置財產並採多元方式活化利用
1 | 高齡納稅義務人比例較高，網路申報使用意願偏低 | 將推廣行動支付及網路申報，並於稽徵所設置臨櫃協助
1 | 復查案件爭點複雜度提高，需函詢相關機關 | 將建立案件分級審理機制並加強審查人員訓練
"""),
    ),
    "public_safety": Domain(
        goals=("強化治安維護，保障民眾安全", "提升防救災能量"),
        specs=_specs("""
1 | 火災死亡人數 | 人 | lower | outcome | 2~14 | 0 | zero,ext | 轄內火災事故造成之死亡人數 | 火災統計（示範資料）
1 | 住宅用火災警報器補助設置戶數 | 戶 | higher | output | 3000~18000 | 0 | ext | 當年度補助弱勢及高風險家戶設置住宅用火災警報器之戶數 | 消防安全管考表（示範資料）
0 | 110報案平均到達現場時間 | 分鐘 | lower | process | 5.5~8.5 | 1 | - | 110報案案件自受理至員警到達現場時間合計 ÷ 案件數 | 110報案紀錄系統（示範資料）
0 | 詐欺案件破獲率 | % | higher | outcome | 68~88 | 1 | cap | 詐欺案件破獲數 ÷ 發生數 × 100% | 刑案統計（示範資料）
0 | 毒品查緝量 | 公斤 | higher | output | 150~1800 | 1 | ext | 當年度查獲各級毒品純質淨重合計 | 毒品查緝統計（示範資料）
1 | 消防安全設備檢查不合格場所複查改善率 | % | higher | process | 88~98 | 1 | cap | 複查改善完成場所數 ÷ 檢查不合格場所數 × 100% | 消防安全檢查系統（示範資料）
1 | 防災演練及宣導場次 | 場次 | higher | output | 80~420 | 0 | - | 當年度辦理防災演練、疏散演習及宣導活動之場次 | 防災業務管考表（示範資料）
0 | 住宅竊盜案件發生數 | 件 | lower | outcome | 120~900 | 0 | ext | 轄內住宅竊盜案件發生數 | 刑案統計（示範資料）
1 | 防救災志工人數 | 人 | higher | output | 800~5200 | 0 | ext | 年底完成訓練並編組之防救災志工人數 | 志願服務管理系統（示範資料）
"""),
        reasons=_reasons("""
0 | 新型態詐騙手法變化快速，跨境犯罪查緝不易 | 將強化跨機關打詐合作及金融機構關懷提問機制
0 | 轄區幅員廣闊且警力出缺，影響到場時效 | 已調整巡邏勤務並增補警力，預計{next}年改善到場時效
1 | 老舊建築物住宅火災比例偏高，居民防火意識仍待提升 | 將擴大住宅用火災警報器補助並加強高風險家戶訪視
1 | 防災演練因颱風及豪雨停辦，部分場次延期 | 已調整演練期程，{next}年將提前於防汛期前完成
"""),
    ),
    "agriculture": Domain(
        goals=("提升農業競爭力與農民所得", "推動友善農業與食安把關", "強化動植物防疫"),
        specs=_specs("""
0 | 農業保險投保面積 | 公頃 | higher | output | 3500~28000 | 0 | ext | 當年度投保農業保險之農作物面積合計 | 農業保險統計（示範資料）
1 | 有機及友善耕作面積 | 公頃 | higher | outcome | 800~4600 | 0 | ext | 年底通過有機驗證及友善耕作登錄之面積 | 有機農業資訊網（示範資料）
0 | 農產品外銷金額 | 億元 | higher | outcome | 18~160 | 1 | ext | 當年度農產品及農產加工品出口金額 | 農產品貿易統計（示範資料）
1 | 市售農產品農藥殘留檢驗合格率 | % | higher | outcome | 96~99 | 1 | cap | 檢驗合格件數 ÷ 抽驗件數 × 100% | 農藥殘留監測資料（示範資料）
0 | 青年農民輔導人數 | 人 | higher | output | 120~900 | 0 | ext | 當年度納入青年農民輔導體系之人數 | 青農輔導管考表（示範資料）
2 | 重大動物疫病境內案例數 | 件 | lower | outcome | 0~3 | 0 | zero | 當年度確認之非洲豬瘟、口蹄疫等重大動物疫病境內案例數 | 動物疫情監測系統（示範資料）
0 | 休耕農地活化面積 | 公頃 | higher | output | 400~3200 | 0 | ext | 當年度由休耕轉作或出租活化之農地面積 | 農地利用管考表（示範資料）
2 | 豬隻口蹄疫疫苗注射覆蓋率 | % | higher | process | 88~98 | 1 | cap | 完成注射之豬隻頭數 ÷ 應注射頭數 × 100% | 動物防疫資訊系統（示範資料）
2 | 邊境檢疫攔截違規檢疫物件數 | 件 | higher | output | 8000~52000 | 0 | central | 機場及港口查獲旅客違規攜帶動植物檢疫物件數 | 邊境檢疫統計（示範資料）
1 | 產銷履歷驗證農戶數 | 戶 | higher | output | 300~2600 | 0 | ext | 年底通過產銷履歷驗證之農戶數 | 產銷履歷農產品資訊網（示範資料）
2 | 禽流感主動監測採樣場次 | 場次 | higher | process | 120~900 | 0 | ext | 當年度對禽場及野鳥棲地辦理禽流感主動監測採樣之場次 | 動物疫情監測系統（示範資料）
"""),
        reasons=_reasons("""
0 | 颱風及豪雨造成農作物受損，部分農戶延後投保 | 將擴大農業保險保費補助並簡化投保程序
0 | 主要外銷市場檢疫規定調整，出口量減少 | 將協助業者取得國際驗證並開拓新興市場
0 | 青年從農意願受土地取得及資金門檻影響 | 將提供青農低利貸款及農地媒合服務
1 | 驗證費用及轉型期收益下降，農友轉作有機意願不高 | 將提高驗證費用補助並輔導通路媒合
2 | 鄰近國家疫情升溫，邊境及境內防疫壓力增加 | 將加強邊境查驗及養殖場生物安全輔導
"""),
    ),
    "management": Domain(
        goals=("提升行政效能與服務品質", "強化預算執行與財務管理"),
        specs=_specs("""
1 | 經常門預算執行率 | % | higher | input | 92~98 | 1 | cap | 經常門實支數 ÷ 經常門可支用預算數 × 100% | 會計月報
1 | 資本門預算執行率 | % | higher | input | 82~95 | 1 | cap | 資本門實支數 ÷ 資本門可支用預算數 × 100% | 會計月報
0 | 人民陳情案件如期結案率 | % | higher | process | 95~99.5 | 1 | cap | 於規定期限內結案之陳情案件數 ÷ 陳情案件總數 × 100% | 人民陳情案件管理系統
0 | 公文平均處理天數 | 天 | lower | process | 2.8~5.5 | 1 | - | 當年度辦結公文處理日數合計 ÷ 辦結件數 | 公文管理系統
0 | 同仁平均數位學習時數 | 小時 | higher | input | 18~42 | 1 | - | 同仁數位學習時數合計 ÷ 員額數 | e等公務園+學習平臺
0 | 民眾服務滿意度 | 分 | higher | outcome | 76~88 | 1 | late | 年度服務滿意度調查加權平均分數（滿分100分） | 服務滿意度調查（示範資料）
0 | 1999市民專線滿意度 | 分 | higher | outcome | 80~92 | 1 | late,local | 1999話務服務滿意度調查平均分數（滿分100分） | 1999話務服務品質調查（示範資料）
1 | 機關用電量 | 萬度 | lower | process | 120~480 | 1 | - | 機關年度用電度數合計 | 電費帳單統計（示範資料）
1 | 公務車輛油料費支出 | 元 | lower | input | 1800000~6500000 | 0 | - | 公務車輛年度油料費實支數 | 會計月報
1 | 預算保留比率 | % | lower | process | 3~12 | 1 | - | 轉入下年度之保留數 ÷ 可支用預算數 × 100% | 會計月報
"""),
        reasons=_reasons("""
1 | 年度預算遲至3月始完成法定程序，部分計畫延後發包 | 已建立預算執行月管考機制，落後計畫逐案追蹤
1 | 部分工程因物價上漲及缺工流標，資本門支出延後 | 已調整發包策略並檢討預算編列，避免鉅額保留
0 | 承辦人力異動頻繁，案件處理時效受影響 | 將精進公文線上簽核並加強承辦人員教育訓練
0 | 下半年業務量集中，公文及陳情案件數較去年增加 | 將檢討業務流程並調度人力支援尖峰作業
1 | 夏季高溫空調用電增加，且辦公廳舍擴充使用 | 將汰換老舊空調設備並推動節能措施
"""),
    ),
    "hospital": Domain(
        goals=("提升醫療品質與病人安全", "強化營運效能與財務健全", "深化社區健康照護"),
        specs=_specs("""
1 | 門診服務人次 | 人次 | higher | output | 650000~2400000 | 0 | - | 當年度門診（含急診）就診人次合計 | 醫療資訊系統（示範資料）
0 | 急診病人滯留急診室超過48小時比率 | % | lower | outcome | 1.2~6.5 | 2 | - | 急診滯留超過48小時人次 ÷ 急診總人次 × 100% | 醫療品質指標監測系統（示範資料）
0 | 住院病人跌倒發生率 | ‰ | lower | outcome | 0.5~1.4 | 2 | - | 住院病人跌倒人次 ÷ 住院人日數 × 1,000 | 病人安全通報系統（示範資料）
1 | 急性病床占床率 | % | higher | outcome | 78~92 | 1 | cap | 急性病床佔床日數 ÷ 可用病床日數 × 100% | 醫療資訊系統（示範資料）
0 | 手術部位感染率 | % | lower | outcome | 0.6~1.8 | 2 | - | 手術部位感染人次 ÷ 手術人次 × 100% | 院內感染監測系統（示範資料）
02 | 病人就醫整體滿意度 | 分 | higher | outcome | 82~92 | 1 | late | 病人滿意度調查加權平均分數（滿分100分） | 病人滿意度調查（示範資料）
1 | 醫療收入 | 億元 | higher | outcome | 28~160 | 1 | - | 當年度門診、住院及其他醫療收入合計 | 會計月報
01 | 平均住院日數 | 天 | lower | outcome | 6.5~9.8 | 1 | - | 住院人日數 ÷ 出院人次 | 醫療資訊系統（示範資料）
2 | 遠距醫療服務人次 | 人次 | higher | output | 1500~12000 | 0 | - | 以視訊診療提供偏鄉及離島民眾服務之人次 | 遠距醫療平臺（示範資料）
0 | 病人安全重大異常事件件數 | 件 | lower | outcome | 0~5 | 0 | zero | 經根本原因分析之警訊及重大異常事件件數 | 病人安全通報系統（示範資料）
2 | 居家醫療照護收案人數 | 人 | higher | output | 120~900 | 0 | - | 年底居家醫療整合照護計畫收案人數 | 居家醫療照護管理系統（示範資料）
2 | 社區健康篩檢服務人次 | 人次 | higher | output | 8000~52000 | 0 | - | 於社區辦理四癌篩檢及成人健檢之服務人次 | 癌症篩檢資料庫（示範資料）
1 | 醫療收支賸餘 | 萬元 | higher | outcome | 5000~48000 | 0 | - | 醫療收入扣除醫療成本及費用後之賸餘 | 會計月報
"""),
        reasons=_reasons("""
0 | 急診量能受流感及新冠疫情高峰影響，病床周轉不易 | 將強化出院準備服務及與社區醫院轉診合作
01 | 護理人力不足致部分病房暫緩開床 | 已推動護理人力留任方案並逐步恢復開床
0 | 高齡及重症病人比例增加，跌倒及感染風險提高 | 將落實高危險病人評估及環境安全改善
1 | 健保點值下修及藥品衛材成本上漲，影響醫療收支 | 將檢討成本結構並推動自費醫療服務及集中採購
2 | 偏鄉網路連線品質不穩，部分遠距診療改為實體 | 將協調電信業者改善連線並增設遠距診間
"""),
    ),
    "higher_ed": Domain(
        goals=("精進教學品質與學習成效", "推動國際化與產學鏈結", "健全校務財務"),
        specs=_specs("""
0 | 應屆畢業生畢業一年內就業率 | % | higher | outcome | 78~92 | 1 | cap,late | 畢業一年內就業人數 ÷ 應屆畢業生數（扣除升學及服役）× 100% | 畢業生流向調查（示範資料）
12 | 產學合作計畫金額 | 萬元 | higher | outcome | 18000~160000 | 0 | - | 當年度與企業及法人簽訂之產學合作計畫金額合計 | 研發處產學合作統計（示範資料）
1 | 境外學位生人數 | 人 | higher | output | 450~3800 | 0 | - | 當學年度在學之境外學位生人數 | 校務資料庫（示範資料）
02 | 新生註冊率 | % | higher | outcome | 88~99 | 1 | cap | 新生註冊人數 ÷ 核定招生名額 × 100% | 大專校院校務資訊公開平臺（示範資料）
01 | 全英語授課（EMI）課程數 | 門 | higher | output | 60~320 | 0 | - | 當學年度以全英語授課之課程數 | 課務系統（示範資料）
2 | 校務基金自籌收入 | 億元 | higher | outcome | 8~45 | 2 | - | 建教合作、推廣教育、捐贈及其他自籌收入合計 | 校務基金決算（示範資料）
0 | 學生延畢率 | % | lower | outcome | 5.5~12 | 1 | - | 延長修業年限學生數 ÷ 應畢業學生數 × 100% | 校務資料庫（示範資料）
2 | 校友及社會捐款金額 | 萬元 | higher | outcome | 6000~52000 | 0 | - | 當年度受贈之現金及有價證券金額 | 校務基金決算（示範資料）
1 | 雙聯學位及交換學生人數 | 人 | higher | output | 120~900 | 0 | - | 當學年度出國及來校之雙聯學位及交換學生人數 | 國際事務處統計（示範資料）
0 | 教師教學評量平均分數 | 分 | higher | outcome | 4.0~4.6 | 2 | - | 學生教學意見調查平均分數（滿分5分） | 教學評量系統（示範資料）
"""),
        reasons=_reasons("""
02 | 少子女化影響生源，部分系所註冊人數未達預期 | 將加強招生宣導並調整系所招生名額
12 | 產業景氣趨緩，企業委託研究計畫減少 | 將深化產學聯盟並擴大企業合作研究計畫
1 | 境外學生簽證審查時程延長，部分新生延後入學 | 將增加海外招生據點並提供獎學金吸引優秀境外生
0 | 部分學生投入實習及校外工作，修課學分不足 | 將加強學習預警及導師輔導，並開設暑期課程
2 | 股市波動影響校友捐款意願 | 將推動校友小額定期捐款並強化募款專案宣傳
"""),
    ),
    "research": Domain(
        goals=("強化研發能量與學術影響力", "促進研發成果產業化", "深化國際合作"),
        specs=_specs("""
02 | SCI/SSCI期刊論文發表篇數 | 篇 | higher | output | 90~520 | 0 | - | 以本機關為第一作者或通訊作者單位發表之SCI/SSCI期刊論文篇數 | Web of Science 檢索（示範資料）
1 | 專利獲證件數 | 件 | higher | output | 18~140 | 0 | - | 當年度取得國內外發明及新型專利之件數 | 專利管理系統（示範資料）
1 | 技術移轉件數 | 件 | higher | output | 25~160 | 0 | - | 當年度簽約之技術移轉及授權件數 | 研發成果管理系統（示範資料）
1 | 技術授權及權利金收入 | 萬元 | higher | outcome | 4500~38000 | 0 | - | 當年度實收技術授權金及衍生利益金合計 | 研發成果收入帳（示範資料）
0 | 科技計畫經費執行率 | % | higher | input | 90~98 | 1 | cap | 科技計畫實支數 ÷ 可支用預算數 × 100% | 會計月報
1 | 衍生新創公司家數 | 家 | higher | outcome | 2~12 | 0 | - | 以本機關研發成果設立之新創公司累計家數 | 衍生新創輔導紀錄（示範資料）
1 | 產業技術服務場次 | 場次 | higher | output | 80~450 | 0 | - | 當年度提供業界技術諮詢、檢測及培訓服務之場次 | 產業服務紀錄（示範資料）
2 | 國際合作研究計畫數 | 件 | higher | output | 12~60 | 0 | - | 與國外學研機構共同執行之研究計畫件數 | 國際合作計畫清冊（示範資料）
2 | 國際共同發表論文篇數 | 篇 | higher | output | 30~220 | 0 | - | 與國外學者共同發表之期刊論文篇數 | Web of Science 檢索（示範資料）
2 | 國際研討會及學術交流場次 | 場次 | higher | output | 10~60 | 0 | - | 主辦或合辦國際研討會、工作坊及互訪交流之場次 | 國際交流紀錄（示範資料）
0 | 實驗室重大安全事故件數 | 件 | lower | outcome | 0~3 | 0 | zero | 實驗室及試驗場所發生致人員傷亡或停工之事故件數 | 實驗室安全衛生管理系統（示範資料）
0 | 競爭型研究計畫獲核定金額 | 億元 | higher | input | 1.2~9.5 | 2 | - | 當年度獲國科會等機關核定之競爭型研究計畫金額 | 研究計畫管理系統（示範資料）
"""),
        reasons=_reasons("""
0 | 部分研究計畫因國外儀器設備交貨延遲而延後執行 | 已調整採購時程並提前辦理規格審查
1 | 專利審查期間延長，獲證時程遞延 | 將建立研發成果管考機制，定期追蹤專利申請進度
1 | 產業投資轉趨保守，技術授權洽談延後簽約 | 將強化研發成果推廣及產業媒合，並推動分期授權機制
02 | 國際合作對象經費審查延後，共同計畫啟動時程遞延 | 將擴大與既有合作夥伴之雙邊計畫並爭取國際經費
0 | 研究人力出缺，部分計畫進度落後 | 已辦理研究人員增補並調整計畫分工
"""),
    ),
}

# Shortfall reasons any agency might give for work it delivers (not for outcomes).
GENERIC_REASONS = _reasons("""
- | 年度預算遲至3月始完成法定程序，致計畫執行期程壓縮 | 已建立月管考機制，落後項目逐案追蹤並加速執行
- | 颱風及豪雨等天然災害影響，部分工作延後辦理 | 已調整工作排程，{next}年將提前於上半年辦理
- | 業務承辦人力出缺及異動，作業進度受影響 | 已完成人力補實並辦理業務交接訓練，將定期檢討人力配置
- | 受國際原物料價格上漲及營造業缺工影響，部分採購案流標重新招標 | 已調整採購策略並增列物價調整款，預計{next}年上半年完成
""")
# Agencies also explain a large overshoot; the drafter should not mistake it for a shortfall.
EXCEED_NOTES = (
    "本年度執行成效優於預期，實際值大幅優於目標值；將參考本年度實績，檢討{next}年目標值。",
    "受惠於跨機關合作擴大辦理，成果優於預期；後續將據以滾動修正目標值。",
    "原目標值係參考疫情期間實績訂定，偏於保守；{next}年起將依近三年趨勢重新訂定。",
)
NULL_NOTES = (
    "調查報告預定{next}年{month}月完成，屆時補列實際值。",
    "統計資料須待{next}年第2季公布，本年度暫無法衡量。",
)

# Agencies: id prefix | name | domains their goals come from.
CENTRAL = """
motc | 交通部 | transport tourism management
moe | 教育部 | education higher_ed management
mohw | 衛生福利部 | health welfare management
moenv | 環境部 | environment management
moea | 經濟部 | economy management
mol | 勞動部 | labor management
moda | 數位發展部 | digital management
mof | 財政部 | finance management
moc | 文化部 | culture management
moi | 內政部 | public_safety welfare management
moa | 農業部 | agriculture management
ndc | 國家發展委員會 | economy digital management
nstc | 國家科學及技術委員會 | research economy management
cip | 原住民族委員會 | welfare culture education management
"""
LOCAL = """
taipei | 臺北市政府 | transport welfare environment digital culture management
ntpc | 新北市政府 | transport welfare public_safety education management
tycg | 桃園市政府 | transport economy environment welfare management
taichung | 臺中市政府 | transport culture environment economy management
tainan | 臺南市政府 | agriculture culture environment welfare management
kcg | 高雄市政府 | transport environment economy welfare management
klcg | 基隆市政府 | transport tourism public_safety management
hccg | 新竹市政府 | transport education digital management
chiayi | 嘉義市政府 | transport welfare culture management
hsinchu | 新竹縣政府 | economy education transport management
mlc | 苗栗縣政府 | agriculture culture finance management
chcg | 彰化縣政府 | agriculture environment welfare management
nantou | 南投縣政府 | agriculture tourism public_safety management
yunlin | 雲林縣政府 | agriculture environment health management
cyhg | 嘉義縣政府 | agriculture welfare education management
pthg | 屏東縣政府 | agriculture tourism health management
ilan | 宜蘭縣政府 | tourism environment agriculture management
hualien | 花蓮縣政府 | tourism culture public_safety health management
taitung | 臺東縣政府 | tourism welfare agriculture management
penghu | 澎湖縣政府 | tourism transport environment management
kinmen | 金門縣政府 | tourism culture finance management
matsu | 連江縣政府 | transport health public_safety management
"""
INSTITUTION = """
vghtpe | 臺北榮民總醫院 | hospital research management
vghks | 高雄榮民總醫院 | hospital research management
tyh | 衛生福利部桃園醫院 | hospital management
nckuh | 國立成功大學醫學院附設醫院 | hospital research management
ntu | 國立臺灣大學 | higher_ed research management
nthu | 國立清華大學 | higher_ed research management
nchu | 國立中興大學 | higher_ed research management
nkust | 國立高雄科技大學 | higher_ed research management
ndhu | 國立東華大學 | higher_ed management
nhri | 國家衛生研究院 | research management
naas | 國家農業科學研究院 | research management
ncdr | 國家災害防救科技中心 | research management
tasa | 國家太空中心 | research management
"""

# How many files of each level, framework and period; drawn in this proportion.
LEVEL_PLAN = {"central": 15, "local": 15, "institution": 10}
N_PROJECT_FILES = 10  # the rest use tw-kpi; tw-project needs no sections, so both fit this format
PERIODS = {"2021": 4, "2022": 8, "2023": 14, "2024": 14}
N_NULL_FILES = 7
# File sizes: (goals min, max), (indicators per goal min, max); drawn 4 : 4 : 2.
FILE_SIZES = {"small": ((2, 3), (1, 3)), "medium": ((3, 4), (1, 4)), "large": ((4, 5), (3, 6))}
# Outcome classes with their achievement ranges (ratio achievement, 1 = 100 %).
OUTCOMES: dict[str, tuple[float, float]] = {
    "exact": (1.0, 1.0),
    "met": (1.005, 1.12),
    "exceeded": (1.25, 1.7),
    "just_missed": (0.955, 0.995),
    "missed": (0.82, 0.94),
    "missed_badly": (0.6, 0.79),
}
OUTCOME_WEIGHTS = {
    "exact": 7,
    "met": 40,
    "exceeded": 11,
    "just_missed": 14,
    "missed": 11,
    "missed_badly": 8,
    "worse": 7,
}
# Light bands of each framework, best first, to write an honest (or inflated) self_rating.
RATING_BANDS = {
    "tw-kpi": (("green", 100), ("yellow", 90), ("red", 80), ("white", 0)),
    "tw-project": (("met", 100), ("not_met", 0)),
}


@dataclass(frozen=True)
class Agency:
    """An agency the files can be about; ``prefix`` becomes ``<prefix>-demo-NN``."""

    prefix: str
    name: str
    level: str
    domains: tuple[str, ...]


def _agencies(table: str, level: str) -> list[Agency]:
    """Parse an agency table."""
    rows = []
    for line in table.strip().splitlines():
        prefix, name, domains = (c.strip() for c in line.split("|"))
        rows.append(Agency(prefix, name, level, tuple(domains.split())))
    return rows


AGENCIES = {
    "central": _agencies(CENTRAL, "central"),
    "local": _agencies(LOCAL, "local"),
    "institution": _agencies(INSTITUTION, "institution"),
}

# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


class Grouped(str):
    """A number written as text with 千分位 ("2,717"); emitted double-quoted like the examples."""


class Flow(dict):  # type: ignore[type-arg]
    """A mapping emitted in flow style (history: {"2021": 1, "2022": 2})."""


def quantize(value: float | Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimals; floats go through repr so results never drift."""
    dec = value if isinstance(value, Decimal) else Decimal(repr(value))
    out = dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return out + 0 if out == 0 else out  # no negative zero


def nice(value: Decimal, places: int, sig: int) -> Decimal:
    """Round a target to ``sig`` significant digits, as agencies set round targets."""
    if value == 0:
        return quantize(value, places)
    step = max(value.adjusted() - sig + 1, -places)
    rounded = value.quantize(Decimal(1).scaleb(step), rounding=ROUND_HALF_UP)
    return quantize(rounded, places)


def achievement(direction: str, actual: Decimal, target: Decimal) -> Decimal:
    """The ratio achievement of tw-kpi/tw-project in per cent (mirrors the scorer)."""
    if direction == "lower" and target > 0:
        return Decimal(200) if actual <= 0 else min(target / actual * 100, Decimal(200))
    if target == 0:
        gap = actual - target if direction == "higher" else target - actual
        return Decimal(100) if gap == 0 else (Decimal(200) if gap > 0 else Decimal(0))
    sign = 1 if direction == "higher" else -1
    return min((1 + sign * (actual - target) / abs(target)) * 100, Decimal(200))


def outcome_class(direction: str, actual: Decimal | None, target: Decimal) -> str:
    """Name the outcome the way the coverage table counts it."""
    if actual is None:
        return "null"
    if actual == target:
        return "exact"
    a = achievement(direction, actual, target)
    for name, floor in (("exceeded", 120), ("met", 100), ("just_missed", 95), ("missed", 80)):
        if a >= floor:
            return name
    return "missed_badly"


# ---------------------------------------------------------------------------
# Drawing one file
# ---------------------------------------------------------------------------


@dataclass
class FileStyle:
    """Per-file habits, so files differ in form as well as in content."""

    framework: str
    n_goals: int
    per_goal: tuple[int, int]
    goal_weights: bool
    indicator_weights: bool
    relative_weights: bool  # weights like 1, 2, 3 instead of summing to 100
    self_rating: bool
    p_definition: float
    p_source: float
    p_grouped: float
    empty_explanations: bool  # write explanation: "" on met indicators, as the examples do
    history_len: int
    null_slots: int
    nulls: set[tuple[int, int]] = field(default_factory=set)
    explain_deck: list[bool] = field(default_factory=list)

    def explain_next(self, rng: Random) -> bool:
        """Whether the next shortfall is explained: dealt from decks of two yes and two no,
        so about half of the shortfalls in every file are explained, not half on average."""
        if not self.explain_deck:
            self.explain_deck = rng.sample([True, True, False, False], 4)
        return self.explain_deck.pop()


def roc(year: int) -> int:
    """ROC (民國) year, as officers write years in explanations."""
    return year - 1911


def draw_style(rng: Random, framework: str, null_slots: int) -> FileStyle:
    """Pick a file's size and writing habits."""
    goals_range, per_goal = rng.choices(list(FILE_SIZES.values()), weights=[4, 4, 2])[0]
    n_goals = rng.randint(*goals_range)
    if null_slots:  # a null actual needs a sibling, so no goal is left wholly unmeasurable
        per_goal = (max(per_goal[0], 2), max(per_goal[1], 2))
    weights = rng.choices(["none", "goals", "indicators", "both"], weights=[35, 20, 15, 30])[0]
    return FileStyle(
        framework=framework,
        n_goals=n_goals,
        per_goal=per_goal,
        goal_weights=weights in ("goals", "both"),
        indicator_weights=weights in ("indicators", "both"),
        relative_weights=rng.random() < 0.12,
        self_rating=rng.random() < 0.3,
        p_definition=rng.choice([0.0, 0.6, 1.0, 1.0]),
        p_source=rng.choice([0.0, 0.9, 0.9, 1.0]),
        p_grouped=rng.choice([0.0, 0.0, 0.3, 0.7]),
        empty_explanations=rng.random() < 0.4,
        history_len=rng.choices([0, 1, 2, 3], weights=[1, 2, 4, 3])[0],
        null_slots=null_slots,
    )


def fits(spec: Spec, level: str) -> bool:
    """Whether an agency of ``level`` would report this indicator at all."""
    return not (
        ("local" in spec.flags and level != "local")
        or ("central" in spec.flags and level != "central")
    )


def pick_goals(rng: Random, agency: Agency, style: FileStyle) -> list[tuple[str, str, list[Spec]]]:
    """Choose goals and their indicators, every domain once before any domain twice."""
    domains = list(agency.domains)
    rng.shuffle(domains)
    order = {d: rng.sample(range(len(DOMAINS[d].goals)), len(DOMAINS[d].goals)) for d in domains}
    unused = {d: [s for s in DOMAINS[d].specs if fits(s, agency.level)] for d in domains}
    for pool in unused.values():
        rng.shuffle(pool)
    slots = [(d, order[d][r]) for r in range(3) for d in domains if r < len(order[d])]
    goals = []
    for domain, index in slots[: style.n_goals]:
        want = rng.randint(*style.per_goal)
        taken = [s for s in unused[domain] if str(index) in s.goals][:want]
        unused[domain] = [s for s in unused[domain] if s not in taken]
        if taken:
            goals.append((domain, DOMAINS[domain].goals[index], taken))
    return goals


def split_weights(rng: Random, n: int, relative: bool) -> list[int]:
    """Weights for ``n`` siblings: multiples of 5 summing to 100, or small relative weights."""
    if relative:
        return [rng.randint(1, 3) for _ in range(n)]
    if rng.random() < 0.25:
        base = [100 // n // 5 * 5] * n
        base[0] += 100 - sum(base)
        return base
    units = 20  # 20 units of 5
    raw = [rng.uniform(0.6, 1.6) for _ in range(n)]
    shares = [max(1, round(r / sum(raw) * units)) for r in raw]
    while sum(shares) != units:
        i = rng.randrange(n)
        if sum(shares) > units and shares[i] > 1:
            shares[i] -= 1
        elif sum(shares) < units:
            shares[i] += 1
    return [s * 5 for s in shares]


def spec_range(spec: Spec, level: str) -> tuple[float, float]:
    """A ministry reports national totals of extensive quantities, about ten cities' worth."""
    scale = 10 if "ext" in spec.flags and level == "central" else 1
    return spec.lo * scale, spec.hi * scale


def clamp(spec: Spec, value: Decimal) -> Decimal:
    """Keep values possible: never negative, shares never past 100."""
    if "cap" in spec.flags and value > 100:
        value = Decimal(100)
    return max(quantize(value, spec.places), Decimal(0))


def draw_target(rng: Random, spec: Spec, last: Decimal) -> Decimal:
    """A target a little better than last year (now and then a cautious one)."""
    if spec.places == 0 and last < 20:  # small counts: step by whole units
        step = rng.choice([0, 1, 1, 2])
        return max(last - step, Decimal(0)) if spec.direction == "lower" else last + step
    gain = rng.uniform(0.01, 0.08) if rng.random() > 0.1 else -rng.uniform(0.0, 0.03)
    raw = last * Decimal(repr(1 + gain if spec.direction == "higher" else 1 - gain))
    if "cap" in spec.flags:
        raw = min(raw, max(last, Decimal("99.5")))
    sig = 2 if raw >= 1000 and rng.random() < 0.5 else 3
    return nice(raw, spec.places, sig)


def draw_outcome(rng: Random, spec: Spec, last: Decimal, target: Decimal) -> str:
    """Which outcome this indicator should land in."""
    if "zero" in spec.flags and spec.direction == "lower" and last <= 15 and rng.random() < 0.4:
        return "zero"
    names = [n for n in OUTCOME_WEIGHTS if n != "worse" or spec.direction == "lower"]
    name = rng.choices(names, weights=[OUTCOME_WEIGHTS[n] for n in names])[0]
    if name == "exceeded" and "cap" in spec.flags and target > 78:
        return "met"  # a share near 100 % cannot beat its target by a fifth
    return name


def draw_actual(rng: Random, spec: Spec, outcome: str, last: Decimal, target: Decimal) -> Decimal:
    """An actual value in the wanted outcome class (retrying when rounding pushes it out)."""
    if outcome == "zero":
        return quantize(Decimal(0), spec.places)
    if outcome == "exact":
        return target
    if outcome == "worse":  # lower-is-better and worse than last year
        bump = Decimal(repr(rng.uniform(0.04, 0.2)))
        worse = clamp(spec, last * (1 + bump))
        return worse if worse > last else last + Decimal(1).scaleb(-spec.places)
    lo, hi = OUTCOMES[outcome]
    value = target
    for _ in range(12):
        ratio = Decimal(repr(rng.uniform(lo, hi)))
        raw = target * ratio if spec.direction == "higher" else target / ratio
        value = clamp(spec, raw)
        if outcome_class(spec.direction, value, target) == outcome:
            break
    return value


def draw_history(rng: Random, spec: Spec, last: Decimal, n: int) -> list[Decimal]:
    """``n`` yearly values ending with last year's, rising, falling, flat or zig-zag."""
    if n == 0:
        return []
    pattern = rng.choices(["rising", "falling", "flat", "mixed"], weights=[4, 3, 1.5, 2])[0]
    values = [last]
    for k in range(1, n):
        newer = values[0]
        if pattern == "flat":
            older = (
                newer
                if rng.random() < 0.5
                else newer * Decimal(repr(1 + rng.uniform(-4, 4) / 1000))
            )
        else:
            down = pattern == "rising" or (pattern == "mixed" and k % 2 == 1)
            if spec.places == 0 and newer < 30:
                delta = Decimal(rng.randint(1, 3))
            else:
                delta = newer * Decimal(repr(rng.uniform(0.015, 0.07)))
            older = newer - delta if down else newer + delta
        values.insert(0, clamp(spec, older))
    return values


def draw_baseline(rng: Random, spec: Spec, last: Decimal, history: list[Decimal]) -> Decimal | None:
    """Usually last year's value; sometimes absent, a base year or a revised figure."""
    r = rng.random()
    if not history:
        return last if r < 0.6 else None
    if r < 0.7:
        return last
    if r < 0.85:
        return None
    if len(history) > 1 and rng.random() < 0.5:
        return history[0]  # the plan's base year
    revised = last * Decimal(repr(1 + rng.choice([-1, 1]) * rng.uniform(0.005, 0.03)))
    return clamp(spec, revised)


def write_number(rng: Random, value: Decimal, style: FileStyle) -> Decimal | Grouped:
    """Mostly a plain number; big ones sometimes as text with 千分位, as officers type them."""
    if abs(value) >= 1000 and rng.random() < style.p_grouped:
        return Grouped(f"{value:,}")
    return value


def rating_for(framework: str, direction: str, actual: Decimal | None, target: Decimal) -> str:
    """The light the framework would give (the honest self_rating)."""
    if actual is None:
        return "na"
    a = achievement(direction, actual, target)
    return next(band for band, floor in RATING_BANDS[framework] if a >= floor)


def inflate(framework: str, rating: str) -> str:
    """One light better: agencies sometimes rate themselves generously."""
    bands = [b for b, _ in RATING_BANDS[framework]]
    return bands[max(bands.index(rating) - 1, 0)] if rating in bands else rating


def explanation_for(
    rng: Random,
    reasons: tuple[Reason, ...],
    spec: Spec,
    outcome: str,
    period: int,
    style: FileStyle,
) -> str | None:
    """About half the shortfalls get a cause and a remedy; met indicators mostly get none."""
    fmt = {"next": roc(period + 1), "month": rng.randint(3, 6)}
    if outcome == "null":
        return rng.choice(NULL_NOTES).format(**fmt) if rng.random() < 0.5 else None
    if outcome in ("exact", "met", "exceeded"):
        if outcome == "exceeded" and rng.random() < 0.25:
            return rng.choice(EXCEED_NOTES).format(**fmt)
        return "" if style.empty_explanations else None
    if style.explain_next(rng):
        generic = spec.type != "outcome" and rng.random() < 0.25
        reason = rng.choice(GENERIC_REASONS if generic else reasons)
        return f"{reason.cause}；{reason.remedy.format(**fmt)}。"
    return "" if rng.random() < 0.5 or style.empty_explanations else None


def draw_indicator(
    rng: Random,
    spec: Spec,
    reasons: tuple[Reason, ...],
    ind_id: str,
    level: str,
    period: int,
    style: FileStyle,
    is_null: bool,
) -> dict[str, Any]:
    """One indicator, written in the key order of the examples."""
    lo, hi = spec_range(spec, level)
    last = clamp(spec, Decimal(repr(rng.uniform(lo, hi))))
    target = draw_target(rng, spec, last)
    outcome = "null" if is_null else draw_outcome(rng, spec, last, target)
    actual = None if is_null else draw_actual(rng, spec, outcome, last, target)
    n_hist = style.history_len if rng.random() < 0.85 else rng.randint(0, 3)
    history = draw_history(rng, spec, last, n_hist)
    baseline = draw_baseline(rng, spec, last, history)

    ind: dict[str, Any] = {"id": ind_id, "name": spec.name}
    if rng.random() < style.p_definition:
        ind["definition"] = spec.definition
    ind.update(type=spec.type, unit=spec.unit, direction=spec.direction)
    if baseline is not None:
        ind["baseline"] = write_number(rng, baseline, style)
    ind["target"] = write_number(rng, target, style)
    ind["actual"] = None if actual is None else write_number(rng, actual, style)
    if history:
        years = range(period - len(history), period)
        ind["history"] = Flow((str(y), v) for y, v in zip(years, history, strict=True))
    if rng.random() < style.p_source or (is_null and style.p_source > 0):
        source = spec.source
        if is_null:  # say when the figure will be out, inside the existing brackets if any
            when = f"報告預定{roc(period + 1)}年第{rng.randint(1, 2)}季公布"
            source = f"{source[:-1]}；{when}）" if source.endswith("）") else f"{source}（{when}）"
        ind["data_source"] = source
    if style.self_rating:
        honest = rating_for(style.framework, spec.direction, actual, target)
        ind["self_rating"] = inflate(style.framework, honest) if rng.random() < 0.2 else honest
    landed = "null" if actual is None else outcome_class(spec.direction, actual, target)
    note = explanation_for(rng, reasons, spec, landed, period, style)
    if note is not None:
        ind["explanation"] = note
    return ind


def goal_reasons(domain_key: str, goal_name: str) -> tuple[Reason, ...]:
    """The domain's reasons that fit this goal (all of them if none is tagged for it)."""
    domain = DOMAINS[domain_key]
    index = str(domain.goals.index(goal_name))
    return tuple(r for r in domain.reasons if index in r.goals) or domain.reasons


def draw_file(
    rng: Random, number: int, agency: Agency, period: str, style: FileStyle
) -> dict[str, Any]:
    """One metrics file."""
    goals = pick_goals(rng, agency, style)
    # null actuals go to goals with another indicator, so no goal is wholly unmeasurable
    candidates = [
        (g, i) for g, (_, _, specs) in enumerate(goals) if len(specs) > 1 for i in range(len(specs))
    ]
    late = [(g, i) for g, i in candidates if "late" in goals[g][2][i].flags]
    annual = [(g, i) for g, i in candidates if goals[g][2][i].type == "outcome"]
    pool = next((p for p in (late, annual) if len(p) >= style.null_slots), candidates)
    style.nulls = set(rng.sample(pool, min(style.null_slots, len(pool))))

    goal_weights = (
        split_weights(rng, len(goals), style.relative_weights) if style.goal_weights else None
    )
    out_goals = []
    for g, (domain_key, name, specs) in enumerate(goals):
        goal: dict[str, Any] = {"id": f"G{g + 1}", "name": name}
        if goal_weights:
            goal["weight"] = goal_weights[g]
        ind_weights = (
            split_weights(rng, len(specs), style.relative_weights)
            if style.indicator_weights
            else None
        )
        reasons = goal_reasons(domain_key, name)
        indicators = []
        for i, spec in enumerate(specs):
            ind = draw_indicator(
                rng, spec, reasons, f"G{g + 1}.{i + 1}", agency.level,
                int(period), style, (g, i) in style.nulls,
            )  # fmt: skip
            if ind_weights:
                ind = _insert_after(ind, "actual", "weight", ind_weights[i])
            indicators.append(ind)
        goal["indicators"] = indicators
        out_goals.append(goal)
    return {
        "schema": "kaoping/metrics@1",
        "agency": {
            "id": f"{agency.prefix}-demo-{number:02d}",
            "name": f"{agency.name}（示範）",
            "level": agency.level,
        },
        "period": period,
        "framework": style.framework,
        "goals": out_goals,
    }


def _insert_after(mapping: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    """Put ``weight`` right after ``actual``, where the contract example has it."""
    out: dict[str, Any] = {}
    for k, v in mapping.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def plan_files(rng: Random) -> list[tuple[Agency, str, str, int]]:
    """Agency, period, framework and number of null actuals for every file."""
    levels = [lvl for lvl, n in LEVEL_PLAN.items() for _ in range(n)]
    rng.shuffle(levels)
    decks: dict[str, list[Agency]] = {lvl: [] for lvl in AGENCIES}
    project = set(rng.sample(range(N_FILES), N_PROJECT_FILES))
    with_nulls = set(rng.sample(range(N_FILES), N_NULL_FILES))
    periods = list(PERIODS)
    plan = []
    for n, level in enumerate(levels):
        if not decks[level]:  # deal every agency once before repeating any
            decks[level] = list(AGENCIES[level])
            rng.shuffle(decks[level])
        agency = decks[level].pop()
        period = rng.choices(periods, weights=list(PERIODS.values()))[0]
        framework = "tw-project" if n in project else "tw-kpi"
        nulls = rng.choice([1, 1, 2]) if n in with_nulls else 0
        plan.append((agency, period, framework, nulls))
    return plan


def generate() -> list[Path]:
    """Write every case file (same seed, same bytes) and drop stale ones."""
    rng = Random(SEED)
    CASES.mkdir(parents=True, exist_ok=True)
    written = []
    for n, (agency, period, framework, nulls) in enumerate(plan_files(rng), start=1):
        style = draw_style(rng, framework, nulls)
        data = draw_file(rng, n, agency, period, style)
        path = CASES / f"{n:02d}-{data['agency']['id']}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        written.append(path)
    for stale in sorted(set(CASES.glob("*.yaml")) - set(written)):
        stale.unlink()
    return written


# ---------------------------------------------------------------------------
# YAML in the examples' style
# ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Indented block lists, double quotes where quoting is needed, no line folding."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # equal baseline and history values are written twice, never as &id001

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = str(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _grouped(dumper: yaml.SafeDumper, value: Grouped) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.MappingNode:
    items = [(dumper.represent_str(k), dumper.represent_data(v)) for k, v in value.items()]
    for key, _ in items:
        key.style = '"'
    return yaml.MappingNode("tag:yaml.org,2002:map", items, flow_style=True)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(Grouped, _grouped)
_Dumper.add_representer(Flow, _flow)


def dump(data: dict[str, Any]) -> str:
    """YAML text with Chinese kept as UTF-8 and keys in the contract's order."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return "# Generated by evals/drafting/generate.py (synthetic demo data; do not edit)\n" + body


# ---------------------------------------------------------------------------
# Check: every file must score, and the cases must cover what the eval needs
# ---------------------------------------------------------------------------


def kaoping_cli() -> str:
    """The project's CLI beside this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).parent / "kaoping"
    return str(local) if local.exists() else (shutil.which("kaoping") or "kaoping")


def score(path: Path) -> tuple[int, dict[str, Any] | None, str]:
    """Run ``kaoping score FILE --format json``; exit code, parsed JSON, stderr."""
    proc = subprocess.run(
        [kaoping_cli(), "score", str(path), "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        doc = json.loads(proc.stdout) if proc.returncode == 0 else None
    except json.JSONDecodeError:
        doc = None
    return proc.returncode, doc, proc.stderr.strip()


def cli_class(scored: dict[str, Any]) -> str:
    """The outcome class of one scored indicator, from the CLI's own achievement."""
    if scored["achievement"] is None:
        return "null"
    if Decimal(scored["actual"]) == Decimal(scored["target"]):
        return "exact"
    a = Decimal(scored["achievement"])
    for name, floor in (("exceeded", 120), ("met", 100), ("just_missed", 95), ("missed", 80)):
        if a >= floor:
            return name
    return "missed_badly"


def coverage(data: dict[str, Any], doc: dict[str, Any], tally: dict[str, Counter[str]]) -> None:
    """Add one file's counts to ``tally`` (outcomes come from the scorer, not from this script)."""
    tally["framework"][data["framework"]] += 1
    tally["level"][data["agency"]["level"]] += 1
    tally["period"][data["period"]] += 1
    source = {i["id"]: i for g in data["goals"] for i in g["indicators"]}
    flags: set[str] = set()
    if any("weight" in g for g in data["goals"]):
        flags.add("goal weights")
    for scored in doc["indicators"]:
        ind = source[scored["id"]]
        outcome = cli_class(scored)
        tally["outcome"][outcome] += 1
        tally["unit"][ind["unit"]] += 1
        tally["type"][ind["type"]] += 1
        tally["direction"][ind["direction"]] += 1
        history = ind.get("history") or {}
        tally["history length"][str(len(history))] += 1
        tally["baseline"]["absent" if "baseline" not in ind else "present"] += 1
        actual = None if ind["actual"] is None else _num(ind["actual"])
        if outcome in ("just_missed", "missed", "missed_badly"):
            tally["missed"]["with explanation" if ind.get("explanation") else "without"] += 1
        if ind["direction"] == "lower" and actual == 0:
            tally["special"]["lower-is-better at 0"] += 1
        last = _num(list(history.values())[-1]) if history else None
        if (
            ind["direction"] == "lower"
            and actual is not None
            and last is not None
            and actual > last
        ):
            tally["special"]["lower-is-better worse than last year"] += 1
        flags |= {
            name
            for name, present in (
                ("null actual", actual is None),
                ("explanation", bool(ind.get("explanation"))),
                (
                    "千分位 strings",
                    any(isinstance(ind.get(k), str) for k in ("baseline", "target", "actual")),
                ),
                ("indicator weights", "weight" in ind),
                ("self_rating", "self_rating" in ind),
            )
            if present
        }
    tally["files with"].update(flags)


def check(paths: list[Path]) -> bool:
    """Score every file with the CLI and print a coverage summary; True when all exit 0."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(score, paths))
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    sizes = []
    for path, (code, doc, err) in zip(paths, results, strict=True):
        if code != 0 or doc is None:
            print(f"FAIL {path.name}: exit {code}: {err}", file=sys.stderr)
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sizes.append(len(doc["indicators"]))
        coverage(data, doc, tally)
    passed = sum(code == 0 and doc is not None for code, doc, _ in results)
    print(f"kaoping score --format json: {passed}/{len(paths)} exit 0")
    if sizes:
        print(
            f"indicators: {sum(sizes)} (per file {min(sizes)}-{max(sizes)}, "
            f"{sum(s >= 10 for s in sizes)} files with 10+)"
        )
    for title, counter in tally.items():
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())))
    return passed == len(paths)


def _num(value: Any) -> Decimal:
    return Decimal(str(value).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-check", action="store_true", help="write the files only")
    args = parser.parse_args()
    paths = generate()
    print(f"wrote {len(paths)} files to {CASES.relative_to(HERE.parent.parent)}")
    if args.no_check:
        return 0
    return 0 if check(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
