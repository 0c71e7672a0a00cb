"""`join_wrapped_lines`: paragraphs a PDF's page width broke are joined, nothing else is.

The texts are written for these tests in the shape of a PDF text layer copied as plain text: a
fixed column (here 30 characters) that cuts words and figures, headings and numbered items on
their own lines, and tables in every form a copy leaves them in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.normalize as normalize_module
from pipeline.normalize import normalize
from pipeline.normalize.offsets import Edit, OffsetMapBuilder
from pipeline.normalize.wrap import (
    WrapKind,
    _band,
    _find_wrap,
    em_width,
    find_wrap,
    join_wrapped_lines,
    text_width,
)
from tests.prose_forms import _SET_APART, wrap_at_width
from tests.shared_data import shared_dir

WIDTH = 64  # half-widths: 32 Chinese characters
EVALS = Path(__file__).parent.parent / "evals"


def wrapped(*paragraphs: str) -> str:
    """Each paragraph cut wherever it reaches `WIDTH`, as a page's column cuts it."""
    return "\n".join(line for p in paragraphs for line in wrap_at_width(p, WIDTH)) + "\n"


def column(text: str) -> tuple[int, WrapKind] | None:
    wrap = find_wrap(text.split("\n"))
    return None if wrap is None else (wrap.width, wrap.kind)


def joined(text: str) -> str:
    builder = OffsetMapBuilder(text)
    builder.apply(join_wrapped_lines(text), "join_wrapped_lines")
    return builder.text


BUDGET = (
    "2024年初预算安排本项目资金385.6万元，年中调减12万元，调整后预算373.6万元。"
    "截至2024年12月31日，实际支出360.1万元，预算执行率96.39%，结余资金13.5万元已上缴。"
)
RESULTS = (
    "全年完成农村公路养护里程1260公里，目标值≥1200公里；路面技术状况优良路率达到87.5%，"
    "目标值≥85%；群众出行满意度为93%，目标值≥90%。"
)
PLAN = "2025年计划新增养护里程300公里，确保优良路率稳定在85%以上，并于2025年6月底前完成危桥改造。"
REPORT = [
    "某县交通运输局2024年度农村公路养护项目绩效自评报告",
    "一、项目资金情况",
    BUDGET,
    "二、绩效目标完成情况",
    "（一）产出指标",
    RESULTS,
    "三、下一步工作计划",
    PLAN,
]


def test_a_wrapped_report_reads_one_paragraph_per_line() -> None:
    text = wrapped(*REPORT)
    assert "预算3\n73.6万元" in text and "稳定在85%以上，并于20\n25年" in text  # figures cut
    assert column(text) == (WIDTH, WrapKind.LONG)
    assert normalize(text).text == "\n".join(REPORT) + "\n"


def test_offsets_of_a_joined_figure_cover_both_halves() -> None:
    text = wrapped(*REPORT)
    result = normalize(text)
    start = result.text.index("373.6万元")
    source_start, source_end = result.to_source(start, start + len("373.6"))
    assert text[source_start:source_end] == "3\n73.6"
    assert all(edit.replacement == "" and text[edit.start] == "\n" for edit in join_wrapped_lines(text))


def test_exact_edits_of_a_short_wrapped_text() -> None:
    # Three full lines, none longer: a short report's text layer.
    text = (
        "一、项目概况\n"
        "本项目年初预算120万元，调整后预算118万元，实际支出116.4万元\n"
        "，预算执行率98.64%。项目于2024年3月开工，当年11月底全部完工\n"
        "并通过县级验收，验收合格率达到100%，工程质量良好，群众反映较\n"
        "好。\n"
        "二、存在的问题\n"
    )
    assert column(text) == (60, WrapKind.SHORT)
    assert list(join_wrapped_lines(text)) == [Edit(42, 43, ""), Edit(79, 80, ""), Edit(112, 113, "")]
    assert joined(text) == (
        "一、项目概况\n"
        "本项目年初预算120万元，调整后预算118万元，实际支出116.4万元，预算执行率98.64%。"
        "项目于2024年3月开工，当年11月底全部完工并通过县级验收，验收合格率达到100%，"
        "工程质量良好，群众反映较好。\n"
        "二、存在的问题\n"
    )


def test_two_full_lines_join_only_where_a_figure_was_cut() -> None:
    text = (
        "某县文化馆2024年度决算公开\n"
        "一般公共预算财政拨款支出年初预算为86.4万元，支出决算为85.\n"
        "9万元，完成年初预算的99.42%。\n"
        "本单位对免费开放项目开展了绩效自评，自评得分为95分，项目绩效\n"
        "目标完成情况较好。\n"
    )
    assert column(text) == (60, WrapKind.CUT)
    assert joined(text) == (
        "某县文化馆2024年度决算公开\n"
        "一般公共预算财政拨款支出年初预算为86.4万元，支出决算为85.9万元，完成年初预算的99.42%。\n"
        "本单位对免费开放项目开展了绩效自评，自评得分为95分，项目绩效\n"
        "目标完成情况较好。\n"
    )


def test_a_column_of_full_width_figures_is_measured_in_characters() -> None:
    # Figures set as wide as the characters (`１２５０．７５`, ASCII once `to_halfwidth` ran):
    # every line holds 32 characters whatever its digits, so only the count of characters finds
    # the column (the lines' widths in half-widths run from 44 to 64).
    paragraph = (
        "各批资金下达县级财政后，由各乡镇统筹安排用于村内道路硬化和路灯安装工程建设。"
        "第1批1250.75万元于2024.3.15下达，6.30前支出1180.46万元，进度94.37%。"
        "剩余部分按照计划于第三季度内全部拨付到位，并由县农业农村局会同县财政局组织项目验收。"
        "第2批860.20万元于2024.7.10下达，9.30前支出812.05万元，进度94.40%。"
    )
    lines = [paragraph[i : i + 32] for i in range(0, len(paragraph), 32)]
    assert [text_width(line) for line in lines] == [64, 46, 48, 64, 44, 28]
    assert column("\n".join(lines)) == (64, WrapKind.LONG)
    assert find_wrap(lines).measure is em_width  # type: ignore[union-attr]
    assert normalize("\n".join(lines)).text == paragraph


def test_headings_items_and_sentence_ends_keep_their_break() -> None:
    full = "按照年度工作计划，项目单位组织乡镇分批实施，各环节均按规定程序办"  # 32 characters
    lines = [
        full,
        "1.数量指标：完成危房改造215户",  # a numbered item after a full line
        full,
        "（二）效益指标",  # a heading
        full[:-1] + "。",  # a full line that ends a sentence
        "下一段从这里开始，写的是另一件事情。",
        full,
        "一是加强资金监管",  # a list item
        full,
        "产出指标 数量指标 改造农村危房户数 ≥200户 215户 10 10",  # a table row under prose
        full,
        "",  # a blank line: a paragraph's end (page breaks are `join_broken_lines`' business)
        full,
        full,
        "办理。",
    ]
    text = "\n".join(lines)
    assert column(text) == (64, WrapKind.SHORT)  # one pair of full lines: a short text
    assert joined(text) == text.replace(full + "\n" + full + "\n办理", full + full + "办理")


def test_english_words_cut_at_the_column_keep_a_space() -> None:
    lines = ["全年" + "会" * 30] * 3 + ["平台名称为Remote", "Care，全年会诊次数"]
    lines[3] = "本项目依托省级平台开展远程会诊服务，远程会诊平台名称为Remote"
    text = "\n".join(lines)
    assert column(text) == (64, WrapKind.LONG)
    assert joined(text).endswith("平台名称为Remote Care，全年会诊次数")


TABLES = {
    "tab": "指标名称\t年度指标值\t实际完成值\t分值\t得分\n" * 6,
    "pipe": "| 一级指标 | 二级指标 | 三级指标名称写得很长的一个 |\n" * 6,
    "spaced": "产出指标  数量指标  改造农村危房户数  ≥200户  215户\n" * 6,
    "cell_per_line": "一级指标\n产出指标\n二级指标\n数量指标\n三级指标\n危房改造户数\n" * 3,
}


@pytest.mark.parametrize("form", list(TABLES))
def test_tables_are_not_taken_for_wrapped_text(form: str) -> None:
    text = TABLES[form]
    assert find_wrap(text.split("\n")) is None
    assert list(join_wrapped_lines(text)) == []


def test_text_written_one_paragraph_per_line_is_left_alone() -> None:
    text = "\n".join(REPORT) + "\n"
    assert find_wrap(text.split("\n")) is None
    assert list(join_wrapped_lines(text)) == []


def test_repeated_lines_of_one_length_are_no_column() -> None:
    # A document site's page list: equal lines, each under a short one, and longer lines about.
    pages = [f"部门整体支出绩效自评表（{n}）.docx_第{n}页\n第{n}页 / 共9页" for n in range(1, 10)]
    text = "上传人：某某 文档编号：123456 上传时间：2024-04-28 格式：DOCX 页数：9 大小：49KB\n"
    text += (
        "\n".join(pages)
        + "\n"
        + "该文档总共9页，到这儿已超出免费预览范围，如果喜欢就下载吧！下载后阅读全文。" * 2
    )
    assert list(join_wrapped_lines(text)) == []


def test_paragraphs_whose_figures_a_text_layer_spaced_are_joined() -> None:
    """Figures in a Latin font come out of a text layer with a space on each side
    (`预算373.6万元` → `预算 373.6 万元`): the lines look like rows of cells apart by single
    spaces, but they are sentences (`is_spaced_sentence`), and are joined as any wrapped line."""
    spaced = [_SET_APART.sub(r" \1 ", paragraph) for paragraph in (BUDGET, RESULTS, PLAN)]
    text = wrapped(*spaced)
    assert "结余资金 13.5 万元" in text and text.count("\n") == 8
    assert column(text) == (WIDTH, WrapKind.LONG)
    assert joined(text) == "\n".join(spaced) + "\n"


# Texts a report holds in lines of about one width that no page width broke: a form's fields, a
# list written a line per item, an address block, verse quoted in an introduction, a table of
# contents, a signature block, a table as spaced columns. Each is the shape of a page a report
# copied out of a PDF may hold; none may be joined.
LINE_PER_ITEM = {
    "goals_a_line_each": (
        "二、年度绩效目标\n新建集中供水工程12处以上并全部通水\n改造供水管网45公里以上并验收合格\n"
        "农村自来水普及率达到95%以上标准\n受益群众满意度达到90%以上水平\n三、绩效目标完成情况"
    ),
    "address": (
        "编制单位：某省某市某县财政局预算绩效科\n通讯地址：某省某市某县人民路88号行政中心\n"
        "邮政编码：000000联系电话：0000-7654321\n电子邮箱：jixiao@example.gov.cn"
    ),
    "funds_as_fields": (
        "项目资金安排情况表（单位：万元）\n年初预算数：500，全年预算数：520\n"
        "全年执行数：498.6，执行率：95.88\n其他资金：0，上年结转资金：0"
    ),
    "form_fields": (
        "某县2023年度项目支出绩效自评报告\n项目名称：某县农村饮水安全巩固提升工程\n"
        "主管部门：某县水利局（某县水务局）\n实施单位：某县农村供水管理服务站\n"
        "项目负责人：王某某联系电话：0000-1234567\n填报日期：2024年3月15日"
    ),
    "verse_in_an_introduction": (
        "前言\n绿水青山就是金山银山，保护生态环境，\n就是保护生产力，改善生态环境，\n"
        "就是发展生产力，我们必须坚持，\n节约资源和保护环境的基本国策，\n一、项目基本情况\n"
        "本项目2023年预算安排资金120万元。"
    ),
    "contents": (
        "目录\n一、项目基本情况及绩效目标…………3\n二、绩效目标完成情况分析……………5\n"
        "三、存在的问题及改进措施……………9\n四、绩效自评结果及应用情况…………11"
    ),
    "signatures": (
        "某县农业农村局（盖章）\n2024年3月15日\n单位负责人：李某某审核人：王某某\n"
        "填报人：张某某联系电话：0000-1234567"
    ),
    "works_a_line_each": (
        "主要工作成效\n一是建成标准化村级卫生室12个\n二是培训乡村医生累计320人次\n"
        "三是签约家庭医生服务3120户\n四是完成老年人健康体检1.26万人"
    ),
    "spaced_columns": (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值\n产出指标 数量指标 新建集中供水工程 ≥12处 13处\n"
        "产出指标 质量指标 水质检测合格率 ≥95% 97%\n效益指标 社会效益 受益农村人口数量 ≥2.3万人 2.41万人"
    ),
    "figures_a_line_each": (
        "单位：万元\n全年预算数520，全年执行数498.6\n执行率95.88%，分值10分得分9.59\n产出指标分值50分，得分48.5"
    ),
}


@pytest.mark.parametrize("shape", list(LINE_PER_ITEM))
def test_lines_of_one_width_that_no_page_broke_are_left_alone(shape: str) -> None:
    assert list(join_wrapped_lines(LINE_PER_ITEM[shape])) == []


def test_a_wrapped_report_keeps_its_fields_and_its_list_while_its_paragraphs_join() -> None:
    """A long wrapped report (`LONG`) opening on form fields about as wide as its column and
    stating its goals a line each: the fields and the goals keep their lines."""
    fields = [
        "项目名称：某县2024年度农村公路日常养护工程建设项目省级补助资金",
        "主管部门：某县交通运输局（某县农村公路养护管理服务中心站）",
    ]
    goals = [
        "全年完成县乡村三级农村公路日常养护里程1200公里以上目标任务",
        "路面技术状况优良路率保持在85%以上且全县危桥改造全部按期完工",
    ]
    lines = [*fields, *wrapped("一、项目资金情况", BUDGET, "二、年度绩效目标").split("\n")[:-1], *goals]
    lines.append("三、绩效目标完成情况")
    lines += wrapped(RESULTS, PLAN).split("\n")
    text = "\n".join(lines)
    assert column(text) == (WIDTH, WrapKind.LONG)
    assert [text_width(line) for line in (*fields, *goals)] == [62, 58, 58, 59]  # in the column's band
    heads = ("一、项目资金情况", "二、年度绩效目标", "三、绩效目标完成情况")
    assert joined(text) == "\n".join(
        [*fields, heads[0], BUDGET, heads[1], *goals, heads[2], RESULTS, PLAN, ""]
    )


def _inputs() -> list[Path]:
    found = sorted(EVALS.rglob("*.txt"))
    for folder in ("samples", "corpus", "realworld"):
        found += sorted(shared_dir(folder).rglob("*.txt"))
    return found


@pytest.mark.parametrize("path", _inputs(), ids=lambda path: path.name)
def test_every_eval_and_shared_text_normalises_as_before(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No input of the evals or the shared folder is a wrapped text: the rule changes none."""
    text = path.read_text(encoding="utf-8")
    with_rule = normalize(text).text
    without = tuple(rule for rule in normalize_module.RULES if rule is not join_wrapped_lines)
    monkeypatch.setattr(normalize_module, "RULES", without)
    assert normalize(text).text == with_rule


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(32, 90)), max_size=40))
def test_the_column_is_the_widest_width_whose_band_holds_most_lines(widths: list[int | None]) -> None:
    wrap = _find_wrap(widths, text_width)
    if wrap is None:
        return
    ordered = [width for width in widths if width is not None]

    def in_band(column: int) -> int:
        low, high = _band(column)
        return sum(low <= width <= high for width in ordered)

    most = max(in_band(width) for width in ordered)
    assert (wrap.full_lines, wrap.width) == (most, max(w for w in ordered if in_band(w) == most))
