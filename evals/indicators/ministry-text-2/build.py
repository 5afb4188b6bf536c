"""Build the ``ministry-text-2`` eval set: ``catalog.yaml`` and ``labels.yaml``.

Six central agencies (moea, moenv, moa, mohw, moe, moi), text only (no values).
The spec below uses readable slugs; the output shuffles them (fixed seed) into opaque
ids N01… so that no labelled pair (duplicate, overlap or trap) sits on adjacent ids.

Run::

    .venv/bin/python evals/indicators/ministry-text-2/build.py
"""

from __future__ import annotations

import random
from itertools import combinations, pairwise
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED = 20261127

# slug: (agency_id, name, definition, type, goal, unit, direction)
SPEC: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # ---- 經濟部 moea ----
    "re_share": (
        "moea",
        "再生能源發電占比",
        "再生能源（太陽光電、風力、川流式水力、地熱、生質能）年發電量 ÷ 全國年總發電量 × 100。",
        "outcome",
        "能源轉型與穩定供電",
        "%",
        "higher",
    ),
    "re_cap_share": (
        "moea",
        "再生能源裝置容量占比",
        "年底再生能源累計裝置容量（MW）÷ 年底全國發電設備總裝置容量（MW）× 100；量的是設備容量，不是發電量。",
        "output",
        "能源轉型與穩定供電",
        "%",
        "higher",
    ),
    "saidi": (
        "moea",
        "SAIDI（系統平均停電時間指標）",
        "全年各次停電之（停電用戶數 × 停電持續分鐘數）總和 ÷ 台電總用戶數。",
        "outcome",
        "能源轉型與穩定供電",
        "分鐘/戶·年",
        "lower",
    ),
    "outage_hours": (
        "moea",
        "每戶每年平均停電時數",
        "全年所有用戶累計停電時間（小時）÷ 總用戶數；即平均每一用戶一年內遭遇停電的總時長。",
        "outcome",
        "能源轉型與穩定供電",
        "小時/戶·年",
        "lower",
    ),
    "saifi": (
        "moea",
        "SAIFI（系統平均停電次數指標）",
        "全年各次停電之停電用戶數總和 ÷ 台電總用戶數；即平均每一用戶一年內遭遇停電的次數，不計停電時間長短。",
        "outcome",
        "能源轉型與穩定供電",
        "次/戶·年",
        "lower",
    ),
    "mfg_ghg": (
        "moea",
        "製造部門溫室氣體排放量",
        "依國家溫室氣體排放清冊，製造業能源燃燒及工業製程與產品使用之溫室氣體排放量合計。",
        "outcome",
        "產業低碳轉型",
        "萬公噸CO2e",
        "lower",
    ),
    "sme_guarantee": (
        "moea",
        "中小企業信用保證融資金額",
        "中小企業信用保證基金當年度承保之中小企業（含新創事業）融資金額合計。",
        "output",
        "中小及新創企業發展",
        "億元",
        "higher",
    ),
    "startup_guarantee": (
        "moea",
        "新創事業信用保證融資金額",
        "中小企業信用保證基金當年度承保之設立未滿 5 年新創事業融資金額合計。",
        "output",
        "中小及新創企業發展",
        "億元",
        "higher",
    ),
    "digital_maturity": (
        "moea",
        "數位轉型成熟度",
        "",
        "outcome",
        "中小及新創企業發展",
        "",
        "higher",
    ),
    # ---- 環境部 moenv ----
    "green_share": (
        "moenv",
        "綠電占總發電量比率",
        "太陽能、風力、水力、地熱及生質能等綠電之全年發電度數 ÷ 全國全年發電總度數 × 100。",
        "outcome",
        "淨零排放",
        "%",
        "higher",
    ),
    "net_ghg": (
        "moenv",
        "全國溫室氣體淨排放量",
        "國家溫室氣體排放清冊之能源、工業製程及產品使用、農業、廢棄物部門排放量合計，減除林業及其他土地利用之碳匯量。",
        "outcome",
        "淨零排放",
        "萬公噸CO2e",
        "lower",
    ),
    "ind_ghg": (
        "moenv",
        "工業部門溫室氣體排放量",
        "國家溫室氣體排放清冊中，製造業之燃料燃燒排放與工業製程及產品使用排放之合計。",
        "outcome",
        "淨零排放",
        "萬公噸CO2e",
        "lower",
    ),
    "pm25": (
        "moenv",
        "PM2.5 年平均濃度",
        "全國一般空氣品質監測站 PM2.5 日平均值之全年算術平均。",
        "outcome",
        "空氣品質改善",
        "μg/m³",
        "lower",
    ),
    "fine_pm": (
        "moenv",
        "細懸浮微粒年均值",
        "各一般測站細懸浮微粒（粒徑 2.5 微米以下）每日平均濃度，取全國全年平均。",
        "outcome",
        "空氣品質改善",
        "微克/立方公尺",
        "lower",
    ),
    "aqi_bad": (
        "moenv",
        "空氣品質指標（AQI）大於 100 站日數比率",
        "一般測站 AQI > 100（對敏感族群不健康以上）之站日數 ÷ 全年有效監測站日數 × 100；AQI 綜合臭氧、PM2.5、PM10 等污染物。",
        "outcome",
        "空氣品質改善",
        "%",
        "lower",
    ),
    "recycle": (
        "moenv",
        "一般廢棄物資源回收率",
        "（資源回收量 ＋ 廚餘回收量 ＋ 巨大垃圾回收再利用量）÷ 一般廢棄物產生量 × 100。",
        "outcome",
        "資源循環",
        "%",
        "higher",
    ),
    "ind_reuse": (
        "moenv",
        "事業廢棄物再利用率",
        "事業廢棄物申報再利用量 ÷ 事業廢棄物申報產生量 × 100；對象是工廠、醫院等事業機構，不含家戶一般廢棄物。",
        "outcome",
        "資源循環",
        "%",
        "higher",
    ),
    "complaints": (
        "moenv",
        "公害陳情案件數",
        "各級環保機關全年受理民眾對空氣、噪音、異味、水及廢棄物污染之公害陳情案件數。",
        "outcome",
        "環境執法與陳情處理",
        "件",
        "lower",
    ),
    "complaints2": (
        "moenv",
        "環境污染陳情受理件數",
        "環境部及地方環保局當年度受理之環境污染（空氣、噪音、異味、水、廢棄物）民眾陳情件數。",
        "outcome",
        "環境執法與陳情處理",
        "件",
        "lower",
    ),
    "penalties": (
        "moenv",
        "環境污染裁處件數",
        "環保機關依環保法規對違規事業或個人作成裁處書（罰鍰、限期改善、停工等）之件數；不論是否源自民眾陳情。",
        "process",
        "環境執法與陳情處理",
        "件",
        "higher",
    ),
    # ---- 農業部 moa ----
    "pest_pass": (
        "moa",
        "市售蔬果農藥殘留檢驗合格率",
        "農業部與食藥署聯合抽驗之市售蔬果樣品中，符合農藥殘留容許量標準之樣品數 ÷ 抽驗樣品總數 × 100。",
        "outcome",
        "食品安全",
        "%",
        "higher",
    ),
    "afforest_ach": (
        "moa",
        "造林計畫面積達成率",
        "當年度實際新植造林面積（公頃）÷ 當年度計畫新植造林面積（公頃）× 100。",
        "output",
        "森林保育與碳匯",
        "%",
        "higher",
    ),
    "afforest_done": (
        "moa",
        "新植造林年度目標完成率",
        "當年完成新植造林之公頃數 ÷ 年度目標新植造林公頃數 × 100。",
        "output",
        "森林保育與碳匯",
        "%",
        "higher",
    ),
    "seedling_survival": (
        "moa",
        "新植造林成活率",
        "新植造林地於栽植滿 3 年時之存活株數 ÷ 原栽植株數 × 100。",
        "outcome",
        "森林保育與碳匯",
        "%",
        "higher",
    ),
    "organic_friendly": (
        "moa",
        "有機及友善耕作面積",
        "取得有機驗證之農地面積 ＋ 完成友善環境耕作登錄之農地面積（年底）。",
        "output",
        "永續農業",
        "公頃",
        "higher",
    ),
    "organic_cert": (
        "moa",
        "有機驗證農地面積",
        "年底取得有機農產品驗證之農地面積。",
        "output",
        "永續農業",
        "公頃",
        "higher",
    ),
    "ins_coverage": (
        "moa",
        "農業保險投保率",
        "已投保農業保險之農作物種植面積 ÷ 可保農作物種植總面積 × 100。",
        "output",
        "農民所得保障",
        "%",
        "higher",
    ),
    "ins_loss": (
        "moa",
        "農業保險賠付率",
        "當年度農業保險理賠金額 ÷ 當年度農業保險保費收入 × 100。",
        "process",
        "農民所得保障",
        "%",
        "lower",
    ),
    "resilience": (
        "moa",
        "強化農業韌性",
        "推動各項措施強化農業面對氣候變遷之韌性。",
        "process",
        "永續農業",
        "",
        "higher",
    ),
    # ---- 衛生福利部 mohw ----
    "pest_fail": (
        "mohw",
        "市售農產品農藥殘留不合格率",
        "食藥署與農業部聯合抽驗之市售蔬果樣品中，不符合農藥殘留容許量標準之樣品數 ÷ 抽驗樣品總數 × 100。",
        "outcome",
        "食品安全",
        "%",
        "lower",
    ),
    "flu_rate": (
        "mohw",
        "65歲以上長者流感疫苗接種率",
        "65 歲以上當季接種流感疫苗人數 ÷ 65 歲以上年中人口數 × 100。",
        "output",
        "傳染病防治",
        "%",
        "higher",
    ),
    "flu_cov": (
        "mohw",
        "高齡者流感疫苗涵蓋率",
        "年滿 65 歲且於當季完成流感疫苗接種之人數 ÷ 年滿 65 歲之年中人口 × 100。",
        "output",
        "傳染病防治",
        "%",
        "higher",
    ),
    "pcv": (
        "mohw",
        "65歲以上長者肺炎鏈球菌疫苗接種率",
        "65 歲以上曾接種肺炎鏈球菌疫苗（PCV13 或 PPV23）人數 ÷ 65 歲以上年中人口數 × 100。",
        "output",
        "傳染病防治",
        "%",
        "higher",
    ),
    "doctors_10k": (
        "mohw",
        "每萬人口執業醫師數",
        "年底執業西醫師人數 ÷ 年底總人口數 × 10,000。",
        "input",
        "醫療人力充足",
        "人/萬人口",
        "higher",
    ),
    "doctors_100k": (
        "mohw",
        "醫師人力密度",
        "年底執業西醫師人數 ÷ 年底總人口數 × 100,000。",
        "input",
        "醫療人力充足",
        "人/十萬人口",
        "higher",
    ),
    "nurses_10k": (
        "mohw",
        "每萬人口執業護理人員數",
        "年底執業護理師及護士人數 ÷ 年底總人口數 × 10,000。",
        "input",
        "醫療人力充足",
        "人/萬人口",
        "higher",
    ),
    "cp_reports": (
        "mohw",
        "兒少保護案件通報件數",
        "直轄市、縣（市）主管機關全年受理之兒童及少年保護事件通報件數。",
        "outcome",
        "兒少保護",
        "件",
        "lower",
    ),
    "cp_reports2": (
        "mohw",
        "兒童及少年保護通報案件數",
        "依兒童及少年福利與權益保障法第 53 條，地方政府社政主管機關當年度受理之兒少保護通報案件總數。",
        "outcome",
        "兒少保護",
        "件",
        "lower",
    ),
    "cp_reports3": (
        "mohw",
        "兒少保護事件通報量",
        "全年各地方政府接獲之兒少保護通報件數（含責任通報人員通報及一般民眾通報）。",
        "outcome",
        "兒少保護",
        "件",
        "lower",
    ),
    "cp_visit": (
        "mohw",
        "兒少保護通報案件限時訪視完成率",
        "於法定時限內（24 小時或 4 日）完成訪視調查之兒少保護通報案件數 ÷ 應訪視之兒少保護通報案件數 × 100。",
        "process",
        "兒少保護",
        "%",
        "higher",
    ),
    # ---- 教育部 moe ----
    "wifi_cov": (
        "moe",
        "國中小校園無線網路涵蓋率",
        "已建置無線網路基地臺之國中小普通教室數 ÷ 國中小普通教室總數 × 100。",
        "input",
        "數位學習環境",
        "%",
        "higher",
    ),
    "wifi_cov2": (
        "moe",
        "中小學教室 Wi-Fi 覆蓋率",
        "國民中小學普通教室中可使用 Wi-Fi 之間數 ÷ 普通教室總間數 × 100。",
        "input",
        "數位學習環境",
        "%",
        "higher",
    ),
    "wifi_pop": (
        "moe",
        "班班有無線網路普及率",
        "國民中小學已完成無線網路建置之普通教室數 ÷ 普通教室總數 × 100。",
        "input",
        "數位學習環境",
        "%",
        "higher",
    ),
    "wifi_use": (
        "moe",
        "校園無線網路使用率",
        "當學期每月至少登入校園無線網路一次之國中小學生人數 ÷ 國中小學生總數 × 100。",
        "outcome",
        "數位學習環境",
        "%",
        "higher",
    ),
    "fitness_ok": (
        "moe",
        "學生體適能達中等以上比率",
        "高級中等以下學校受測學生中，心肺耐力、肌耐力、柔軟度、瞬發力四項均達常模百分等級 25 以上之人數 ÷ 受測學生數 × 100。",
        "outcome",
        "學生健康",
        "%",
        "higher",
    ),
    "fitness_bad": (
        "moe",
        "學生體適能未達標比率",
        "高級中等以下學校受測學生中，心肺耐力、肌耐力、柔軟度、瞬發力任一項低於常模百分等級 25 之人數 ÷ 受測學生數 × 100。",
        "outcome",
        "學生健康",
        "%",
        "lower",
    ),
    "fitness_tested": (
        "moe",
        "學生體適能檢測受測率",
        "高級中等以下學校實際完成體適能檢測之學生數 ÷ 應受測學生數 × 100；不論檢測結果。",
        "process",
        "學生健康",
        "%",
        "higher",
    ),
    "intl_students": (
        "moe",
        "大專校院境外學生人數",
        "大專校院在學之境外學生總數：學位生（僑生、港澳生、陸生、外國學位生）＋ 非學位生（交換生、研習生、華語生）。",
        "output",
        "高教國際化",
        "人",
        "higher",
    ),
    "foreign_degree": (
        "moe",
        "大專校院外國學位生人數",
        "大專校院正式修讀學位之外國籍學生人數（不含僑生、港澳生、陸生及非學位生）。",
        "output",
        "高教國際化",
        "人",
        "higher",
    ),
    # ---- 內政部 moi ----
    "ohca_rosc": (
        "moi",
        "OHCA 病患 ROSC 率",
        "消防救護人員處置之 OHCA 病患中，於到院前或急診達到 ROSC 之人數 ÷ 救護處置之 OHCA 病患數 × 100。",
        "outcome",
        "緊急救護品質",
        "%",
        "higher",
    ),
    "cpr_return": (
        "moi",
        "到院前心肺功能停止患者恢復自發性循環比率",
        "救護技術員處置之到院前心肺功能停止患者中，於到院前或急診恢復自發性循環之人數 ÷ 處置之到院前心肺功能停止患者總數 × 100。",
        "outcome",
        "緊急救護品質",
        "%",
        "higher",
    ),
    "ohca_discharge": (
        "moi",
        "OHCA 病患存活出院率",
        "消防救護人員處置之 OHCA 病患中，存活出院之人數 ÷ 救護處置之 OHCA 病患數 × 100。",
        "outcome",
        "緊急救護品質",
        "%",
        "higher",
    ),
    "hh_sat": (
        "moi",
        "戶政服務民眾滿意度",
        "年度戶政服務滿意度調查中回答「滿意」及「非常滿意」之人數 ÷ 有效樣本數 × 100。",
        "outcome",
        "便民戶政服務",
        "%",
        "higher",
    ),
    "hh_sat2": (
        "moi",
        "戶政事務所為民服務滿意程度",
        "年度戶政服務問卷調查中，表示滿意以上（含非常滿意）之受訪民眾 ÷ 有效問卷數 × 100。",
        "outcome",
        "便民戶政服務",
        "%",
        "higher",
    ),
    "burglary_home": (
        "moi",
        "住宅竊盜案件發生數",
        "警察機關全年受理之住宅竊盜刑案發生件數。",
        "outcome",
        "治安維護",
        "件",
        "lower",
    ),
    "theft_all": (
        "moi",
        "全般竊盜案件發生數",
        "警察機關全年受理之竊盜刑案發生件數，含普通竊盜（住宅、商店等）、汽車竊盜及機車竊盜。",
        "outcome",
        "治安維護",
        "件",
        "lower",
    ),
    "burglary_clear": (
        "moi",
        "住宅竊盜案件破獲率",
        "全年住宅竊盜案件破獲件數（含破獲以前年度發生者）÷ 全年住宅竊盜案件發生件數 × 100。",
        "output",
        "治安維護",
        "%",
        "higher",
    ),
    "disaster_volunteers": (
        "moi",
        "防災士培訓合格人數",
        "完成防災士培訓課程並取得合格證書之累計人數。",
        "output",
        "社區防災",
        "人",
        "higher",
    ),
}

# same measure: same numerator and denominator, a fixed conversion, or a complement
DUPLICATE_GROUPS: list[tuple[str, ...]] = [
    ("re_share", "green_share"),  # across ministries (moea / moenv)
    ("mfg_ghg", "ind_ghg"),  # across ministries (moea / moenv)
    ("pest_pass", "pest_fail"),  # across ministries (moa / mohw), complement
    ("saidi", "outage_hours"),  # abbreviation; minutes = hours x 60
    ("pm25", "fine_pm"),  # abbreviation vs full name
    ("complaints", "complaints2"),  # 案件數 / 件數
    ("afforest_ach", "afforest_done"),  # 達成率 / 完成率
    ("flu_rate", "flu_cov"),  # 接種率 / 涵蓋率
    ("doctors_10k", "doctors_100k"),  # per 10,000 x 10 = per 100,000
    ("cp_reports", "cp_reports2", "cp_reports3"),  # 件數 / 案件數 / 通報量
    ("wifi_cov", "wifi_cov2", "wifi_pop"),  # 涵蓋率 / 覆蓋率 / 普及率, Wi-Fi
    ("fitness_ok", "fitness_bad"),  # complement
    ("ohca_rosc", "cpr_return"),  # OHCA / ROSC abbreviations
    ("hh_sat", "hh_sat2"),  # 滿意度 / 滿意程度
]

# largely the same thing, not identical (subset/superset, or two scales of one phenomenon)
OVERLAPS: list[tuple[str, str]] = [
    ("net_ghg", "mfg_ghg"),  # national net ⊃ manufacturing
    ("net_ghg", "ind_ghg"),
    ("aqi_bad", "pm25"),  # AQI>100 days vs PM2.5 annual mean
    ("aqi_bad", "fine_pm"),
    ("organic_friendly", "organic_cert"),  # organic + friendly ⊃ organic
    ("intl_students", "foreign_degree"),  # all international ⊃ foreign degree students
    ("theft_all", "burglary_home"),  # all theft ⊃ residential burglary
    ("sme_guarantee", "startup_guarantee"),  # all SME ⊃ start-ups
]

# similar names, different numerator/denominator (some with different units)
WORDING_TRAPS: list[tuple[str, str]] = [
    ("saidi", "saifi"),  # outage minutes vs outage count
    ("re_share", "re_cap_share"),  # generation vs installed capacity
    ("recycle", "ind_reuse"),  # household waste vs industrial waste
    ("complaints2", "penalties"),  # complaints received vs penalties issued
    ("afforest_ach", "seedling_survival"),  # area vs surviving seedlings
    ("ins_coverage", "ins_loss"),  # insured area share vs claims / premiums
    ("flu_rate", "pcv"),  # influenza vs pneumococcal vaccine
    ("doctors_10k", "nurses_10k"),  # physicians vs nurses
    ("cp_reports2", "cp_visit"),  # report count vs timely visit share
    ("wifi_cov", "wifi_use"),  # classrooms covered vs students using
    ("fitness_ok", "fitness_tested"),  # passed vs tested
    ("ohca_rosc", "ohca_discharge"),  # ROSC vs survival to discharge
    ("burglary_home", "burglary_clear"),  # occurrences vs clearance rate
]


def related_pairs() -> list[tuple[str, str]]:
    pairs = [p for g in DUPLICATE_GROUPS for p in combinations(g, 2)]
    return pairs + OVERLAPS


def shuffle() -> dict[str, str]:
    """Slug -> opaque id; reshuffle until no labelled pair (traps too) is on adjacent ids."""
    rng = random.Random(SEED)
    slugs = list(SPEC)
    related = {frozenset(p) for p in related_pairs() + WORDING_TRAPS}
    while True:
        rng.shuffle(slugs)
        if not any(frozenset(p) in related for p in pairwise(slugs)):
            break
    width = max(2, len(str(len(slugs))))
    return {s: f"N{i:0{width}d}" for i, s in enumerate(slugs, 1)}


def main() -> None:
    ids = shuffle()
    rows = []
    for slug in sorted(SPEC, key=ids.__getitem__):
        agency, name, definition, type_, goal, unit, direction = SPEC[slug]
        rows.append(
            {
                "id": ids[slug],
                "agency_id": agency,
                "name": name,
                "definition": definition,
                "type": type_,
                "goal": goal,
                "unit": unit,
                "direction": direction,
            }
        )
    catalog = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=1000)
    (HERE / "catalog.yaml").write_text(catalog, encoding="utf-8")

    def pair(a: str, b: str) -> str:
        x, y = sorted((ids[a], ids[b]))
        return f"[{x}, {y}]"

    dup = [pair(a, b) for g in DUPLICATE_GROUPS for a, b in combinations(g, 2)]
    lines = ["duplicates:"]
    lines += [f"  - {p}" for p in sorted(dup)]
    lines.append("overlaps:")
    lines += [f"  - {p}" for p in sorted(pair(a, b) for a, b in OVERLAPS)]
    lines.append("traps:")
    for p in sorted(pair(a, b) for a, b in WORDING_TRAPS):
        lines += [f"  - pair: {p}", "    kind: wording"]
    (HERE / "labels.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"wrote {len(rows)} indicators, {len(dup)} duplicate pairs, "
        f"{len(OVERLAPS)} overlaps, {len(WORDING_TRAPS)} wording traps"
    )


if __name__ == "__main__":
    main()
