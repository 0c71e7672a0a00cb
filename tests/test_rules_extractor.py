"""The rules backend end to end on the five samples: structure, values and evidence offsets."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.schema import validation_errors
from pipeline.extract.rules import extractor
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import read_document
from pipeline.layout import Layout, recover_layout
from pipeline.normalize import normalize
from pipeline.process import extract_document

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
SAMPLES = sorted(REPORTS.glob("*.txt"))


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def extracted(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    doc = read_document(request.param)
    return doc, extract_rules(doc, normalize(doc.text))


def test_every_sample_validates_and_finds_indicators(extracted) -> None:  # type: ignore[no-untyped-def]
    _, result = extracted
    assert validation_errors(result.to_json_dict()) == []
    assert sum(len(p.indicators) for p in result.projects) > 0
    assert result.extractor.backend == "rules"


def test_evidence_spans_lie_in_the_document_and_hold_the_value(extracted) -> None:  # type: ignore[no-untyped-def]
    doc, result = extracted
    for project in result.projects:
        for indicator in project.indicators:
            for ev in indicator.evidence:
                assert 0 <= ev.start < ev.end <= len(doc.text)
                source = normalize(doc.text[ev.start : ev.end]).text
                if ev.field == "name":
                    assert (
                        indicator.name in source
                        or len(indicator.name) <= 4
                        or indicator.source_kind == "prose"
                    )
                if ev.field == "weight" and indicator.weight is not None:
                    assert str(int(indicator.weight)) in source


def test_sample_000_targets_and_results_are_one_indicator() -> None:
    doc = read_document(REPORTS / "000_7fc125f4da366dbf.txt")
    result = extract_document(doc, Config())
    (project,) = result.projects
    assert project.name == "医疗服务与保障能力提升补助资金"
    training = next(i for i in project.indicators if i.name == "培训班次")
    assert (training.target.op, training.target.value, training.target.unit) == (">=", 10, "个")
    assert (training.actual.value, training.actual.unit) == (12, "期")
    assert training.met is True
    spans = {e.field: doc.text[e.start : e.end] for e in training.evidence}
    assert spans == {"name": "培训班次", "target": "≥10个", "actual": "12期"}
    assert project.budget.model_dump() == {
        "initial": 5155,
        "carryover": 2326.59,
        "adjusted": 7481.59,
        "spent": 4097.51,
        "execution_rate": 54.77,
    }


def test_sample_002_has_one_project_per_section() -> None:
    result = extract_document(read_document(REPORTS / "002_028484dfb45ca473.txt"), Config())
    assert [p.name for p in result.projects] == [
        "城乡医疗救助“一站式”结算服务管理系统维护费",
        "打击欺诈骗取医疗保障基金专项行动经费",
        "开展城乡医保工作经费",
        "开展医疗机构药品跨区域联合集中采购改革经费",
        "医保待遇核定和医药管理经费",
        "城乡医疗救助",
    ]
    assert [p.self_score for p in result.projects][:5] == [91, 90, 92, 90, 91.9]


def test_a_report_without_indicators_is_valid_with_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("关于印发工作要点的通知\n各科室：现将工作要点印发给你们。\n", encoding="utf-8")
    result = extract_document(read_document(path), Config())
    assert [p.indicators for p in result.projects] == [()]
    assert [f.kind for f in result.flags] == ["no_indicators"]
    assert validation_errors(result.to_json_dict()) == []


def test_headcounts_under_a_staff_section_are_not_indicators(tmp_path: Path) -> None:
    path = tmp_path / "dept.txt"
    path.write_text(
        "某县档案馆2023年度整体支出绩效自评报告\n一、部门概况\n（一）人员概况\n"
        "截至2023年底，核定编制12个，在职人员总数11人。\n"
        "二、项目效益情况\n档案数字化率达到95%。\n",
        encoding="utf-8",
    )
    result = extract_document(read_document(path), Config())
    assert [(i.name, i.actual.raw) for p in result.projects for i in p.indicators] == [
        ("档案数字化率", "达到95%")
    ]


def test_a_project_named_by_its_title_loses_its_years_and_report_words(tmp_path: Path) -> None:
    path = tmp_path / "eval.txt"
    path.write_text(
        "2020-2023年省级农机购置补贴资金项目绩效评价报告\n一、项目概况\n补贴资金按时发放。\n",
        encoding="utf-8",
    )
    result = extract_document(read_document(path), Config())
    assert [p.name for p in result.projects] == ["省级农机购置补贴资金"]


# A short project form, and the same form as a mirror site prints it: traditional script with the
# reading of some characters inserted in brackets.
SIMPLIFIED_FORM = """项目支出绩效自评表
（2023年度）
项目名称：乡村道路养护项目
主管部门：某县交通运输局
实施单位：某县公路养护中心
项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 120 | 120 | 118.5 | 10 | 98.75% | 9.9
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 养护里程 | ≥150公里 | 156公里 | 20 | 20
产出指标 | 质量指标 | 路面优良率 | ≥85% | 88% | 20 | 20
效益指标 | 社会效益指标 | 群众出行满意度 | ≥90% | 93% | 10 | 10
"""
MIRROR_FORM = """項目支出績效自評表
（2023年度）
項目名稱：鄉(xiāng)村道路養(yǎng)護項目
主管部門：某縣交通運輸局
實施單位：某縣公路養(yǎng)護中心
項目資金（萬元） | 年初預算數 | 全年預算數 | 全年執行數 | 分值 | 執行率 | 得分
年度資金總額 | 120 | 120 | 118.5 | 10 | 98.75% | 9.9
一級指標 | 二級指標 | 三級指標 | 年度指標值 | 實際完成值 | 分值 | 得分
產出指標 | 數(shù)量指標 | 養(yǎng)護里程 | ≥150公里 | 156公里 | 20 | 20
產出指標 | 質量指標 | 路面優良率 | ≥85% | 88% | 20 | 20
效益指標 | 社會效益指標 | 群衆出行滿（mǎn）意度 | ≥90% | 93% | 10 | 10
"""


def _values(result: dict) -> dict:  # type: ignore[type-arg]
    """The extraction without evidence, confidences, review notes and source: what the report says
    (a mirror's values are found in another script, so they are grounded `normalised`)."""
    drop = {"evidence", "field_confidence", "confidence", "source", "review"}

    def strip(node):  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in drop}
        return [strip(v) for v in node] if isinstance(node, list) else node

    return strip(result)  # type: ignore[no-any-return]


def test_a_mirror_in_traditional_script_with_pinyin_reads_as_its_original(tmp_path: Path) -> None:
    (tmp_path / "original.txt").write_text(SIMPLIFIED_FORM, encoding="utf-8")
    (tmp_path / "mirror.txt").write_text(MIRROR_FORM, encoding="utf-8")
    original = extract_document(read_document(tmp_path / "original.txt"), Config()).to_json_dict()
    mirror_doc = read_document(tmp_path / "mirror.txt")
    mirror = extract_document(mirror_doc, Config())
    assert _values(mirror.to_json_dict()) == _values(original)
    (project,) = mirror.projects
    assert project.name == "乡村道路养护项目"
    budget = project.budget
    assert (budget.initial, budget.spent, budget.execution_rate) == (120, 118.5, 98.75)
    assert [i.name for i in project.indicators] == ["养护里程", "路面优良率", "群众出行满意度"]
    spans = {e.field: mirror_doc.text[e.start : e.end] for e in project.indicators[0].evidence}
    assert spans == {
        "name": "養(yǎng)護里程", "level1": "產出指標", "level2": "數(shù)量指標", "target": "≥150公里",
        "actual": "156公里", "weight": "20", "score": "20",
    }  # fmt: skip


def _document(folder: Path, text: str) -> Document:
    """`text` as a report file in `folder`, read as every report is."""
    (folder / "report.txt").write_text(text, encoding="utf-8")
    return read_document(folder / "report.txt")


def test_an_allocation_table_that_adds_up_to_the_fund_gives_its_budget_lines(tmp_path: Path) -> None:
    text = (
        "2023年度某市农业发展专项资金绩效自评报告\n"
        "一、资金基本情况\n"
        "2023年度安排专项资金1,500万元,支持项目42个(详见下表)。\n"
        "支出方向 |\n金额 |\n项目数 |\n设备购置 |\n900.00 |\n12 |\n人员培训 |\n600.00 |\n30 |\n"
    )
    doc = _document(tmp_path, text)
    result = extract_rules(doc, normalize(doc.text))
    assert result.projects[0].budget.initial == 1500
    assert [(line.name, line.initial, line.adjusted) for line in result.budget_lines] == [
        ("设备购置", 900, None),
        ("人员培训", 600, None),
    ]
    spans = [{e.field: doc.text[e.start : e.end] for e in line.evidence} for line in result.budget_lines]
    assert spans == [{"name": "设备购置", "initial": "900.00"}, {"name": "人员培训", "initial": "600.00"}]


def test_spending_of_a_sample_of_projects_is_not_the_funds(tmp_path: Path) -> None:
    text = (
        "2023年度某省农业发展专项资金绩效自评报告\n"
        "一、资金基本情况\n全年安排专项资金3,000万元,支持项目120个。\n"
        "二、抽查项目资金使用情况\n本次抽查项目36个,共支出820.5万元,资金执行率为76.4%。\n"
    )
    doc = _document(tmp_path, text)
    budget = extract_rules(doc, normalize(doc.text)).projects[0].budget
    assert (budget.initial, budget.adjusted, budget.spent, budget.execution_rate) == (3000, 3000, None, None)


def test_a_fused_funding_source_row_gives_the_budget_flagged_for_review(tmp_path: Path) -> None:
    text = (
        "某市财政预算支出项目绩效目标自评表\n项目名称某培训项目实施单位某市急救中心"
        "项目资金来源中央(万元)省、地(万元)本级(万元)其他(万元)合计(万元)执行数(万元)执行率"
        "6.212.518.717.694.12%项目年度目标2022年完成培训。\n"
    )
    result = extract_document(_document(tmp_path, text), Config())
    (project,) = result.projects
    budget = project.budget
    assert (budget.initial, budget.adjusted, budget.spent, budget.execution_rate) == (18.7, 18.7, 17.6, 94.12)
    split = [f.path for f in result.flags if f.kind == "budget_digits_split_by_sum"]
    assert split == [f"projects[0].budget.{f}" for f in ("initial", "adjusted", "spent", "execution_rate")]
    assert project.field_confidence["budget.spent"] == 0.6


# Two project forms one after another (a bureau's forms of all its projects in one file), and the
# same forms under numbered headings that name each project in the report's own words.
TWO_FORMS = """项目支出绩效自评表
项目名称 | 村级河道保洁
项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 60 | 64 | 62.5 | 10 | 97.66% | 9.8
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 保洁河道长度 | ≥120公里 | 126公里 | 40 | 40
满意度指标 | 服务对象满意度指标 | 沿河群众满意度 | ≥90% | 94% | 50 | 50
项目支出绩效自评表
项目名称 | 小型水库安全巡查
项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 35 | 35 | 33.6 | 10 | 96% | 9.6
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 水库巡查次数 | ≥48次 | 52次 | 40 | 40
产出指标 | 质量指标 | 隐患整改率 | 100% | 100% | 50 | 50
"""


def _projects(tmp_path: Path, text: str) -> list[tuple[str, tuple[int, int] | None, list[str], float | None]]:
    path = tmp_path / "forms.txt"
    path.write_text(text, encoding="utf-8")
    result = extract_document(read_document(path), Config())
    out = []
    for p in result.projects:
        name = next(((e.start, e.end) for e in p.evidence if e.field == "name"), None)
        out.append((p.name, name, [i.name for i in p.indicators], p.budget.adjusted))
    return out


def test_project_forms_one_after_another_are_one_project_each(tmp_path: Path) -> None:
    first, second = TWO_FORMS.index("村级河道保洁"), TWO_FORMS.index("小型水库安全巡查")
    assert _projects(tmp_path, TWO_FORMS) == [
        ("村级河道保洁", (first, first + 6), ["保洁河道长度", "沿河群众满意度"], 64),
        ("小型水库安全巡查", (second, second + 8), ["水库巡查次数", "隐患整改率"], 35),
    ]


def test_a_project_section_takes_its_forms_project_name_and_its_own_funds(tmp_path: Path) -> None:
    forms = TWO_FORMS.split("项目支出绩效自评表\n")[1:]
    text = "一、村级河道保洁项目\n" + forms[0] + "二、小型水库安全巡查项目\n" + forms[1]
    label = "项目名称 | "
    first = text.index(label + "村级河道保洁") + len(label)
    second = text.index(label + "小型水库安全巡查") + len(label)
    assert _projects(tmp_path, text) == [
        ("村级河道保洁", (first, first + 6), ["保洁河道长度", "沿河群众满意度"], 64),
        ("小型水库安全巡查", (second, second + 8), ["水库巡查次数", "隐患整改率"], 35),
    ]


def test_one_project_labelled_twice_stays_one_project(tmp_path: Path) -> None:
    cover = "项目名称 | 村级河道保洁\n实施单位 | 某县水利局\n"
    names = [p[0] for p in _projects(tmp_path, cover + TWO_FORMS.split("项目支出绩效自评表\n")[1])]
    assert names == ["村级河道保洁"]


def test_each_project_of_fused_forms_reads_its_own_funds_and_total_score(tmp_path: Path) -> None:
    # two project forms on a PDF's text layer with every separator lost, one after the other
    form = (
        "{year}年度项目支出绩效自评表\n"
        "项目名称{name}主管部门东湖县水利局实施单位东湖县水利局"
        "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分"
        "年度资金总额{money}{points}其中：财政拨款{money}———"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标{task}≥{n}处{n}处2020满意度指标服务对象满意度指标群众满意度≥90%93%2020"
        "总分{total}\n"
    )
    projects = (  # name, funds (initial, adjusted, spent), points and rate, task and its count, 总分
        ("小型水库除险加固", "210210208.6", "1099.33%9.93", "除险加固水库", 6, "10099.93"),
        ("农村饮水工程维修养护", "8686.484.8", "1098.15%9.81", "维修供水工程", 40, "10099.81"),
    )
    text = "".join(
        form.format(year=2023, name=name, money=money, points=points, task=task, n=n, total=total)
        for name, money, points, task, n, total in projects
    )
    doc = _document(tmp_path, text)
    result = extract_rules(doc, normalize(doc.text))
    read = [
        (p.name, p.budget.initial, p.budget.adjusted, p.budget.spent, p.budget.execution_rate, p.self_score)
        for p in result.projects
    ]
    assert read == [
        ("小型水库除险加固", 210, 210, 208.6, 99.33, 99.93),
        ("农村饮水工程维修养护", 86, 86.4, 84.8, 98.15, 99.81),
    ]
    (score,) = [e for e in result.projects[1].evidence if e.field == "self_score"]
    assert (score.start, score.end) == (text.rindex("99.81"), text.rindex("99.81") + 5)


def test_a_layout_given_as_a_function_is_let_go_before_the_indicators_are_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given how to make the layout, the rules hold the only reference to it: when the first
    indicator is made, no layout is alive; the result is the one a given layout gives."""
    doc = read_document(SAMPLES[0])
    norm = normalize(doc.text)
    alive: list[bool] = []
    real = extractor.to_indicator

    def spy(*args: Any) -> Any:
        alive.append(any(isinstance(o, Layout) for o in gc.get_objects()))
        return real(*args)

    monkeypatch.setattr(extractor, "to_indicator", spy)
    made = extract_rules(doc, norm, lambda: recover_layout(norm.text))
    assert alive and not any(alive)
    layout = recover_layout(norm.text)
    assert made == extract_rules(doc, norm, layout)
    alive.clear()
    extract_rules(doc, norm, layout)
    assert all(alive)  # a given layout is the caller's: alive throughout
