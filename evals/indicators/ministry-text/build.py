"""Build the ``ministry-text`` indicator catalog and its labels (text only, no values).

Indicators from five ministries (內政部 moi, 交通部 motc, 衛生福利部 mohw, 勞動部 mol,
教育部 moe). The same measure is often kept by two agencies, or by two divisions of one
ministry, under different wording; a few names look alike but count something else, and
the definitions (numerator / denominator) make the difference clear.

The spec below is keyed by readable slugs; the catalog gets opaque ids (M01…) in a fixed
shuffled order in which no duplicate or overlap pair sits next to each other. Run::

    .venv/bin/python evals/indicators/ministry-text/build.py
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from random import Random
from typing import Any

import yaml

SEED = 20240918
HERE = Path(__file__).resolve().parent

GOALS = {
    "moi-1": "維護社會治安與交通安全",
    "moi-2": "落實居住正義與便民服務",
    "motc-1": "打造安全便捷的運輸環境",
    "motc-2": "推動觀光發展與數位監理",
    "mohw-1": "建構完善長期照顧與健保體系",
    "mohw-2": "強化疾病預防與國民健康",
    "mol-1": "促進國民就業與人力運用",
    "mol-2": "保障勞工安全與勞動權益",
    "moe-1": "培育青年就業力與國民體能",
    "moe-2": "擴大幼兒教育公共化與教育均等",
}

# slug, agency, name, definition (None = missing), type, goal, unit (None = missing), direction
SPEC: list[tuple[str, str, str, str | None, str, str, str | None, str]] = [
    # --- 內政部
    ("moi-traffic-death", "moi", "交通事故30日死亡人數",
     "道路交通事故發生後 30 日內死亡之人數（警政署 A1 類及 A2 類 30 日內死亡）",
     "outcome", "moi-1", "人", "lower"),
    ("moi-traffic-injury", "moi", "道路交通事故受傷人數",
     "道路交通事故（A1 類及 A2 類）造成之受傷人數",
     "outcome", "moi-1", "人", "lower"),
    ("moi-crime-solve", "moi", "刑案破獲率",
     "全般刑案破獲件數 ÷ 全般刑案發生件數 × 100%",
     "outcome", "moi-1", "%", "higher"),
    ("moi-crime-solve2", "moi", "全般刑案破案率",
     "當年破獲之全般刑案件數占當年全般刑案發生件數之百分比",
     "outcome", "moi-1", "%", "higher"),
    ("moi-crime-rate", "moi", "刑案發生率",
     "全般刑案發生件數 ÷ 年中人口數 × 100,000",
     "outcome", "moi-1", "件/十萬人口", "lower"),
    ("moi-fire-death", "moi", "火災死亡人數",
     "全國火災事故造成之死亡人數（消防署統計）",
     "outcome", "moi-1", "人", "lower"),
    ("moi-social-housing", "moi", "社會住宅興辦戶數",
     "累計已完工、施工中及已核定規劃之政府直接興建社會住宅戶數",
     "output", "moi-2", "戶", "higher"),
    ("moi-social-housing-done", "moi", "社會住宅完工戶數",
     "累計已完工並可供出租之政府直接興建社會住宅戶數",
     "output", "moi-2", "戶", "higher"),
    ("moi-sublease", "moi", "社會住宅包租代管戶數",
     "透過社會住宅包租代管計畫媒合出租之民間住宅戶數",
     "output", "moi-2", "戶", "higher"),
    ("moi-hh-online", "moi", "戶政線上申辦比率",
     "戶政業務（戶籍登記、謄本、印鑑等）以網路申辦之件數 ÷ 戶政業務申辦總件數 × 100%",
     "process", "moi-2", "%", "higher"),
    ("moi-transcript-online", "moi", "戶籍謄本線上申請比率",
     "以網路申請之戶籍謄本件數 ÷ 戶籍謄本申請總件數 × 100%",
     "output", "moi-2", "%", "higher"),
    ("moi-arrivals-foreign", "moi", "入境外籍旅客人數",
     "移民署統計持外國護照入境之旅客人次",
     "output", "moi-2", "人次", "higher"),
    ("moi-service", "moi", "精進為民服務效能", None,
     "process", "moi-2", None, "higher"),
    # --- 交通部
    ("motc-road-death", "motc", "道路交通事故死亡人數（30日）",
     "道路交通事故發生當時及事故後 30 日內死亡之人數",
     "outcome", "motc-1", "人", "lower"),
    ("motc-transit", "motc", "公共運輸旅運量",
     "臺鐵、高鐵、捷運、市區客運及公路客運全年載客人次合計",
     "output", "motc-1", "億人次", "higher"),
    ("motc-tra", "motc", "臺鐵旅運人次",
     "臺灣鐵路全年載客人次",
     "output", "motc-1", "萬人次", "higher"),
    ("motc-visitors", "motc", "來臺旅客人次",
     "觀光署統計來臺旅客（外籍、港澳、大陸及華僑）入境人次",
     "outcome", "motc-2", "人次", "higher"),
    ("motc-dmv-online", "motc", "公路監理線上服務使用率",
     "監理業務以網路或行動 App 辦理之件數 ÷ 監理業務總件數 × 100%",
     "process", "motc-2", "%", "higher"),
    ("motc-dmv-online2", "motc", "監理服務網線上申辦比率",
     "透過監理服務網及行動監理 App 申辦之監理案件占全部監理案件之比率",
     "output", "motc-2", "%", "higher"),
    # --- 衛生福利部
    ("mohw-ltc-cov", "mohw", "長照服務涵蓋率",
     "長照服務使用人數 ÷ 長照需要人數（推估）× 100%",
     "outcome", "mohw-1", "%", "higher"),
    ("mohw-ltc-use", "mohw", "長照需要者服務使用率",
     "接受長照 2.0 服務之人數占推估長照需要人數之比率",
     "outcome", "mohw-1", "%", "higher"),
    ("mohw-ltc-reach", "mohw", "長期照顧服務覆蓋率",
     "長照服務人數 ÷ 推估長照需要人數 × 100%",
     "output", "mohw-1", "%", "higher"),
    ("mohw-flu65", "mohw", "65歲以上長者流感疫苗接種率",
     "當季 65 歲以上接種流感疫苗人數 ÷ 65 歲以上人口數 × 100%",
     "outcome", "mohw-2", "%", "higher"),
    ("mohw-flu-cov", "mohw", "老人流感疫苗接種涵蓋率",
     "當季 65 歲以上長者完成流感疫苗接種人數 ÷ 65 歲以上年中人口數 × 100%",
     "outcome", "mohw-2", "%", "higher"),
    ("mohw-child-vacc", "mohw", "兒童常規疫苗接種完成率",
     "滿 2 歲幼兒完成各項常規疫苗接種人數 ÷ 滿 2 歲幼兒數 × 100%",
     "outcome", "mohw-2", "%", "higher"),
    ("mohw-child-vacc2", "mohw", "幼兒預防接種完成率",
     "滿 2 歲幼兒中已完成全部常規預防接種者之比率",
     "outcome", "mohw-2", "%", "higher"),
    ("mohw-nhi", "mohw", "全民健保納保率",
     "全民健康保險納保人數 ÷ 應納保人口數 × 100%",
     "outcome", "mohw-1", "%", "higher"),
    ("mohw-nhi2", "mohw", "健保涵蓋率",
     "已納入全民健康保險之人數占應納保人口之比率",
     "outcome", "mohw-1", "%", "higher"),
    ("mohw-cancer4", "mohw", "四癌篩檢率",
     "子宮頸癌、乳癌、大腸癌、口腔癌目標族群於建議間隔內接受篩檢人數 ÷ 目標族群人數 × 100%",
     "outcome", "mohw-2", "%", "higher"),
    ("mohw-colorectal", "mohw", "大腸癌篩檢率",
     "50 至 74 歲民眾 2 年內接受糞便潛血檢查人數 ÷ 50 至 74 歲人口數 × 100%",
     "output", "mohw-2", "%", "higher"),
    ("mohw-food", "mohw", "市售食品抽驗不合格率",
     "市售食品抽驗不符規定件數 ÷ 抽驗總件數 × 100%",
     "outcome", "mohw-2", "%", "lower"),
    # --- 勞動部
    ("mol-job-rate", "mol", "求職就業率",
     "公立就業服務機構求職推介就業人數 ÷ 有效求職人數 × 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-job-rate2", "mol", "就業服務推介就業率",
     "就業中心推介求職者成功就業之人數占有效求職登記人數之比率",
     "outcome", "mol-1", "%", "higher"),
    ("mol-vacancy-fill", "mol", "求才利用率",
     "公立就業服務機構求才僱用人數 ÷ 有效求才人數 × 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-training-emp", "mol", "職業訓練結訓學員就業率",
     "職前訓練結訓後 3 個月內就業人數 ÷ 結訓人數 × 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-youth-unemp", "mol", "青年失業率",
     "15 至 29 歲失業人數 ÷ 15 至 29 歲勞動力 × 100%（人力資源調查）",
     "outcome", "mol-1", "%", "lower"),
    ("mol-grad-emp", "mol", "大專畢業青年就業率",
     "大專校院畢業生於畢業後 1 年內就業人數 ÷ 畢業生人數（不含升學、服役者）× 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-dis-emp", "mol", "身心障礙者就業率",
     "身心障礙就業者人數 ÷ 身心障礙勞動力人數 × 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-dis-lfpr", "mol", "身心障礙者勞動力參與率",
     "身心障礙勞動力人數 ÷ 15 歲以上身心障礙人口數 × 100%",
     "outcome", "mol-1", "%", "higher"),
    ("mol-injury-1000", "mol", "勞工職業災害千人率",
     "職業災害（不含上下班交通事故）保險給付人次 ÷ 勞保投保人數 × 1,000",
     "outcome", "mol-2", "‰", "lower"),
    ("mol-injury-10k", "mol", "每萬名勞工職業災害人數",
     "職業災害（不含上下班交通事故）保險給付人次 ÷ 勞保投保人數 × 10,000",
     "outcome", "mol-2", "人/萬人", "lower"),
    ("mol-inspection", "mol", "勞動檢查家次",
     "年度實施勞動條件檢查及職業安全衛生檢查之事業單位家次合計",
     "process", "mol-2", "家次", "higher"),
    ("mol-labor-inspection", "mol", "勞動條件檢查家次",
     "年度實施勞動條件（工資、工時、休假等）檢查之事業單位家次",
     "process", "mol-2", "家次", "higher"),
    ("mol-dispute", "mol", "勞資爭議調解成立率",
     "勞資爭議調解成立件數 ÷ 調解終結件數 × 100%",
     "outcome", "mol-2", "%", "higher"),
    # --- 教育部
    ("moe-grad-emp", "moe", "大專校院畢業生就業率",
     "畢業後 1 年內就業之大專校院畢業生人數 ÷ 畢業生總數（扣除升學及服役者）× 100%",
     "outcome", "moe-1", "%", "higher"),
    ("moe-youth-unemp", "moe", "15至29歲青年失業率",
     "15 至 29 歲青年失業人數占同年齡勞動力人數之比率",
     "outcome", "moe-1", "%", "lower"),
    ("moe-fitness", "moe", "學生體適能合格率",
     "體適能檢測四項均達常模百分等級 25 以上之學生數 ÷ 受測學生數 × 100%",
     "outcome", "moe-1", "%", "higher"),
    ("moe-fitness2", "moe", "學生體適能達銅質以上比率",
     "受測學生中四項體適能檢測成績皆達常模百分等級 25（銅質標準）以上者之比率",
     "outcome", "moe-1", "%", "higher"),
    ("moe-preschool", "moe", "2至5歲幼兒入園率",
     "2 至 5 歲就讀幼兒園之幼兒數 ÷ 2 至 5 歲幼兒人口數 × 100%",
     "outcome", "moe-2", "%", "higher"),
    ("moe-preschool2", "moe", "學前教育在學率（2至5歲）",
     "2 至 5 歲幼兒在幼兒園就學人數占同齡人口之比率",
     "outcome", "moe-2", "%", "higher"),
    ("moe-higher-ed", "moe", "高等教育在學率（18至21歲）",
     "18 至 21 歲就讀大專校院人數 ÷ 18 至 21 歲人口數 × 100%",
     "outcome", "moe-2", "%", "higher"),
    ("moe-devices", "moe", "偏遠地區學校數位學習載具配發率",
     "偏遠地區中小學已配發數位學習載具之學生數 ÷ 偏遠地區中小學學生數 × 100%",
     "output", "moe-2", "%", "higher"),
    ("moe-digital", "moe", "數位學習普及率", None,
     "output", "moe-2", "%", "higher"),
]  # fmt: skip

DUPLICATE_GROUPS = [
    ["moi-traffic-death", "motc-road-death"],  # 內政部 vs 交通部
    ["moi-crime-solve", "moi-crime-solve2"],  # 破獲率 / 破案率
    ["motc-dmv-online", "motc-dmv-online2"],
    ["mohw-ltc-cov", "mohw-ltc-use", "mohw-ltc-reach"],  # 涵蓋率 / 使用率 / 覆蓋率
    ["mohw-flu65", "mohw-flu-cov"],
    ["mohw-child-vacc", "mohw-child-vacc2"],
    ["mohw-nhi", "mohw-nhi2"],
    ["mol-job-rate", "mol-job-rate2"],
    ["mol-injury-1000", "mol-injury-10k"],  # 千人率 / 每萬人 (x10)
    ["mol-grad-emp", "moe-grad-emp"],  # 勞動部 vs 教育部
    ["mol-youth-unemp", "moe-youth-unemp"],  # 勞動部 vs 教育部（青年署）
    ["moe-fitness", "moe-fitness2"],
    ["moe-preschool", "moe-preschool2"],
]
OVERLAPS = [
    ("moi-social-housing", "moi-social-housing-done"),  # 興辦含施工中、規劃中
    ("moi-hh-online", "moi-transcript-online"),  # 謄本是戶政業務的一部分
    ("motc-transit", "motc-tra"),  # 臺鐵是公共運輸的一部分
    ("motc-visitors", "moi-arrivals-foreign"),  # 來臺旅客另含港澳、大陸、華僑
    ("mohw-cancer4", "mohw-colorectal"),  # 大腸癌篩檢是四癌之一
    ("mol-inspection", "mol-labor-inspection"),  # 勞動檢查 = 勞動條件 + 職安衛
]
WORDING_TRAPS = [
    ("moi-crime-rate", "moi-crime-solve"),  # 發生率 vs 破獲率
    ("moi-crime-rate", "moi-crime-solve2"),
    ("moi-traffic-injury", "moi-traffic-death"),  # 受傷 vs 死亡
    ("moi-traffic-injury", "motc-road-death"),
    ("moi-sublease", "moi-social-housing"),  # 包租代管（民間住宅）vs 政府興辦
    ("mohw-child-vacc", "mohw-flu65"),  # 幼兒常規疫苗 vs 長者流感疫苗
    ("mol-vacancy-fill", "mol-job-rate"),  # 求才（雇主端）vs 求職（求職者端）
    ("mol-training-emp", "mol-job-rate2"),  # 結訓學員 vs 求職登記者
    ("mol-dis-emp", "mol-dis-lfpr"),  # 就業者 / 勞動力 vs 勞動力 / 人口
    ("moe-higher-ed", "moe-preschool2"),  # 18-21 歲大專 vs 2-5 歲幼兒園
    ("mol-grad-emp", "mol-training-emp"),  # 畢業生 vs 職訓結訓學員
]


def key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def assign_ids(slugs: list[str]) -> dict[str, str]:
    close = [key(a, b) for g in DUPLICATE_GROUPS for a, b in combinations(g, 2)]
    close += [key(a, b) for a, b in OVERLAPS]
    order = Random(SEED)
    slugs = list(slugs)
    for _ in range(10000):
        order.shuffle(slugs)
        pos = {s: i for i, s in enumerate(slugs)}
        if all(abs(pos[a] - pos[b]) > 1 for a, b in (tuple(k) for k in close)):
            return {s: f"M{i + 1:02d}" for i, s in enumerate(slugs)}
    raise RuntimeError("could not separate related pairs")


def main() -> None:
    slugs = [row[0] for row in SPEC]
    assert len(set(slugs)) == len(slugs), "duplicate slug"
    ids = assign_ids(slugs)
    rows: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for slug, agency, name, definition, type_, goal, unit, direction in SPEC:
        names[slug] = name
        row: dict[str, Any] = {"id": ids[slug], "agency_id": agency, "name": name}
        if definition:
            row["definition"] = definition
        row.update({"type": type_, "goal": GOALS[goal]})
        if unit:
            row["unit"] = unit
        row["direction"] = direction
        rows.append(row)
    rows.sort(key=lambda r: r["id"])
    header = (
        "# ministry-text: indicators of five ministries, text only (no values).\n"
        "# Generated by build.py; do not edit by hand.\n"
    )
    text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=1000)
    (HERE / "catalog.yaml").write_text(header + text, encoding="utf-8")

    def pair(a: str, b: str) -> tuple[str, str, str]:
        (x, nx), (y, ny) = sorted([(ids[a], names[a]), (ids[b], names[b])])
        return x, y, f"{nx} / {ny}"

    lines = [
        "# Labels for ministry-text/catalog.yaml. Generated by build.py; do not edit by hand.",
        "# Decided from name + definition: duplicates have the same numerator and denominator",
        "# (or a fixed scale such as 千人率 vs 每萬人); overlaps share most of what they count;",
        "# wording traps look alike but count something else.",
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
    (HERE / "labels.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    dup_pairs = sum(len(g) * (len(g) - 1) // 2 for g in DUPLICATE_GROUPS)
    print(
        f"{len(SPEC)} indicators, {dup_pairs} duplicate pairs, {len(OVERLAPS)} overlaps, "
        f"{len(WORDING_TRAPS)} wording traps"
    )


if __name__ == "__main__":
    main()
