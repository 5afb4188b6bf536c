"""Signs that two alike indicators count different things (assistant.indicators.contrast), and
text-only verdicts that heed them: the wording traps of a catalog without values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.indicators import analyse, load_catalog, result_json
from assistant.indicators.catalog import CatalogIndicator
from assistant.indicators.contrast import (
    bases_differ,
    contrast,
    counts_more,
    directions_apart,
    fold,
    grades_differ,
    left_out,
    listed_part,
    narrower,
    numbers_differ,
    stage_gap,
    swapped,
    types_apart,
    unit_signature,
    units_differ,
)
from assistant.indicators.report import report_markdown


def _ind(name: str, definition: str | None = None, **fields: object) -> CatalogIndicator:
    base: dict[str, object] = {"id": "X", "name": name, "definition": definition, "unit": "%"}
    return CatalogIndicator.model_validate({**base, **fields})


def _analysed(tmp_path: Path, items: list[dict[str, str]], lang: str) -> dict[str, Any]:
    """The contract JSON of a text-only catalog of ``items``."""
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return result_json(analyse(load_catalog(path)), lang=lang)


def _told_apart(
    tmp_path: Path, items: list[dict[str, str]], kind: str, said: dict[str, str]
) -> None:
    """The two indicators of ``items`` are neither a duplicate nor an overlap but a lookalike
    told apart by the contrast ``kind``, its reason saying ``said[lang]`` in each language."""
    for lang, words in said.items():
        result = _analysed(tmp_path, items, lang)
        assert not result["pairs"]
        (pair,) = result["lookalikes"]
        assert words in pair["reason"] and pair["evidence"]["contrast"]["kind"] == kind


def test_fold_reads_a_counted_period_as_digits_but_keeps_words() -> None:
    assert fold("結訓三個月內就業") == fold("結訓3個月內就業")
    assert "一般" in fold("一般廢棄物")


def test_a_template_with_the_counted_thing_exchanged_is_swapped() -> None:
    hsr = _ind("高鐵列車準點率", "高鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%")
    tra = _ind("臺鐵列車準點率", "臺鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%")
    found = swapped(hsr, tra)
    assert found is not None and (found.kind, found.a, found.b) == ("swapped", "高鐵", "臺鐵")


def test_a_complement_is_not_a_swap() -> None:
    on_time = _ind("臺鐵列車準點率", "臺鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%")
    late = _ind("臺鐵列車誤點率", "臺鐵列車到站誤點逾5分鐘之列次 ÷ 總開行列次 × 100%")
    assert swapped(on_time, late) is None
    assert contrast(on_time, late) is None


def test_an_exchange_the_names_do_not_carry_is_wording() -> None:
    """抵達 / 到達 in the definitions only: two ways of writing one definition."""
    a = _ind("救護平均反應時間", "119受理報案至救護車抵達現場之時間平均", unit="分鐘")
    b = _ind("救護車平均反應時間", "119受理報案至救護車到達現場之時間平均", unit="分鐘")
    assert swapped(a, b) is None


def test_a_definition_adding_a_component_counts_more() -> None:
    recycled = _ind("一般廢棄物資源回收率", "（資源回收量 + 廚餘回收量）÷ 一般廢棄物產生量 × 100%")
    with_ash = _ind(
        "一般廢棄物回收再利用率",
        "（資源回收量 + 廚餘回收量 + 焚化底渣再利用量）÷ 一般廢棄物產生量 × 100%",
    )
    found = counts_more(recycled, with_ash)
    assert found is not None and found.kind == "more" and "焚化底渣" in found.b


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("電動機車購車補助申請件數", "電動機車購車補助核准件數", True),
        ("列管場所消防安全檢查不合格件數", "列管場所消防安全檢查件數", True),
        ("市售農產品農藥殘留不合格率", "市售農產品農藥殘留合格率", False),  # a complement
        ("老人流感疫苗接種率", "老人流感疫苗施打率", False),  # one step, two words
        ("導遊人員考試通過率", "導遊人員考試合格率", False),
        ("綠色債券發行金額", "綠色債券流通在外餘額", True),  # a flow and a stock
        ("風力發電累計裝置容量", "風力發電年度新增裝置容量", True),
        ("藥物濫用通報受理件數", "藥物濫用通報接獲件數", False),
        ("每萬人口登革熱新發病例數", "登革熱發生率", False),
        ("犬貓狂犬病疫苗注射率", "犬貓狂犬病疫苗未施打比率", False),
        ("公共建設計畫預算執行率", "公共建設經費實支比率", False),  # what is spent
        ("工業區污水廠放流水合格率", "工業區污水廠放流水超標比率", False),
        ("線上申辦比率", "線上受理案件占比", False),  # filed is received
        ("新化學物質登錄審查核准率", "新化學物質登錄不予核准比率", False),  # no 查核 in 審查核准
        ("補助案件兩週內完成核定比率", "補助案件14日內核定率", False),  # 完成核定 is 核定
        ("水土保持工程完成率", "水土保持工程開工率", True),
        ("每萬人自殺身亡數", "每十萬人口自殺死亡人數", False),
        ("消防安全設備檢查合格率", "消防安全設備檢查不符規定比例", False),  # a complement
        ("每十萬人口火災發生件數", "每萬人口火警案件數", False),  # events are what occurs
        ("每十萬人口火災發生件數", "每十萬人口火災死亡人數", True),
    ],
)
def test_names_at_different_steps_of_a_process(a: str, b: str, differ: bool) -> None:
    assert (stage_gap(_ind(a, unit="件"), _ind(b, unit="件")) is not None) is differ


def test_a_name_with_a_qualifier_the_other_never_mentions_is_narrower() -> None:
    whole = _ind("國人吸菸率", "18歲以上受訪者中，目前有吸菸者所占比率。")
    part = _ind("偏鄉地區國人吸菸率", "偏鄉地區18歲以上受訪者中，目前有吸菸者所占比率。")
    found = narrower(whole, part)
    assert found is not None and (found.kind, found.a, found.b) == ("narrower", "", "偏鄉地區")
    assert contrast(part, whole) is not None
    # a qualifier the shorter one's definition already states narrows nothing
    youth = _ind("青年失業率", "15至29歲勞動力中失業者所占比率。")
    assert narrower(youth, _ind("15至29歲青年失業率", "15至29歲失業者 ÷ 15至29歲勞動力")) is None
    # two names with words exchanged, not inserted, are another reading's business
    assert narrower(whole, _ind("國人飲酒率", "18歲以上受訪者中，目前有飲酒者所占比率。")) is None


def test_a_qualifier_listed_among_others_is_a_part() -> None:
    """死亡 is one of 傷病、失能、死亡: the name that adds it counts a part of the other."""
    all_ = _ind("交通事故傷亡人數", "交通事故致人員（受傷、重傷、死亡）之人數合計。", unit="人")
    deaths = _ind("交通事故死亡傷亡人數", "交通事故死亡之人數。", unit="人")
    found = narrower(all_, deaths)
    assert found is not None and found.b == "死亡"


def test_one_item_of_the_others_list_is_a_part() -> None:
    wind = _ind("離岸風力發電量", "當年度離岸風場併網發電之度數。", unit="億度")
    green = _ind("綠能發電量", "當年度離岸風力發電、太陽光電及生質能等發電量合計。", unit="億度")
    found = listed_part(wind, green)
    assert found is not None and (found.kind, found.a) == ("narrower", "離岸風力發電")
    # the same list on both sides is the same scope
    same = _ind("綠色能源發電度數", "離岸風力發電、太陽光電及生質能之發電量。", unit="億度")
    assert listed_part(same, green) is None


def test_what_a_total_includes_is_a_list_and_what_it_excludes_is_not_counted() -> None:
    festival = _ind(
        "客庄年度大型節慶參與人次", "本會主辦之客庄年度大型節慶全年參與人次。", unit="人次"
    )
    all_ = _ind(
        "客家節慶活動參與總人次",
        "本會主辦及補助之客家節慶活動（含客庄年度大型節慶及地方小型節慶）全年參與人次合計。",
        unit="人次",
    )
    found = listed_part(festival, all_)
    assert found is not None and found.a == "客庄年度大型節慶"
    # 不含 X: the part names X only to leave it out, so it still counts a part of the whole
    visa_free = _ind(
        "免簽證國家數", "提供免簽證待遇之國家數（不含落地簽證及電子簽證）。", unit="個"
    )
    any_visa = _ind("簽證便利國家數", "提供免簽證、落地簽證或電子簽證待遇之國家總數。", unit="個")
    found = listed_part(visa_free, any_visa)
    assert found is not None and found.a == "免簽證"


def test_synonyms_and_abbreviations_are_no_swap() -> None:
    """病患 is 患者, 候線 is 等候, ADR is 藥品不良反應: one measure under two words."""
    assert (
        swapped(
            _ind(
                "到院前心肺功能停止患者恢復自發性循環比率",
                "到院前心肺功能停止患者中恢復自發性循環之人數÷到院前心肺功能停止患者數×100%",
            ),
            _ind("OHCA 病患 ROSC 率", "OHCA 病患中 ROSC 之人數÷OHCA 病患數×100%"),
        )
        is None
    )
    assert (
        swapped(
            _ind("長照專線平均候線分鐘數", "來電自進入候線至接通之時間總和÷來電通數", unit="分鐘"),
            _ind("長照專線平均等候秒數", "來電自進入等候至接通之時間總和÷來電通數", unit="秒"),
        )
        is None
    )
    assert (
        narrower(_ind("ADR通報受理量", unit="件"), _ind("藥品不良反應通報件數", unit="件")) is None
    )


def test_a_swap_may_reuse_a_word_the_other_side_has() -> None:
    """用戶 against 訊號涵蓋區域之人口: 人口 is in both definitions, 用戶 and 訊號 are not."""
    users = _ind("4G用戶普及率", "4G行動通信用戶數 ÷ 全國總人口數 × 100%")
    covered = _ind("4G人口涵蓋率", "4G行動通信訊號涵蓋區域之人口數 ÷ 全國總人口數 × 100%")
    assert swapped(users, covered) is not None


def test_names_with_different_numbers_count_different_things() -> None:
    day = _ind("職業災害24小時內死亡人數", unit="人")
    month = _ind("職業災害30日內死亡人數", unit="人")
    found = numbers_differ(day, month)
    assert found is not None and (found.a, found.b) == ("24小時", "30日")
    assert numbers_differ(_ind("出監三年內再犯率"), _ind("出監後3年內再犯比率")) is None
    # one window in two units
    assert numbers_differ(_ind("一日降雨預報準確率"), _ind("24小時降雨預報正確率")) is None
    # a number only one name states is often the other's definition (青年 is 15至29歲)
    assert numbers_differ(_ind("15至29歲青年失業率"), _ind("青年失業率")) is None


def test_a_narrower_pair_is_an_overlap_not_a_duplicate(tmp_path: Path) -> None:
    items = [
        {"id": "A1", "name": "國人吸菸率", "unit": "%", "type": "outcome",
         "definition": "18歲以上受訪者中，目前有吸菸者所占比率。"},
        {"id": "A2", "name": "偏鄉地區國人吸菸率", "unit": "%", "type": "outcome",
         "definition": "偏鄉地區18歲以上受訪者中，目前有吸菸者所占比率。"},
    ]  # fmt: skip
    result = _analysed(tmp_path, items, "en")
    (pair,) = [p for p in result["pairs"] if {p["a"], p["b"]} == {"A1", "A2"}]
    assert pair["verdict"] == "overlap"
    assert "偏鄉地區" in pair["reason"] and "part" in pair["reason"]


@pytest.mark.parametrize(
    ("unit_a", "unit_b", "differ"),
    [
        ("人次", "人", True),  # person-times are not persons
        ("次/戶·年", "分鐘/戶·年", True),  # SAIFI counts outages, SAIDI minutes
        ("人/十萬人口", "人", True),  # a rate per population against a raw count
        ("人", "人", False),
        ("‰", "人/萬人", False),  # two rates per population: a scale
        ("件/萬人", "件/十萬人口", False),
        ("件", "案", False),
        ("%", "％", False),
        ("週", "日", False),  # two units of time
        ("浬", "公里", False),  # two units of length
        ("萬人", "人", False),  # a count in ten thousands, not a rate per population
        ("萬人次", "人次", False),
        ("萬人", "人/萬人口", True),
    ],
)
def test_units_say_what_is_counted(unit_a: str, unit_b: str, differ: bool) -> None:
    a, b = _ind("甲", unit=unit_a), _ind("乙", unit=unit_b)
    assert (units_differ(a, b) is not None) is differ, (unit_signature(a), unit_signature(b))


def test_minutes_are_told_from_points_by_the_name() -> None:
    waited = _ind("專線平均等候秒數", unit="秒")
    assert units_differ(waited, _ind("專線來電平均候線時間", unit="分")) is None  # minutes
    assert units_differ(waited, _ind("專線服務平均評分", unit="分")) is not None  # points


def test_a_surveys_share_satisfied_and_its_mean_score_are_one_measure() -> None:
    share = _ind(
        "客服專線服務滿意度", "滿意度電話調查中回答「滿意」及「非常滿意」之人數÷有效樣本數×100%。"
    )
    mean = _ind(
        "客服中心服務品質平均評分", "滿意度電話調查，受訪者以五分量表評分之平均值。", unit="分"
    )
    assert units_differ(share, mean) is None
    exam = _ind("導遊人員考試平均分數", "年度導遊人員考試到考者成績之平均值。", unit="分")
    assert units_differ(_ind("導遊人員考試通過率", "及格人數÷到考人數×100%。"), exam) is not None


def test_a_name_per_population_is_a_rate_whatever_it_counts_per() -> None:
    """每十萬保險對象 and 每萬人 are both rates per population, at two scales."""
    a = _ind("每十萬保險對象居家醫療收案人數", unit="人")
    b = _ind("居家醫療每萬人收案數", unit="人")
    assert unit_signature(a) == unit_signature(b) == "per_population:person"
    assert units_differ(a, _ind("居家醫療收案人數", unit="人")) is not None


def test_types_far_apart_are_different_indicators() -> None:
    rate = _ind("公立就業服務機構求職就業率", type="outcome")
    assert types_apart(rate, _ind("公立就業服務機構求職推介率", type="process")) is not None
    # output and outcome are often confused by whoever labels them: no evidence either way
    assert types_apart(rate, _ind("公立就業服務機構求職就業人數", type="output")) is None
    assert types_apart(rate, _ind("公立就業服務機構求職推介率")) is None


def test_one_count_wanted_higher_and_one_lower_are_different_indicators(tmp_path: Path) -> None:
    """Nobody wants more and less of one count: 查獲 (found, higher) and 逾期停留 (still missing,
    lower) persons are two measures. A rate and its complement go opposite ways and are one
    measure, and a direction the catalog left to its default says nothing."""
    missing = _ind("外籍勞工逾期停留人數", unit="人", direction="lower", type="outcome")
    found = _ind("查獲逾期停留外籍移工人數", unit="人", direction="higher", type="output")
    assert directions_apart(missing, found) is not None
    assert directions_apart(missing, _ind("查獲逾期停留外籍移工人數", unit="人")) is None
    assert (
        directions_apart(missing, _ind("外籍移工逾期停留人數", unit="人", direction="lower"))
        is None
    )
    on_time = _ind("列車準點率", direction="higher")
    assert directions_apart(on_time, _ind("列車誤點率", direction="lower")) is None  # percent
    items = [
        {"id": "F1", "name": "外籍勞工逾期停留人數", "unit": "人", "direction": "lower",
         "type": "outcome", "definition": "截至年底在臺逾期停留（行方不明）且尚未查獲之外籍勞工累計人數。"},
        {"id": "F2", "name": "查獲逾期停留外籍移工人數", "unit": "人", "direction": "higher",
         "type": "output", "definition": "年度內查獲逾期停留（行方不明）之外籍移工人數。"},
    ]  # fmt: skip
    _told_apart(tmp_path, items, "directions", {"zh-TW": "越低越好", "en": "lower"})


def test_text_only_catalog_calls_renames_duplicate_and_traps_not(tmp_path: Path) -> None:
    items = [
        {"id": "T1", "name": "高鐵列車準點率", "unit": "%", "type": "outcome",
         "definition": "高鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%"},
        {"id": "T2", "name": "臺鐵列車準點率", "unit": "%", "type": "outcome",
         "definition": "臺鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%"},
        {"id": "T3", "name": "臺鐵列車準點比率", "unit": "%", "type": "outcome",
         "definition": "臺鐵列車到站誤點未逾5分鐘之列次 ÷ 總開行列次 × 100%"},
        {"id": "S1", "name": "電動機車購車補助申請件數", "unit": "件", "type": "output",
         "definition": "民眾提出電動機車購車補助申請之件數"},
        {"id": "S2", "name": "電動機車購車補助核准件數", "unit": "件", "type": "output",
         "definition": "經審查核定撥付電動機車購車補助之件數"},
    ]  # fmt: skip
    result = _analysed(tmp_path, items, "zh-TW")
    verdicts = {(p["a"], p["b"]): p["verdict"] for p in result["pairs"]}
    assert verdicts.get(("T2", "T3")) == "duplicate"
    assert verdicts.get(("T1", "T2")) != "duplicate"
    assert verdicts.get(("T1", "T3")) != "duplicate"
    assert verdicts.get(("S1", "S2")) != "duplicate"
    # the look-alikes told apart are reported with the words that tell them apart
    apart = {(p["a"], p["b"]): p["reason"] for p in result["lookalikes"]}
    assert "高鐵 ↔ 臺鐵" in apart[("T1", "T2")]
    assert "申請 ↔ 核准" in apart[("S1", "S2")]
    names = {str(i["id"]): str(i["name"]) for i in items}
    report = report_markdown(result, names, "zh-TW")
    assert "## 名稱相近但判定不同的指標" in report and "高鐵 ↔ 臺鐵" in report


def test_only_formulas_are_read_for_numerator_and_denominator() -> None:
    """「…者所占之比率」 prose has no numerator to cut out: it cannot conflict with a formula."""
    from assistant.indicators.analysis import definitions_conflict

    prose = _ind(
        "電子發票普及率", "全國營業人開立之統一發票中，以電子方式開立者所占之比率（以張數計）。"
    )
    formula = _ind("電子發票開立比率", "電子發票開立張數／統一發票總開立張數 × 100%")
    assert not definitions_conflict(prose, formula)
    spent = _ind("預算執行率", "實支數 ÷ 可支用預算數 × 100%")
    growth = _ind("預算編列成長率", "（本年度預算數－上年度預算數）÷ 上年度預算數 × 100%")
    assert definitions_conflict(spent, growth)


def test_working_days_are_numbers_a_name_states() -> None:
    three = _ind("船員證照3個工作日內核發比率")
    assert numbers_differ(three, _ind("船員證照7個工作日內核發比率")) is not None
    assert numbers_differ(three, _ind("船員證照三個工作日內核發比率")) is None
    assert numbers_differ(_ind("護照10個工作天內核發比率"), _ind("護照10日內核發比率")) is not None


def test_shares_of_different_grades_are_different_indicators(tmp_path: Path) -> None:
    good = _ind("全國公共工程查核甲等以上比率", direction="higher")
    assert grades_differ(good, _ind("全國公共工程查核丙等比率", direction="lower")) is not None
    assert grades_differ(good, _ind("本署工程查核成績甲等以上比率")) is None
    assert grades_differ(good, _ind("全國公共工程查核合格率")) is None  # no grade named
    items = [
        {"id": "G1", "name": "全國公共工程查核甲等以上比率", "unit": "%", "direction": "higher",
         "definition": "年度查核之公共工程標案中，查核成績80分以上（甲等以上）之件數÷年度查核標案總件數×100%。"},
        {"id": "G2", "name": "全國公共工程查核丙等比率", "unit": "%", "direction": "lower",
         "definition": "年度查核之公共工程標案中，查核成績未滿70分（丙等）之件數÷年度查核標案總件數×100%。"},
    ]  # fmt: skip
    _told_apart(tmp_path, items, "grades", {"zh-TW": "等第", "en": "grades"})


def test_a_share_of_money_and_a_share_of_things_counted_are_different_indicators(
    tmp_path: Path,
) -> None:
    amount = _ind(
        "電子採購比率", "年度透過電子採購網辦理之採購決標金額÷全國公告金額以上採購決標總金額×100%。"
    )
    count = _ind(
        "電子採購件數比率",
        "年度透過電子採購網辦理之採購決標件數÷全國公告金額以上採購決標總件數×100%。",
    )
    found = bases_differ(amount, count)
    assert found is not None and (found.a, found.b) == ("金額", "件數")
    spent = _ind("公共建設經費實支比率", "當年度已實際支付之經費，占可動支經費之百分比。")
    assert bases_differ(amount, spent) is None  # both money
    assert (
        bases_differ(count, _ind("電子採購案件占比", "電子採購之案件數占總案件數之比率。")) is None
    )
    # a count of money is not a share: only percentages are read
    assert bases_differ(_ind("採購決標金額", "決標金額合計", unit="元"), count) is None
    items = [
        {"id": "B1", "name": "電子採購比率", "unit": "%", "definition": amount.definition},
        {"id": "B2", "name": "電子採購件數比率", "unit": "%", "definition": count.definition},
    ]
    _told_apart(tmp_path, items, "basis", {"zh-TW": "金額", "en": "money"})


def test_a_definition_leaving_out_what_the_other_counts_is_no_duplicate() -> None:
    """藥品不良反應 (不含醫療器材) and 醫療器材不良事件 are related reports, not one count; two
    definitions leaving out the same people (扣除升學 / 不含升學) and 非本國籍 (what is not the
    thing left out) are no contrast."""
    drugs = _ind(
        "藥品不良反應通報件數", "年度接獲之藥品不良反應通報案件數（不含醫療器材及化粧品）。"
    )
    devices = _ind("醫療器材不良事件通報件數", "年度接獲醫療器材於使用後發生不良事件之通報案件數。")
    found = left_out(drugs, devices)
    assert found is not None and found.kind == "excluded" and found.b == "醫療器材"
    wine = _ind("私劣酒品查獲件數", "年度查獲私酒及劣酒之案件數（不含私菸案件）。")
    both = _ind("私劣菸酒查獲件數", "年度查獲私菸、私酒及劣酒之案件數。")
    assert left_out(wine, both) is not None
    graduates = _ind("大專校院畢業生就業率", "就業人數 ÷ 畢業生總數（扣除升學及服役者）× 100%")
    youth = _ind("大專畢業青年就業率", "就業人數 ÷ 畢業生人數（不含升學、服役者）× 100%")
    assert left_out(graduates, youth) is None
    arrivals = _ind(
        "境外旅客入境人次", "自境外入境之外國人、港澳居民及陸客人次加總，不含本國籍旅客。"
    )
    visitors = _ind(
        "訪臺國際旅客人次", "非本國籍旅客（含香港、澳門居民及大陸地區人民）入境臺灣之人次。"
    )
    assert left_out(arrivals, visitors) is None
