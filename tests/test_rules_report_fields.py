from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.report_fields import (
    ReportFields,
    _Heads,
    _line_heads,
    find_labelled_project_in,
    find_labelled_projects,
    find_project_name,
    find_report_fields,
)
from pipeline.normalize import normalize
from tests.shared_data import shared_dir

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
CORPUS = shared_dir("corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
FIELDS = ("title", "report_kind", "fiscal_year", "agency", "province", "city", "county")


def _text(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


def _sample(stem: str) -> str:
    return _text(next(REPORTS.glob(f"{stem}_*.txt")))


def _seen(fields: ReportFields, text: str) -> dict[str, tuple[object, str, int] | None]:
    """Each field as (value, the text its span covers, where the span starts)."""
    out: dict[str, tuple[object, str, int] | None] = {}
    for name in FIELDS:
        found = getattr(fields, name)
        out[name] = None if found is None else (found.value, text[found.start : found.end], found.start)
    return out


# --- hand-made ----------------------------------------------------------------------------------


def test_a_cover_letter_and_its_attachment_line_are_not_the_title() -> None:
    text = (
        "某区医疗保障局关于报送2024年度整体支出绩效自评报告的函\n\n"
        "平医保字〔2025〕29号\n\n"
        "附件1：某区医疗保障局2024年整体支出绩效自评报告\n\n"
        "海东市平安区医疗保障局2024年度整体支出绩效自评报告\n\n"
        "一、整体支出情况\n"
    )
    title = "海东市平安区医疗保障局2024年度整体支出绩效自评报告"
    at = text.index("\n" + title) + 1
    assert _seen(find_report_fields(text), text) == {
        "title": (title, title, at),
        "report_kind": ("department", "整体支出", at + title.index("整体支出")),
        "fiscal_year": (2024, "2024", at + title.index("2024")),
        "agency": ("海东市平安区医疗保障局", "海东市平安区医疗保障局", at),
        "province": None,
        "city": ("海东市", "海东市", at),
        "county": ("平安区", "平安区", at + 3),
    }


def test_title_lines_at_the_top_are_joined_with_a_year_line_after() -> None:
    text = (
        "某省医疗保障局2024年医疗服务\n\n与保障能力提升补助资金项目\n\n"
        "支出绩效自评报告\n（2024年度）\n一、项目概况\n"
    )
    fields = find_report_fields(text)
    assert fields.title == Found(
        "某省医疗保障局2024年医疗服务与保障能力提升补助资金项目支出绩效自评报告（2024年度）",
        0,
        text.index("）") + 1,
    )


def test_a_departments_final_accounts_with_its_name_broken_across_title_lines() -> None:
    text = "南通市崇川区住房和城乡\n建设局\n2023年度部门决算\n目录\n第一部分 部门概况\n"
    seen = _seen(find_report_fields(text), text)
    assert seen["title"] == ("南通市崇川区住房和城乡建设局2023年度部门决算", text[: text.index("\n目录")], 0)
    assert seen["report_kind"] == ("department", "部门决算", text.index("部门决算"))
    assert seen["fiscal_year"] == (2023, "2023", text.index("2023"))
    assert seen["agency"] == ("南通市崇川区住房和城乡建设局", "南通市崇川区住房和城乡\n建设局", 0)


def test_a_project_report_citing_its_departments_final_accounts_stays_a_project() -> None:
    text = "某县道路养护资金绩效自评\n根据本局2023年度部门决算,本项目安排120万元。\n"
    assert find_report_fields(text).report_kind == Found(
        "project", text.index("项目"), text.index("项目") + 2
    )


def test_the_year_evaluated_is_not_a_filing_date() -> None:
    text = (
        "财政支出项目绩效自评报告\n\n填报日期：2021.4.15\n\n"
        "根据《关于开展2020年度县级财政支出项目绩效自评工作的通知》要求"
    )
    fields = find_report_fields(text)
    assert fields.fiscal_year == Found(2020, text.index("2020"), text.index("2020") + 4)
    assert fields.report_kind == Found("project", text.index("项目绩效"), text.index("项目绩效") + 4)


def test_a_year_after_the_goal_label_when_no_year_is_written_with_年度() -> None:
    text = (
        "某市急救中心项目绩效目标自评表.docx\n填报日期：2023年4月23日项目年度目标：2022年急救中心正式运行。"
    )
    fields = find_report_fields(text)
    assert fields.title == Found("某市急救中心项目绩效目标自评表", 0, 15)
    assert fields.fiscal_year == Found(2022, text.index("2022"), text.index("2022") + 4)


def test_abbreviated_unit_and_the_province_of_its_governing_documents() -> None:
    text = (
        "2023年度补助资金\n根据安徽省财政厅《关于下达资金的通知》，当年下达我市1033万元。"
        "宿州市医保局共召开新闻发布会4次。"
    )
    fields = find_report_fields(text)
    at = text.index("宿州市医保局")
    assert (fields.agency, fields.province, fields.city, fields.county) == (
        Found("宿州市医疗保障局", at, at + 6),
        Found("安徽省", text.index("安徽省"), text.index("安徽省") + 3),
        Found("宿州市", at, at + 3),
        None,
    )


def test_a_county_units_city_comes_from_a_document_it_follows() -> None:
    text = (
        "财政支出项目绩效自评报告\n项目单位：(公章) 新丰县医疗保障局\n"
        "我县依据要求落实《韶关市困难群众医疗救助实施办法》"
    )
    fields = find_report_fields(text)
    at = text.index("新丰县医疗保障局")
    assert (fields.agency, fields.city, fields.county, fields.province) == (
        Found("新丰县医疗保障局", at, at + 8),
        Found("韶关市", text.index("韶关市"), text.index("韶关市") + 3),
        Found("新丰县", at, at + 3),
        None,
    )


def test_a_label_followed_by_a_verb_names_no_unit() -> None:
    text = "预算单位省医疗保障局本级的项目\n主管部门为省医疗保障局\n"
    assert find_report_fields(text).agency is None


def test_fused_form_label_needs_a_place_name() -> None:
    fused = "项目名称开办费项目实施单位随州市急救中心项目主管单位随州市卫生健康委员会"
    assert find_report_fields(fused).agency == Found(
        "随州市急救中心", fused.index("随州市"), fused.index("随州市") + 7
    )
    assert find_report_fields("实施单位严格按照财政局要求执行").agency is None


def test_a_department_forms_unit_label_run_into_the_units_name() -> None:
    for label in ("部门（单位）名称", "部门(单位)名称", "部门名称"):
        fused = f"部门整体支出绩效自评表\n（2023年度）\n{label}某市某区退役军人事务局\n年度预算"
        at = fused.index("某市")
        assert find_report_fields(fused).agency == Found("某市某区退役军人事务局", at, at + 11)
    assert find_report_fields("部门名称按照统一规范填写\n").agency is None


def test_project_name_from_its_label_or_from_a_fund_name() -> None:
    labelled = "项目名称 |\n市民中心运行维护费 |\n主管部门 |"
    assert find_project_name(labelled) == Found(
        "市民中心运行维护费", labelled.index("市民"), labelled.index("市民") + 9
    )
    fund = "2024年医疗服务与保障能力提升补助资金(部分)下达我市"
    assert find_project_name(fund, labelled=False) == Found("医疗服务与保障能力提升补助资金", 5, 20)


# --- the samples --------------------------------------------------------------------------------


def test_sample_000() -> None:
    text = _sample("000")
    assert _seen(find_report_fields(text), text) == {
        "title": (
            "海南省医疗保障局2024年医疗服务与保障能力提升补助资金项目支出绩效自评报告",
            "海南省医疗保障局2024年医疗服务\n\n与保障能力提升补助资金项目\n\n支出绩效自评报告",
            0,
        ),
        "report_kind": ("project", "补助资金", text.index("补助资金")),
        "fiscal_year": (2024, "2024", 8),
        "agency": ("海南省医疗保障局", "海南省医疗保障局", 0),
        "province": ("海南省", "海南省", 0),
        "city": None,
        "county": None,
    }


def test_sample_001() -> None:
    text = _sample("001")
    agency = text.index("宿州市医保局")
    assert _seen(find_report_fields(text), text) == {
        "title": (
            "2023年度医疗服务与保障能力提升补助资金（医疗保障服务能力提升部分）",
            "2023年度医疗服务与保障能力提升补助资金\n（医疗保障服务能力提升部分）",
            0,
        ),
        "report_kind": ("project", "补助资金", text.index("补助资金")),
        "fiscal_year": (2023, "2023", 0),
        "agency": ("宿州市医疗保障局", "宿州市医保局", agency),
        "province": ("安徽省", "安徽省", text.index("安徽省财政厅")),
        "city": ("宿州市", "宿州市", agency),
        "county": None,
    }


def test_sample_002() -> None:
    text = _sample("002")
    agency = text.index("新丰县医疗保障局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("财政支出项目绩效自评报告(2020年度)", "财政支出项目绩效自评报告\n\n(2020年度)", 2),
        "report_kind": ("project", "项目绩效", text.index("项目绩效")),
        "fiscal_year": (2020, "2020", text.index("(2020年度)") + 1),
        "agency": ("新丰县医疗保障局", "新丰县医疗保障局", agency),
        "province": ("广东省", "广东省", text.index("《广东省") + 1),
        "city": ("韶关市", "韶关市", text.index("《韶关市") + 1),
        "county": ("新丰县", "新丰县", agency),
    }


def test_sample_003_title_wins_over_the_letter_and_the_tables_misprints() -> None:
    text = _sample("003")  # the attached table says 海口市… and (2021年度)
    title = "海东市平安区医疗保障局2024年度整体支出绩效自评报告"
    at = text.index("\n" + title + "\n") + 1
    assert _seen(find_report_fields(text), text) == {
        "title": (title, title, at),
        "report_kind": ("department", "整体支出", at + title.index("整体支出")),
        "fiscal_year": (2024, "2024", at + title.index("2024")),
        "agency": ("海东市平安区医疗保障局", "海东市平安区医疗保障局", at),
        "province": None,
        "city": ("海东市", "海东市", at),
        "county": ("平安区", "平安区", at + 3),
    }


def test_sample_004() -> None:
    text = _sample("004")
    agency = text.index("苏州市医疗保障局")
    assert _seen(find_report_fields(text), text) == {
        "title": (
            "苏州市市级预算部门（单位）整体支出预算绩效自评报告（2024年度）",
            "苏州市市级预算部门（单位）整体支出预算绩效自评报告\n（2024年度）",
            2,
        ),
        "report_kind": ("department", "部门（单位）整体", text.index("部门（单位）整体")),
        "fiscal_year": (2024, "2024", text.index("2024年度")),
        "agency": ("苏州市医疗保障局", "苏州市医疗保障局", agency),
        "province": None,
        "city": ("苏州市", "苏州市", agency),
        "county": None,
    }


# --- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus_dalian_names_no_title_and_no_unit() -> None:
    text = _text(CORPUS / "dalian_yibao_nenglitisheng_2024.txt")
    assert _seen(find_report_fields(text), text) == {
        "title": None,
        "report_kind": ("project", "补助资金", text.index("补助资金")),
        "fiscal_year": (2024, "2024", text.index("2024年度")),
        "agency": None,
        "province": None,
        "city": None,
        "county": None,
    }


@needs_corpus
def test_corpus_ezhou_pipe_form() -> None:
    text = _text(CORPUS / "ezhou_shenpiju_shiminzhongxin.txt")
    title = text.index("项目支出绩效自评表")
    agency = text.index("鄂州市行政审批局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("项目支出绩效自评表( 2021年度)", "项目支出绩效自评表 |\n|||||||||||||\n( 2021年度)", title),
        "report_kind": ("project", "项目支出", title),
        "fiscal_year": (2021, "2021", text.index("2021年度")),  # not 发文日期 2022年11月04日
        "agency": ("鄂州市行政审批局", "鄂州市行政审批局", agency),
        "province": None,
        "city": ("鄂州市", "鄂州市", agency),
        "county": None,
    }


@needs_corpus
def test_corpus_jishan_one_line_dump_after_a_file_name() -> None:
    text = _text(CORPUS / "jishan_yibao_jiandanglika.txt")
    title = text.index("稷山县项目支出")
    agency = text.index("稷山县医疗保障局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("稷山县项目支出绩效自评表 (2020年度)", "稷山县项目支出绩效自评表 (2020年度)", title),
        "report_kind": ("project", "项目支出", title + 3),
        "fiscal_year": (2020, "2020", text.index("2020")),
        "agency": ("稷山县医疗保障局", "稷山县医疗保障局", agency),
        "province": None,
        "city": None,
        "county": ("稷山县", "稷山县", agency),
    }


@needs_corpus
def test_corpus_suizhou_file_name_title_and_fused_labels() -> None:
    text = _text(CORPUS / "suizhou_jijiuzhongxin_rencaipeixun.txt")
    agency = text.index("随州市急救中心")
    heading = text.index("1、随州市") + len("1、")
    assert _seen(find_report_fields(text), text) == {
        # the form's own heading after the download site's chunk mark, not the file name above it
        "title": ("随州市财政预算支出项目绩效目标自评表", "随州市财政预算支出项目绩效目标自评表", heading),
        "report_kind": ("project", "项目绩效", text.index("项目绩效", heading)),
        "fiscal_year": (2022, "2022", text.index("项目年度目标2022") + 6),  # not 填报日期 2023年
        "agency": ("随州市急救中心", "随州市急救中心", agency),
        "province": None,
        "city": ("随州市", "随州市", agency),
        "county": None,
    }


@needs_corpus
def test_corpus_yongde_unit_in_the_title_line() -> None:
    text = _text(CORPUS / "yongde_jiaoyu_yingyanggaishan.txt")
    agency = text.index("临沧市永德县明朗中学")
    assert _seen(find_report_fields(text), text) == {
        "title": ("2022年度项目支出绩效自评表", "2022年度项目支出绩效自评表", 0),
        "report_kind": ("project", "项目支出", 6),
        "fiscal_year": (2022, "2022", 0),
        "agency": ("临沧市永德县明朗中学", "临沧市永德县明朗中学", agency),
        "province": None,
        "city": ("临沧市", "临沧市", agency),
        "county": ("永德县", "永德县", agency + 3),
    }


@needs_corpus
def test_corpus_yuanzhou_fused_line() -> None:
    text = _text(CORPUS / "yuanzhou_nongye_malingshu.txt")
    title = "马铃薯冲薯繁育示范推广项目绩效目标自评表(2022年度)"
    agency = text.index("原州区农技中心")
    assert _seen(find_report_fields(text), text) == {
        "title": (title, title, text.index(title)),
        "report_kind": ("project", "项目绩效", text.index("项目绩效")),
        "fiscal_year": (2022, "2022", text.index("2022年度")),
        "agency": ("原州区农技中心", "原州区农技中心", agency),
        "province": None,
        "city": None,
        "county": ("原州区", "原州区", agency),
    }


def test_the_unit_that_spends_wins_over_its_supervising_department() -> None:
    text = (
        "专项资金绩效自评表\n(2023年度)\n"
        "地方主管部门 | 某某省交通运输厅 |\n资金使用单位 | 某某市东城区交通运输局 |\n"
    )
    fields = find_report_fields(text)
    assert fields.agency is not None and fields.agency.value == "某某市东城区交通运输局"
    assert fields.title is not None and fields.title.value == "专项资金绩效自评表(2023年度)"


def test_a_label_and_its_unit_on_separate_lines_of_a_cell_per_line_form() -> None:
    text = "项目支出绩效自评表\n\n    实施单位\n\n    某某市文化和旅游局\n\n    项目资金\n"
    fields = find_report_fields(text)
    assert fields.agency is not None and fields.agency.value == "某某市文化和旅游局"


def test_download_site_chunk_marks_and_page_lists_are_not_the_title() -> None:
    text = (
        "自评表(2).docx_第1页\n第1页 / 共9页\n"
        "1、部门整体支出绩效自评表(2022年度)区级预算单位名称某某区疾病预防控制中心年度预算…\n"
        "2、续表内容\n"
    )
    fields = find_report_fields(text)
    assert fields.title is not None and fields.title.value == "部门整体支出绩效自评表(2022年度)"
    assert fields.agency is not None and fields.agency.value == "某某区疾病预防控制中心"


def test_a_first_line_that_is_a_level_word_or_a_year_is_not_a_title() -> None:
    assert find_report_fields("质量指标\n改善条件\n").title is None
    assert find_report_fields("(2021年度)\n转移支付名称\n").title is None


def test_a_year_alone_is_the_fiscal_year_but_a_date_is_not() -> None:
    fields = find_report_fields("某校专项资金绩效自评价报告\n填报于2023年4月6日。我校2022年项目为一个。\n")
    assert fields.fiscal_year is not None and fields.fiscal_year.value == 2022


def test_a_fused_form_names_its_supervising_department_after_the_label() -> None:
    fused = "专项资金名称县级应急物资储备县级主管部门某某县应急管理局实施单位物资保障股项目资金(万元)"
    at = fused.index("某某县应急管理局")
    assert find_report_fields(fused).agency == Found("某某县应急管理局", at, at + 8)


def test_the_implementing_unit_wins_over_the_fused_supervising_department() -> None:
    fused = "市县主管部门某某县水利局实施单位某某县水利服务中心项目资金"
    at = fused.index("某某县水利服务中心")
    assert find_report_fields(fused).agency == Found("某某县水利服务中心", at, at + 9)


def test_the_unit_that_uses_a_transfer_wins_over_the_fused_local_supervisor() -> None:
    # a transfer-payment form's facts with the spaces between label and name lost
    fused = "转移支付名称耕地地力保护补贴\n地方主管部门柳溪市财政局\n资金使用单位柳溪市白沙县财政局\n"
    at = fused.index("柳溪市白沙县财政局")
    assert find_report_fields(fused).agency == Found("柳溪市白沙县财政局", at, at + 9)


def test_a_label_cell_of_an_html_table_names_the_unit_in_the_next_cell() -> None:
    html = (
        "<table><tr><td>项目名称</td><td>乡村道路保洁</td></tr>"
        "<tr><td>实施单位</td><td>白沙县城市管理局</td></tr>"
    )
    at = html.index("白沙县城市管理局")
    assert find_report_fields(html).agency == Found("白沙县城市管理局", at, at + 8)


def test_a_site_byline_names_the_publishing_unit() -> None:
    text = "2023年度江西省林业专项资金绩效自评报告\n江西省林业局 发布时间:2024-05-10\n- 发布机构:\n"
    at = text.index("江西省林业局")
    assert find_report_fields(text).agency == Found("江西省林业局", at, at + 6)
    assert find_report_fields("江西省林业局时间:2024-05-10\n").agency == Found("江西省林业局", 0, 6)
    assert find_report_fields("项目由江西省林业局时间安排实施\n").agency is None


def test_a_web_pages_headline_above_its_byline_is_the_title() -> None:
    text = (
        "某某市农业农村局2023年高标准农田建设资金使用情况\n\n"
        "浏览次数:信息来源:市农业农村局 发布时间:2024-03-12 09:30\n"
        "某某项目支出绩效自评表\n"
    )
    fields = find_report_fields(text)
    assert fields.title == Found("某某市农业农村局2023年高标准农田建设资金使用情况", 0, 26)
    assert fields.agency == Found("某某市农业农村局", 0, 8)


def test_a_breadcrumbs_last_crumb_is_the_headline_also_when_the_headline_joined_it() -> None:
    headline = "部门整体支出及专项资金绩效评价报告"
    for crumbs in (f"首页 > 通知公告 > {headline}", f"首页 > 通知公告 > {headline}{headline}"):
        text = f"欢迎访问本站!\n您的位置: {crumbs}\n【发布时间:2023-05-06】\n部门整体支出绩效评价报告\n"
        at = text.rindex(headline)
        assert find_report_fields(text).title == Found(headline, at, at + len(headline))


def test_a_form_date_line_is_no_byline() -> None:
    text = "某某县2022年度项目支出绩效自评表\n填报日期:2023-04-06\n"
    assert find_report_fields(text).title == Found("某某县2022年度项目支出绩效自评表", 0, 18)


def test_a_cover_year_on_a_line_of_its_own_goes_before_the_titles_年度() -> None:
    text = "某某市某某区水务局\n年度部门决算\n2023\n目录\n第一部分概况\n"
    fields = find_report_fields(text)
    assert fields.title == Found("某某市某某区水务局2023年度部门决算", 0, text.index("2023") + 4)
    assert fields.fiscal_year == Found(2023, text.index("2023"), text.index("2023") + 4)


def test_a_bare_year_line_after_a_title_with_its_year_is_not_joined() -> None:
    text = "某某区水务局2023年度部门决算\n2024\n目录\n"
    fields = find_report_fields(text)
    assert fields.title == Found("某某区水务局2023年度部门决算", 0, 16)
    assert fields.fiscal_year == Found(2023, 6, 10)


def test_a_budget_system_export_writes_the_units_code_before_its_name() -> None:
    text = "项目基本信息\t项目基本信息\n项目单位\t[102030]某某师范大学\t项目代码\t102030000\n"
    at = text.index("某某师范大学")
    assert find_report_fields(text).agency == Found("某某师范大学", at, at + 6)


def test_the_unit_of_a_report_of_its_own_named_in_the_text() -> None:
    text = (
        "2.部门绩效评价结果。\n本部门按要求开展自评,《某某县水利局2022年部门整体支出绩效评价报告》见附件1。\n"
    )
    at = text.index("某某县水利局")
    assert find_report_fields(text).agency == Found("某某县水利局", at, at + 6)
    notice = "根据《江西省财政厅关于开展2022年度绩效自评工作的通知》要求,开展自评。\n"
    assert find_report_fields(notice).agency is None


def test_line_heads_are_cut_at_a_cell_separator_after_a_chunk_mark_and_stop_at_sixty() -> None:
    text = "1、某县民政局2023年度部门整体支出绩效自评报告\t附件\n\n 一级指标 | 二级指标\n2、"
    assert _line_heads(text) == [
        Found("某县民政局2023年度部门整体支出绩效自评报告", 2, 25),
        Found("一级指标", 31, 35),
    ]
    assert _line_heads("行\n\n" * 100)[-1] == Found("行", 177, 178)  # the 60th head, at line 119


# --- page shapes: which source names the unit, the year and the kind -----------------------------


def test_a_form_header_names_its_unit_after_a_seal_note_before_the_colon() -> None:
    """The unit that filled in the form (填报单位（盖章）：) is the reporting unit; it wins over
    the 主管部门 that supervises it, as 实施单位 does."""
    text = (
        "项目支出绩效自评表\n（2023年度）\n"
        "填报单位（盖章）：北岭县疾病预防控制中心\n"
        "项目名称|慢性病综合防控\n主管部门|北岭县卫生健康局\n"
    )
    at = text.index("北岭县疾病预防控制中心")
    assert _seen(find_report_fields(text), text) == {
        "title": ("项目支出绩效自评表（2023年度）", text[: text.index("\n填报")], 0),
        "report_kind": ("project", "项目支出", 0),
        "fiscal_year": (2023, "2023", text.index("2023")),
        "agency": ("北岭县疾病预防控制中心", "北岭县疾病预防控制中心", at),
        "province": None,
        "city": None,
        "county": ("北岭县", "北岭县", at),
    }
    after = "部门整体支出绩效自评表\n填报单位：(盖章) 北岭县水利局\n"
    assert find_report_fields(after).agency == Found("北岭县水利局", after.index("北岭县"), len(after) - 1)


def test_a_unit_sites_welcome_banner_names_the_unit_when_nothing_else_does() -> None:
    """A web page whose report says only 本单位: the site's banner names its owner, the unit that
    published it; the headline between breadcrumb and byline stays the title, and its 年度 the year
    over the publication date."""
    text = (
        "欢迎来到西河县政协网站！\n"
        "当前位置：首页 > 政务公开 > 财政资金 > 2023年度部门整体支出绩效评价报告\n"
        "【发布时间：2024-05-20】【来源：办公室】【打印】【关闭】\n"
        "一、部门概况\n本单位是全额拨款单位。\n"
    )
    headline = "2023年度部门整体支出绩效评价报告"
    at = text.index(headline)
    assert _seen(find_report_fields(text), text) == {
        "title": (headline, headline, at),
        "report_kind": ("department", "部门整体", at + headline.index("部门整体")),
        "fiscal_year": (2023, "2023", at),
        "agency": ("西河县政协", "西河县政协", 4),
        "province": None,
        "city": None,
        "county": ("西河县", "西河县", 4),
    }


def test_a_byline_or_a_form_label_wins_over_the_banner_and_a_portal_is_no_unit() -> None:
    page = "欢迎访问西河县农业农村局网站\n{}\n2023年度项目支出绩效自评报告\n"
    published = page.format("发布机构：西河县水利局")
    at = published.index("西河县水利局")
    assert find_report_fields(published).agency == Found("西河县水利局", at, at + 6)
    labelled = page.format("项目单位：西河县水利服务中心")
    at = labelled.index("西河县水利服务中心")
    assert find_report_fields(labelled).agency == Found("西河县水利服务中心", at, at + 9)
    assert find_report_fields(page.format("")).agency == Found("西河县农业农村局", 4, 12)
    assert find_report_fields("欢迎访问西河县人民政府门户网站\n2023年度项目支出绩效自评报告\n").agency is None
    below = "2023年度项目支出绩效自评报告\n" + "本年度资金全部到位。\n" * 30 + "欢迎访问西河县林业局网站\n"
    assert find_report_fields(below).agency is None


def test_a_pdf_names_its_unit_only_in_the_closing_signature() -> None:
    body = (
        "关于专项资金使用情况的自评报告\n一、基本情况\n2023年我局安排资金120万元,全部到位。\n"
        "二、结论\n目标全部完成。\n\n"
    )
    signed = body + "河阳县交通运输局（盖章）\n2024年3月15日\n"
    at = signed.index("河阳县交通运输局")
    fields = find_report_fields(signed)
    assert fields.agency == Found("河阳县交通运输局", at, at + 8)
    assert fields.county == Found("河阳县", at, at + 3)
    assert fields.fiscal_year == Found(2023, body.index("2023"), body.index("2023") + 4)
    one_line = body + "  河阳县交通运输局  2024.3.15\n"
    at = one_line.index("河阳县交通运输局")
    assert find_report_fields(one_line).agency == Found("河阳县交通运输局", at, at + 8)
    assert find_report_fields(body + "我局\n2024年3月15日\n").agency is None
    assert find_report_fields(body + "河阳县交通运输局\n").agency is None  # no date: no signature


def test_a_label_wins_over_the_signature_and_an_evaluators_signature_is_not_the_unit() -> None:
    body = (
        "2023年度项目支出绩效评价报告\n项目单位：河阳县公路养护中心\n"
        "评价机构：河阳县绩效评价中心\n结论:良。\n"
    )
    signed = body + "河阳县绩效评价中心\n2024年4月\n"
    at = signed.index("河阳县公路养护中心")
    assert find_report_fields(signed).agency == Found("河阳县公路养护中心", at, at + 9)
    unlabelled = signed.replace("项目单位：河阳县公路养护中心\n", "")
    assert find_report_fields(unlabelled).agency is None


def test_a_page_titles_site_name_is_not_part_of_the_title() -> None:
    """A saved page opens with its <title>: the headline, a dash, the portal's name. The portal
    is not the unit; the page's 发布机构 is, and the title's 2023年度 is the year, not the
    publication date."""
    text = (
        "2023年度项目支出绩效自评报告_西岭县人民政府网\n"
        "首页 > 信息公开 > 财政预决算\n"
        "索引号：11431200-2024-00031\n发布机构：西岭县水利局\n发布日期：2024年04月02日\n"
        "一、项目基本情况\n"
    )
    unit = text.index("西岭县水利局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("2023年度项目支出绩效自评报告", "2023年度项目支出绩效自评报告", 0),
        "report_kind": ("project", "项目支出", 6),
        "fiscal_year": (2023, "2023", 0),
        "agency": ("西岭县水利局", "西岭县水利局", unit),
        "province": None,
        "city": None,
        "county": ("西岭县", "西岭县", unit),
    }
    named = (
        "西岭县林业局2023年度部门整体支出绩效自评报告 - 西岭县人民政府网\n发布机构：西岭县人民政府办公室\n"
    )
    fields = find_report_fields(named)
    assert fields.title == Found("西岭县林业局2023年度部门整体支出绩效自评报告", 0, 24)
    assert fields.agency == Found("西岭县林业局", 0, 6)
    assert fields.report_kind == Found("department", 12, 16)


def test_the_kind_is_read_from_the_forms_title_before_the_text() -> None:
    """A department's report on its performance as a whole, however its title words it, is
    `department` even where its text lists projects; a transfer payment's form is `project`."""
    body = "\n一、部门基本情况\n本局内设5个股室,实施项目3个。\n"
    for title, word in (
        ("西岭县林业局2023年度部门(单位)整体绩效自评表", "部门(单位)整体"),
        ("西岭县林业局2023年度部门绩效自评报告", "部门绩效"),
        ("西岭县林业局2023年度整体绩效自评报告", "整体绩效"),
    ):
        fields = find_report_fields(title + body)
        assert fields.report_kind == Found("department", title.index(word), title.index(word) + len(word))
        assert fields.agency == Found("西岭县林业局", 0, 6)
    transfer = "西岭县2023年度转移支付资金绩效自评表\n部门：西岭县林业局\n"
    assert find_report_fields(transfer).report_kind == Found("project", 9, 13)
    cited = (
        "西岭县2023年度农村公路养护资金绩效自评报告\n根据本局部门绩效目标,开展自评。\n"
        "项目单位：西岭县公路养护中心\n"
    )
    at = cited.index("项目单位")
    assert find_report_fields(cited).report_kind == Found("project", at, at + 2)


def test_a_pages_source_line_names_the_publishing_unit_but_a_fund_source_does_not() -> None:
    page = (
        "2023年度项目支出绩效自评报告\n"
        "【发布时间：2024-05-20】【来源：西岭县林业局】【打印】\n本局项目共3个。\n"
    )
    at = page.index("西岭县林业局")
    assert find_report_fields(page).agency == Found("西岭县林业局", at, at + 6)
    fund = "2023年度项目支出绩效自评报告\n资金来源：西岭县财政局\n"
    assert find_report_fields(fund).agency is None
    site = "2023年度项目支出绩效自评报告\n信息来源：本站\n"
    assert find_report_fields(site).agency is None


def test_a_cover_pages_project_unit_wins_and_the_signer_wins_over_the_supervisor() -> None:
    """A cover page names the project, the unit that carries it out and its supervising
    department: the project unit is the agency (the evaluator is neither). A report whose cover
    names only the supervisor is the signer's, when the signer closes it."""
    cover = (
        "东平县2022年度农村饮水安全项目\n绩效自评报告\n\n"
        "项目名称：农村饮水安全巩固提升工程\n主管部门：东平县水利局\n项目单位：东平县水利服务中心\n"
        "评价机构：东平县华信会计师事务所\n报告日期：2023年3月10日\n"
    )
    at = cover.index("东平县水利服务中心")
    title_end = cover.index("\n\n")
    assert _seen(find_report_fields(cover), cover) == {
        "title": ("东平县2022年度农村饮水安全项目绩效自评报告", cover[:title_end], 0),
        "report_kind": ("project", "项目", cover.index("项目")),
        "fiscal_year": (2022, "2022", 3),
        "agency": ("东平县水利服务中心", "东平县水利服务中心", at),
        "province": None,
        "city": None,
        "county": ("东平县", "东平县", at),
    }
    unsigned = cover.replace("项目单位：东平县水利服务中心\n", "")
    supervised = unsigned + "一、项目概况\n……\n东平县水利服务中心\n2023年3月10日\n"
    at = supervised.rindex("东平县水利服务中心")
    assert find_report_fields(supervised).agency == Found("东平县水利服务中心", at, at + 9)
    at = unsigned.index("东平县水利局")
    assert find_report_fields(unsigned).agency == Found("东平县水利局", at, at + 6)


def test_a_date_in_brackets_under_the_title_is_not_part_of_it() -> None:
    """A cover sets the date it was written under the title (`（2024年5月）`); a bracketed year
    of the title (`(2023年度)`) is joined, the date is not, and it never sets the year."""
    title = "西岭县林业局部门整体支出绩效自评报告"
    text = f"{title}\n（2024年5月）\n一、部门概况\n本局2023年度预算收入500万元。\n"
    fields = find_report_fields(text)
    assert fields.title == Found(title, 0, len(title))
    at = text.index("2023")
    assert fields.fiscal_year == Found(2023, at, at + 4)
    lone = "西岭县林业局部门整体支出情况\n(2024.5.20)\n"
    assert find_report_fields(lone).title == Found("西岭县林业局部门整体支出情况", 0, 14)
    joined = f"{title}\n(2023年度)\n"
    assert find_report_fields(joined).title == Found(f"{title}(2023年度)", 0, len(joined) - 1)


def test_a_report_titled_关于_names_its_unit_after_the_word() -> None:
    title = "关于西岭县林业局2023年度部门整体支出绩效自评情况的报告"
    text = f"{title}\n一、部门概况\n"
    assert _seen(find_report_fields(text), text) == {
        "title": (title, title, 0),
        "report_kind": ("department", "部门整体", 14),
        "fiscal_year": (2023, "2023", 8),
        "agency": ("西岭县林业局", "西岭县林业局", 2),
        "province": None,
        "city": None,
        "county": ("西岭县", "西岭县", 2),
    }


def test_a_disclosure_pages_名称_field_is_the_title_and_its_publisher_yields_to_it() -> None:
    """A government disclosure page opens with its metadata (索引号, 发布机构, 名称, 文号): the
    名称 field names the document; the unit its title starts with wins over the publishing office."""
    text = (
        "索引号：000014349/2024-00012\t主题分类：财政\n"
        "发布机构：西岭县人民政府办公室\t生成日期：2024-05-20\n"
        "名称：西岭县林业局2023年度部门整体支出绩效自评报告\n文号：无\n"
    )
    at = text.index("西岭县林业局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("西岭县林业局2023年度部门整体支出绩效自评报告", text[at : at + 24], at),
        "report_kind": ("department", "部门整体", at + 12),
        "fiscal_year": (2023, "2023", at + 6),
        "agency": ("西岭县林业局", "西岭县林业局", at),
        "province": None,
        "city": None,
        "county": ("西岭县", "西岭县", at),
    }


@pytest.mark.parametrize(
    "line",
    [
        "部门名称：西岭县林业局",
        "部门名称|西岭县林业局|",
        "报送单位：西岭县林业局",
        "申报单位（盖章）：西岭县林业局",
        "填报单位(盖章):西岭县林业局 填报日期:2024年3月1日",
    ],
)
def test_a_form_headers_unit_label_names_the_unit(line: str) -> None:
    text = f"部门整体支出绩效自评表\n{line}\n主管部门：西岭县人民政府\n"
    at = text.index("西岭县林业局")
    assert find_report_fields(text).agency == Found("西岭县林业局", at, at + 6)


def test_the_year_evaluated_comes_before_a_pages_publication_date() -> None:
    """A page's publication date (发布日期：2024年05月20日) opens it; the year evaluated is the
    title's (2023年), else the text's 2023年度 — a date never sets it."""
    text = (
        "发布日期：2024年05月20日 浏览次数：120\n西岭县林业局2023年部门整体支出绩效自评报告\n"
        "【字体：大 中 小】\n一、基本情况\n2024年1月,本局完成决算。\n"
    )
    at = text.index("2023")
    assert find_report_fields(text).fiscal_year == Found(2023, at, at + 4)
    untitled = "发布日期：2024年05月20日\n部门整体支出绩效自评报告\n一、基本情况\n本局2023年度决算300万元。\n"
    at = untitled.index("2023")
    assert find_report_fields(untitled).fiscal_year == Found(2023, at, at + 4)
    assert find_report_fields("发布日期：2024年05月20日\n部门整体支出绩效自评报告\n").fiscal_year is None


def test_a_breadcrumb_ending_at_the_pages_section_is_not_the_headline() -> None:
    """A saved page opens with its <title>, then the breadcrumb, whose last crumb is the section
    (财政资金), then the byline: the title is the <title>'s headline, the unit the source line's."""
    text = (
        "2023年度部门整体支出绩效自评报告_西岭县林业局\n首页 > 政务公开 > 财政资金\n"
        "发布时间：2024-05-20 来源：西岭县林业局\n一、部门概况\n"
    )
    at = text.rindex("西岭县林业局")
    assert _seen(find_report_fields(text), text) == {
        "title": ("2023年度部门整体支出绩效自评报告", "2023年度部门整体支出绩效自评报告", 0),
        "report_kind": ("department", "部门整体", 6),
        "fiscal_year": (2023, "2023", 0),
        "agency": ("西岭县林业局", "西岭县林业局", at),
        "province": None,
        "city": None,
        "county": ("西岭县", "西岭县", at),
    }


def test_a_town_government_is_the_unit_its_title_starts_with() -> None:
    text = "青石乡人民政府2023年度村级公益事业建设补助资金绩效自评报告\n一、项目基本情况\n"
    title = "青石乡人民政府2023年度村级公益事业建设补助资金绩效自评报告"
    assert _seen(find_report_fields(text), text) == {
        "title": (title, title, 0),
        "report_kind": ("project", "补助资金", text.index("补助资金")),
        "fiscal_year": (2023, "2023", 7),
        "agency": ("青石乡人民政府", "青石乡人民政府", 0),
        "province": None,
        "city": None,
        "county": None,
    }


# A declaration form's title: below a workbook's 填报说明 sheet; in a web page's title cell that
# also holds its 项目名称 line, joined with a space (cut after the title word).
DECLARATIONS = {
    "notes_sheet_first": (
        "填报说明\n1.指标值按批复的绩效目标填写。\n\n"
        "2025年度项目支出绩效目标申报表\t2025年度项目支出绩效目标申报表\n"
        "项目名称\t乡村学校少年宫运行补助\n"
    ),
    "title_cell_run_into_a_field": (
        "首页\t信息公开\t专项资金\n"
        "当前位置：首页 > 信息公开 > 专项资金\n"
        "2025年度项目支出绩效目标申报表项目名称：乡村学校少年宫运行补助\t\n"
    ),
    "title_cell_with_a_field": (
        "首页\t信息公开\t专项资金\n"
        "当前位置：首页 > 信息公开 > 专项资金\n"
        "2025年度项目支出绩效目标申报表 项目名称：乡村学校少年宫运行补助\t"
        "2025年度项目支出绩效目标申报表 项目名称：乡村学校少年宫运行补助\n"
    ),
}


@pytest.mark.parametrize("text", DECLARATIONS.values(), ids=DECLARATIONS)
def test_a_declaration_form_names_itself_a_申报表(text: str) -> None:
    title = "2025年度项目支出绩效目标申报表"
    at = text.index(title)
    assert find_report_fields(text).title == Found(title, at, at + len(title))


def test_a_sheets_margin_column_does_not_hide_its_title() -> None:
    """A workbook whose form starts in column B leads every row with an empty cell."""
    text = "\t某县林业局2024年度森林防火项目支出绩效自评表\t\t\n\t一级指标\t二级指标\t三级指标\n"
    title = "某县林业局2024年度森林防火项目支出绩效自评表"
    fields = find_report_fields(text)
    assert fields.title == Found(title, 1, 1 + len(title))
    assert _line_heads("\t\t总分\t100\n") == [Found("总分", 2, 4)]


@pytest.mark.parametrize(
    "unit",
    [
        "白沙县农业广播电视学校",
        "白沙县第二人民法院",
        "白沙县城关镇卫生院",
        "白沙县农业技术推广站",
        "白沙县图书馆",
    ],
)
def test_an_implementing_school_station_or_court_wins_over_its_supervising_department(unit: str) -> None:
    text = f"项目支出绩效自评表\n（2020年度）\n主管部门\t白沙县农业农村局\t实施单位\t{unit}\n"
    fields = find_report_fields(text)
    start = text.index(unit)
    assert _seen(fields, text)["agency"] == (unit, unit, start)


def test_an_html_forms_project_label_cell_names_the_project_in_the_next_cell() -> None:
    text = "<table><tr><td>项目名称</td><td>城区公厕改造</td></tr><tr><td>主管部门</td></tr></table>"
    found = find_project_name(text)
    assert found is not None and (found.value, found.start) == ("城区公厕改造", text.index("城区公厕改造"))
    assert text[found.start : found.end] == "城区公厕改造"


def test_every_labelled_project_in_text_order_and_the_one_a_section_labels() -> None:
    text = "项目名称：河道保洁\n一级指标…\n项目名称：2023年度水库巡查\n一级指标…\n"
    first, second = text.index("河道保洁"), text.index("水库巡查")
    assert find_labelled_projects(text) == [
        Found("河道保洁", first, first + 4),
        Found("水库巡查", second, second + 4),
    ]
    assert find_labelled_project_in(text, 12, len(text)) == Found("水库巡查", second, second + 4)
    assert find_labelled_project_in(text, 12, second) is None


def test_heads_read_lazily_answer_as_the_list_of_line_heads() -> None:
    text = "".join(f"{i}、第{i}行\t格\n\n" for i in range(1, 70))
    listed = _line_heads(text)
    heads = _Heads(text)
    assert heads[2] == listed[2] and heads[1:4] == listed[1:4]
    assert list(heads) == listed and len(listed) == 60
    assert heads[58:70] == listed[58:70] and not _Heads("\n \n")


def test_a_look_behind_moved_past_each_words_first_character_asks_the_same() -> None:
    import re

    from pipeline.domain.alternation import alternation
    from pipeline.extract.rules.report_fields import _alternation_not_after

    words = ("部门", "部门名称", "单位", "实施单位")
    moved = re.compile(f"(?:{_alternation_not_after(words, '主管')})")
    plain = re.compile(f"(?<!主管)(?:{alternation(words)})")
    for text in ("主管部门名称", "部门名称：", "主管单位实施单位", "管部门", "主部门", "实施单位主管部门"):
        assert [m.span() for m in moved.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group() for m in moved.finditer("主管部门，实施单位")] == ["实施单位"]
