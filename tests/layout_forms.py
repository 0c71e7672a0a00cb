"""Indicator forms written as new text, and the ways real pages linearise them.

A `Form` is one official form as a grid: its title lines, its header row and its body rows, a
merged level cell written as `""` below the row that states it. Each `render_*` function prints a
form the way one kind of real page does (a Word table saved as text, a pipe table, a pipe table
whose cells broke across lines, one cell per line, a row per line with spaces, a whole form on
one line, OCR text with every separator lost, a table whose header is printed once before a page
break, a numbered results list). `Expected` is what a careful reader takes from the form whatever
the rendering: the rules backend must read the same from each (`test_rules_layout_invariance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

Row = tuple[str, ...]


@dataclass(frozen=True)
class Expected:
    """One indicator as read: levels, name, target (raw, op, value, unit), actual (raw, value,
    unit), weight and score."""

    levels: tuple[str | None, str | None]
    name: str
    target: tuple[str | None, str | None, float | None, str | None]
    actual: tuple[str | None, float | None, str | None] = (None, None, None)
    weight: float | None = None
    score: float | None = None


@dataclass(frozen=True)
class Form:
    key: str
    title: tuple[str, ...]
    header: Row
    rows: tuple[Row, ...]
    expected: tuple[Expected, ...]

    @property
    def filled(self) -> tuple[Row, ...]:
        """The body rows with every merged level cell repeated (what an xlsx export prints)."""
        out, above = [], [""] * len(self.header)
        for row in self.rows:
            cells = [cell or (above[c] if c < self._levels else "") for c, cell in enumerate(row)]
            above = cells
            out.append(tuple(cells))
        return tuple(out)

    @property
    def _levels(self) -> int:
        return sum(1 for h in self.header if "级" in h)

    def with_levels(self) -> Form:
        """The form with each expected indicator's levels taken from its row (merged cells filled;
        a form without a 一级 column has level1 None)."""
        columns = [c for c, h in enumerate(self.header) if h in ("一级指标", "二级指标")]
        by_name = {row[self._levels - 1]: row for row in self.filled}
        expected = []
        for e in self.expected:
            row = by_name[e.name]
            levels = [row[c] for c in columns]
            pair = (levels[0], levels[1]) if len(levels) == 2 else (None, levels[0])
            expected.append(replace(e, levels=pair))
        return replace(self, expected=tuple(expected))


def _x(
    name: str,
    target: str,
    op: str | None,
    value: float | None,
    unit: str | None,
    actual: str | None = None,
    actual_value: float | None = None,
    actual_unit: str | None = None,
    weight: float | None = None,
    score: float | None = None,
) -> Expected:
    """An expected indicator, levels filled in from its row later (`Form.with_levels`)."""
    return Expected(
        (None, None), name, (target, op, value, unit), (actual, actual_value, actual_unit), weight, score
    )


# A county water bureau's project form: 一级/二级/三级, 年度指标值/实际完成值/分值/得分/偏差原因
# (a 偏差原因 `无` before an ordinary name; a blank one before a name starting with 无).
THREE_LEVEL = Form(
    "three_level",
    ("农村饮水安全巩固提升工程项目支出绩效自评表", "（2023年度）"),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("产出指标", "数量指标", "新建集中供水工程", "≥12处", "13处", "10", "10", "无"),
        ("", "", "改造供水管网长度", "≥45公里", "41.5公里", "10", "8", "部分路段征地未完成，结转下年实施"),
        ("", "质量指标", "水质检测合格率", "≥95%", "97%", "10", "10", ""),
        ("", "时效指标", "工程完工及时率", "100%", "100%", "10", "10", ""),
        ("", "成本指标", "单处工程平均造价", "≤80万元", "76.4万元", "10", "10", ""),
        ("效益指标", "社会效益指标", "受益农村人口", "≥2.3万人", "2.41万人", "10", "10", ""),
        ("", "", "无障碍取水设施受益户数", "≥150户", "162户", "10", "10", ""),
        ("", "可持续影响指标", "工程运行管护机制", "健全", "健全", "10", "10", ""),
        (
            "满意度指标",
            "服务对象满意度指标",
            "受益群众满意度",
            "≥90%",
            "93.6%",
            "10",
            "9",
            "个别村组水压不足",
        ),
    ),
    (
        _x("新建集中供水工程", "≥12处", ">=", 12, "处", "13处", 13, "处", 10, 10),
        _x("改造供水管网长度", "≥45公里", ">=", 45, "公里", "41.5公里", 41.5, "公里", 10, 8),
        _x("水质检测合格率", "≥95%", ">=", 95, "%", "97%", 97, "%", 10, 10),
        _x("工程完工及时率", "100%", None, 100, "%", "100%", 100, "%", 10, 10),
        _x("单处工程平均造价", "≤80万元", "<=", 80, "万元", "76.4万元", 76.4, "万元", 10, 10),
        _x("受益农村人口", "≥2.3万人", ">=", 2.3, "万人", "2.41万人", 2.41, "万人", 10, 10),
        _x("无障碍取水设施受益户数", "≥150户", ">=", 150, "户", "162户", 162, "户", 10, 10),
        _x("工程运行管护机制", "健全", "qualitative", None, None, "健全", None, None, 10, 10),
        _x("受益群众满意度", "≥90%", ">=", 90, "%", "93.6%", 93.6, "%", 10, 9),
    ),
)

# A health commission's form without the 一级 column: 二级/三级, 年度目标值/全年实际值/权重/自评得分.
TWO_LEVEL = Form(
    "two_level",
    ("老年人健康管理服务项目绩效自评表",),
    ("二级指标", "三级指标", "年度目标值", "全年实际值", "权重", "自评得分", "偏差原因"),
    (
        ("数量指标", "老年人健康体检人数", "≥1.2万人", "1.26万人", "15", "15", ""),
        ("", "签约家庭医生服务户数", "≥3000户", "3120户", "15", "15", ""),
        ("质量指标", "健康档案规范建档率", "≥90%", "88.5%", "20", "18", "部分村医录入不规范，已组织培训"),
        ("时效指标", "体检结果反馈时限", "≤15天", "12天", "10", "10", ""),
        ("社会效益指标", "老年人慢性病早发现率", "有效提高", "有效提高", "20", "20", ""),
        ("服务对象满意度指标", "老年人满意度", "≥85%", "91%", "20", "19", ""),
    ),
    (
        _x("老年人健康体检人数", "≥1.2万人", ">=", 1.2, "万人", "1.26万人", 1.26, "万人", 15, 15),
        _x("签约家庭医生服务户数", "≥3000户", ">=", 3000, "户", "3120户", 3120, "户", 15, 15),
        _x("健康档案规范建档率", "≥90%", ">=", 90, "%", "88.5%", 88.5, "%", 20, 18),
        _x("体检结果反馈时限", "≤15天", "<=", 15, "天", "12天", 12, "天", 10, 10),
        _x("老年人慢性病早发现率", "有效提高", "qualitative", None, None, "有效提高", None, None, 20, 20),
        _x("老年人满意度", "≥85%", ">=", 85, "%", "91%", 91, "%", 20, 19),
    ),
)

# A department's whole-budget form: 履职/效益/满意度 levels, 预期值/完成值/分值/得分.
DEPARTMENT = Form(
    "department",
    ("某县农业农村局2023年度部门整体支出绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "预期值", "完成值", "分值", "得分"),
    (
        ("履职", "重点工作", "年度重点任务完成率", "100%", "100%", "20", "20"),
        ("", "", "农产品质量安全抽检批次", "≥600批次", "642批次", "10", "10"),
        ("", "预算管理", "预算执行率", "≥90%", "96.2%", "10", "10"),
        ("效益", "社会效益", "农业技术培训人次", "≥2000人次", "2150人次", "20", "20"),
        ("满意度", "服务对象满意度", "农户满意度", "≥90%", "95%", "10", "9"),
    ),
    (
        _x("年度重点任务完成率", "100%", None, 100, "%", "100%", 100, "%", 20, 20),
        _x("农产品质量安全抽检批次", "≥600批次", ">=", 600, "批次", "642批次", 642, "批次", 10, 10),
        _x("预算执行率", "≥90%", ">=", 90, "%", "96.2%", 96.2, "%", 10, 10),
        _x("农业技术培训人次", "≥2000人次", ">=", 2000, "人次", "2150人次", 2150, "人次", 20, 20),
        _x("农户满意度", "≥90%", ">=", 90, "%", "95%", 95, "%", 10, 9),
    ),
)

# A department form whose 一级/二级 words are all its own (履职效能, 管理效率, 群众权益保障 …),
# its 偏差原因 column blank in every row.
DEPARTMENT_DUTY = Form(
    "department_duty",
    ("某市市场监督管理局2024年度部门整体支出绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("履职效能", "重点工作", "食品安全抽检批次", "≥3000批次", "3215批次", "20", "20", ""),
        ("", "", "特种设备定期检验率", "≥98%", "99.1%", "10", "10", ""),
        ("管理效率", "预算管理", "部门预算执行率", "≥95%", "97.3%", "10", "10", ""),
        ("", "资产管理", "固定资产账实相符率", "100%", "100%", "10", "10", ""),
        ("社会效益", "群众权益保障", "消费投诉按期办结率", "≥95%", "96.8%", "20", "20", ""),
        ("服务对象满意度", "市场主体满意度", "经营主体满意率", "≥90%", "92%", "10", "9", ""),
    ),
    (
        _x("食品安全抽检批次", "≥3000批次", ">=", 3000, "批次", "3215批次", 3215, "批次", 20, 20),
        _x("特种设备定期检验率", "≥98%", ">=", 98, "%", "99.1%", 99.1, "%", 10, 10),
        _x("部门预算执行率", "≥95%", ">=", 95, "%", "97.3%", 97.3, "%", 10, 10),
        _x("固定资产账实相符率", "100%", None, 100, "%", "100%", 100, "%", 10, 10),
        _x("消费投诉按期办结率", "≥95%", ">=", 95, "%", "96.8%", 96.8, "%", 20, 20),
        _x("经营主体满意率", "≥90%", ">=", 90, "%", "92%", 92, "%", 10, 9),
    ),
)

# A declaration form (绩效目标申报表): targets only, no actual values, weights or scores.
DECLARATION = Form(
    "declaration",
    ("2024年度项目支出绩效目标申报表", "项目名称：公共图书馆免费开放"),
    ("一级指标", "二级指标", "三级指标", "指标值"),
    (
        ("产出指标", "数量指标", "年接待读者人次", "≥15万人次"),
        ("", "", "举办公益讲座场次", "≥24场"),
        ("", "质量指标", "图书外借服务达标率", "≥98%"),
        ("", "时效指标", "免费开放时长", "≥56小时/周"),
        ("效益指标", "社会效益指标", "群众文化素养", "稳步提升"),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"),
    ),
    (
        _x("年接待读者人次", "≥15万人次", ">=", 15, "万人次"),
        _x("举办公益讲座场次", "≥24场", ">=", 24, "场"),
        _x("图书外借服务达标率", "≥98%", ">=", 98, "%"),
        _x("免费开放时长", "≥56小时/周", ">=", 56, "小时/周"),
        _x("群众文化素养", "稳步提升", "qualitative", None, None),
        _x("读者满意度", "≥90%", ">=", 90, "%"),
    ),
)

FORMS: tuple[Form, ...] = tuple(
    f.with_levels() for f in (THREE_LEVEL, TWO_LEVEL, DEPARTMENT, DEPARTMENT_DUTY, DECLARATION)
)


def _titled(form: Form, body: str) -> str:
    return "\n".join(form.title) + "\n" + body


def render_tabs(form: Form) -> str:
    """A Word table saved as text: a row per line, cells between tabs, merged cells empty."""
    return _titled(form, "\n".join("\t".join(row) for row in (form.header, *form.rows)) + "\n")


def render_pipe_rows(form: Form) -> str:
    """A Markdown-ish pipe table, a row per line."""
    return _titled(form, "".join("| " + " | ".join(row) + " |\n" for row in (form.header, *form.rows)))


def render_pipe_split(form: Form) -> str:
    """A web page's pipe table whose cells broke across lines: `|   cell`, then the pipe of the
    next cell on a line of its own, a row ended by a `||||` line."""

    def row(cells: Row) -> str:
        return "|   " + "\n        | \n     ".join(cells) + "\n        | \n  ||||\n"

    return _titled(form, "".join(row(r) for r in (form.header, *form.rows)))


def render_cell_bars(form: Form) -> str:
    """One cell per line ending in `|` (an empty cell is a lone `|`), rows ended by `|||` runs."""
    lines = []
    for row in (form.header, *form.rows):
        lines += [f"{cell} |" if cell else "|" for cell in row]
        lines.append("|" * 6)
    return _titled(form, "\n".join(lines) + "\n")


def render_cell_paragraphs(form: Form) -> str:
    """Every cell a paragraph of its own (a web table whose cells came out as `<p>`): one cell per
    line, a blank line between cells, an empty cell a line of spaces; nothing marks a row."""
    cells = [f"    {cell}" if cell else "     " for row in (form.header, *form.rows) for cell in row]
    return _titled(form, "\n\n".join(cells) + "\n")


def render_spaced(form: Form) -> str:
    """A row per line, cells between single spaces, merged cells gone (a PDF's text layer)."""
    rows = (form.header, *form.rows)
    return _titled(form, "\n".join(" ".join(c for c in row if c) for row in rows) + "\n")


def render_one_line(form: Form) -> str:
    """The whole table flattened onto one line, cells between single spaces, merged cells gone."""
    rows = (form.header, *form.rows)
    return _titled(form, " ".join(c for row in rows for c in row if c) + "\n")


def render_fused(form: Form) -> str:
    """OCR or a PDF dump that lost every separator: the header and each row run together, the
    rows one after the other on one line."""
    rows = (form.header, *form.rows)
    return _titled(form, "".join("".join(row) for row in rows) + "\n")


def render_page_break(form: Form) -> str:
    """A pipe table whose header is printed once: the rows after the page break follow the
    page's footer and the next page's header line, with no header row of their own."""
    half = len(form.rows) // 2 + 1
    first = "".join("| " + " | ".join(r) + " |\n" for r in (form.header, *form.rows[:half]))
    rest = "".join("| " + " | ".join(r) + " |\n" for r in form.rows[half:])
    return _titled(form, first + "\n— 3 —\n\n" + form.title[0] + "\n\n" + rest)


def render_list(form: Form) -> str:
    """A results list: level headings, then one numbered sentence per indicator with its target
    and actual behind their labels and its weight and score in words."""
    lines, level1, level2, headings = [], "", "", 0
    columns = dict(zip(form.header, range(len(form.header)), strict=True))
    level_columns = [c for h, c in columns.items() if "级" in h][:-1]
    for number, (row, filled) in enumerate(zip(form.rows, form.filled, strict=True), start=1):
        levels = [filled[c] for c in level_columns]
        if len(levels) == 2 and levels[0] != level1:
            level1, headings = levels[0], headings + 1
            lines.append(f"（{'一二三四五'[headings - 1]}）{level1}")
        if levels and levels[-1] != level2:
            level2 = levels[-1]
            lines.append(f"{level2}：")
        values = row[len(level_columns) :]
        sentence = f"{number}.{values[0]}，年度指标值{values[1]}"
        if len(values) > 2:
            sentence += f"，实际完成值{values[2]}，分值{values[3]}分，得分{values[4]}分"
        lines.append(sentence + "。")
    return _titled(form, "\n".join(lines) + "\n")


def render_tab_cells(form: Form) -> str:
    """One cell per line behind a leading tab (an empty cell a lone tab), a blank line between
    rows (a Word table pasted from a web page)."""
    rows = ("\n".join("\t" + cell for cell in row) for row in (form.header, *form.rows))
    return _titled(form, "\n\n".join(rows) + "\n")


def render_html(form: Form) -> str:
    """A PDF converted to Markdown: the table as one line of HTML, merged level cells as rowspans."""
    spans = [[1] * len(row) for row in form.rows]
    for c in range(len(form.header)):
        owner = None
        for r, row in enumerate(form.rows):
            if row[c] or c >= form._levels - 1 or owner is None:
                owner = r
            else:
                spans[owner][c] += 1
                spans[r][c] = 0
    cells = ["<tr>" + "".join(f"<td>{h}</td>" for h in form.header) + "</tr>"]
    for r, row in enumerate(form.rows):
        tds = [
            f'<td rowspan="{spans[r][c]}">{cell}</td>' if spans[r][c] > 1 else f"<td>{cell}</td>"
            for c, cell in enumerate(row)
            if spans[r][c]
        ]
        cells.append("<tr>" + "".join(tds) + "</tr>")
    return _titled(form, "<table>" + "".join(cells) + "</table>\n")


def render_page_break_spaced(form: Form) -> str:
    """`render_spaced` with a page break after the first rows: the rows after it follow the
    footer and the running title with no header (a PDF's text layer, page by page)."""
    half = len(form.rows) // 2 + 1
    first = "\n".join(" ".join(c for c in row if c) for row in (form.header, *form.rows[:half]))
    rest = "\n".join(" ".join(c for c in row if c) for row in form.rows[half:])
    return _titled(form, first + "\n\n第 1 页 共 2 页\n\n" + form.title[0] + "\n" + rest + "\n")


def render_fused_weight_first(form: Form) -> str:
    """A PDF table of a province that prints 分值 before the values (三级指标 | 分值 | 指标值 | 实际值 |
    得分), its separators lost: each row's weight glued to its target (`免费发放原种8550万粒…`)."""
    header = list(form.header)
    if "分值" not in header and "权重" not in header:
        return render_fused(form)
    weight = next(c for c, h in enumerate(header) if h in ("分值", "权重"))
    target = next(c for c, h in enumerate(header) if "值" in h and c != weight)

    def moved(row: Row) -> str:
        cells = list(row)
        cells.insert(target, cells.pop(weight))
        return "".join(cells)

    return _titled(form, "".join(moved(row) for row in (form.header, *form.rows)) + "\n")


RENDERINGS: dict[str, Callable[[Form], str]] = {
    "tabs": render_tabs,
    "pipe_rows": render_pipe_rows,
    "pipe_split": render_pipe_split,
    "cell_bars": render_cell_bars,
    "cell_paragraphs": render_cell_paragraphs,
    "spaced": render_spaced,
    "one_line": render_one_line,
    "fused": render_fused,
    "page_break": render_page_break,
    "list": render_list,
    "tab_cells": render_tab_cells,
    "html": render_html,
    "page_break_spaced": render_page_break_spaced,
    "fused_weight_first": render_fused_weight_first,
}


# OCR noise: what a scanned form's text layer does to its cells. Each function takes a row and the
# indices of its value columns (指标值 …, 分值, 得分) and returns the row as OCR read it; the form
# printed with it (`with_ocr`) must read the same as the clean form, each repair flagged.
def _value_columns(form: Form) -> tuple[int, ...]:
    return tuple(c for c, h in enumerate(form.header) if "值" in h or h in ("权重", "得分", "自评得分"))


def ocr_glyphs(row: Row, values: tuple[int, ...]) -> Row:
    """Comparators and percent signs in their full-width or JIS forms (`＞＝95％`, `≦15天`)."""
    table = str.maketrans({"≤": "≦", "%": "％"})
    return tuple(
        cell.replace("≥", "＞＝").translate(table) if c in values else cell for c, cell in enumerate(row)
    )


def ocr_lookalikes(row: Row, values: tuple[int, ...]) -> Row:
    """A zero after a digit read as the letter O (`1OO%`, `9O%`) in the target and actual cells.
    (In a 分值 or 得分 cell, `1O` is not read yet: the layout no longer sees the column's figures.)"""
    values = values[:2]
    return tuple(
        "".join("O" if ch == "0" and i and cell[i - 1].isdigit() else ch for i, ch in enumerate(cell))
        if c in values
        else cell
        for c, cell in enumerate(row)
    )


def ocr_geq_as_2(row: Row, values: tuple[int, ...]) -> Row:
    """The `≥` of a rate target read as `2` (`≥90%` → `290%`) in a row whose actual is a rate."""
    if len(values) < 2:
        return row  # a declaration form: no actual to prove it
    target, actual = values[0], values[1]
    if not (row[target].startswith("≥") and row[target].endswith("%") and row[actual].endswith("%")):
        return row
    return (*row[:target], "2" + row[target][1:], *row[target + 1 :])


def with_ocr(form: Form, noise: Callable[[Row, tuple[int, ...]], Row]) -> Form:
    """The form with every body row as OCR read it (header and title untouched)."""
    values = _value_columns(form)
    return replace(form, rows=tuple(noise(row, values) for row in form.rows))


def render_running_header(form: Form) -> str:
    """`render_spaced` over two pages: the second page starts with the page number (`- 2 -`), the
    running title and the header row printed again, then the rest of the rows."""
    half = len(form.rows) // 2 + 1
    line = " ".join
    first = "\n".join(line(c for c in row if c) for row in (form.header, *form.rows[:half]))
    rest = "\n".join(line(c for c in row if c) for row in form.rows[half:])
    second = f"- 2 -\n{form.title[0]}\n{line(form.header)}\n{rest}\n"
    return _titled(form, first + "\n" + second)


def middle_name(form: Form) -> str:
    """The name of the form's middle row (where a page break cuts the rows in two)."""
    return form.filled[len(form.rows) // 2][form._levels - 1]


def with_footer_in_name(render: Callable[[Form], str], footer: str) -> Callable[[Form], str]:
    """`render`, a page footer (`第2页`, `- 2 -`) run into the middle row's name halfway: a PDF's text
    layer whose page broke inside that row's name cell."""

    def rendered(form: Form) -> str:
        text, name = render(form), middle_name(form)
        at = text.index(name) + len(name) // 2
        return text[:at] + footer + text[at:]

    return rendered
