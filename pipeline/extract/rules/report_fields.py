"""Report fields: title, kind, the year evaluated, the reporting unit and where it is.

- title: the report's own title — the first line (or the head of a line, before a `|` or tab, or
  before the rest of a fused line, after a download site's chunk mark `1、`) that names a report
  (`TITLE_WORDS`: 自评报告, 自评表 …), is not a cover letter (`…关于报送…的函`), an 附件 line, a
  file name or a viewer's page list, joined with the short title lines above it at the top of the
  text (a title set over two or three lines) and a `(2024年度)` line after it. Else the first line
  with its parenthetical second line, unless it is a level word or a bare year line, else a file
  name's stem (`某市…自评表.docx` → `某市…自评表`). A saved page's title loses its site's name
  after a dash (`…自评报告_某县人民政府网` → `…自评报告`).
- fiscal_year: the year the title names (2024年度 / 2024年), else the first `XXXX年度` near the
  top, else a year after `项目年度目标`, else the first year written alone — never a filing date
  (填报日期 2021.4.15, 2023年4月6日, 〔2025〕29号).
- report_kind: 整体支出 / 部门整体 → department (and 部门决算 / 部门绩效 / 整体绩效, in the title
  only); 项目支出 / 补助资金 / 转移支付 / 项目 → project; the title decides first, then the top of
  the text.
- agency: the unit the title starts with (`某市某区医疗保障局2024年度…` — it wins over an attached
  table's misprint of the place), else a labelled unit, by tiers (`AGENCY_LABEL_TIERS`): the unit
  that carries the project out (实施单位, 资金使用单位, 填报单位（盖章）…) before the unit that
  signs the report at its end (`某县交通运输局` / `2024年3月15日`, not a labelled 评价机构) before
  its supervising department (主管部门) before the page that published it (发布机构, 来源：…, or
  a site's byline `某省应急管理厅 时间:2023-06-28`); a form whose cells ran together names a unit
  right after the label when the name starts with a place (`县级主管部门某县商务局实施单位…`); else an
  abbreviated name (某市医保局 → 某市医疗保障局); else the unit of a report of its own that the
  text names (`《某县民政局2020年部门整体支出绩效评价报告》见附件`); else the owner a unit's site
  names in its welcome banner (`欢迎来到某县政协网站`; a portal, 人民政府, is no unit).
- province / city / county: the place names the agency's name starts with; a level the name
  lacks may come from the higher government's documents that govern the unit (judgement call 19:
  某省财政厅 allocates to the city; a county unit follows 《某省…》 and 《某市…》). Never guessed.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import overload

from pipeline.domain.alternation import alternation, longest_first
from pipeline.domain.headers import header_role
from pipeline.domain.headings import HEADING_MARKER_RE
from pipeline.domain.levels import is_level_word
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.fused import iter_docsite_marks
from pipeline.extract.rules.vocab import (
    AGENCY_ABBREVIATIONS,
    AGENCY_BYLINE_WORDS,
    AGENCY_FUSED_LABELS,
    AGENCY_FUSED_SUPERVISOR_LABELS,
    AGENCY_LABEL_TIERS,
    AGENCY_NAME_SUFFIXES,
    BANNER_UNIT_SUFFIXES,
    CITY_SUFFIXES,
    COUNTY_SUFFIXES,
    DEPARTMENT_TITLE_WORDS,
    DEPARTMENT_WORDS,
    EVALUATOR_LABELS,
    FILE_EXTENSIONS,
    FISCAL_YEAR_LABELS,
    GOVERNMENT_ISSUERS,
    PAGE_BYLINE_WORDS,
    PAGE_SOURCE_LABELS,
    PROJECT_WORDS,
    PROVINCE_NAMES,
    SELF_REFERENCES,
    TITLE_EXCLUDED_STARTS,
    TITLE_WORDS,
)


def _alternation_not_after(words: tuple[str, ...], before: str) -> str:
    """`(?<!before)(?:words)` as `alternation` orders them, the look-behind moved past each word's
    first character (`主(?<!主管主)管部门`), where it asks the same: each branch then opens with
    a literal, and the engine skips to the characters the words open with instead of trying the
    look-behind and every word at every position of the text (`before`: a fixed-width pattern).

    >>> _alternation_not_after(("单位", "部门"), "主管")
    '单(?<!主管单)位|部(?<!主管部)门'
    """
    return "|".join(
        f"{re.escape(w[0])}(?<!{before}{re.escape(w[0])}){re.escape(w[1:])}" for w in longest_first(words)
    )


@functools.cache
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """`words` as one compiled alternation, built once per word list (not per report)."""
    return re.compile(alternation(words))


_NAME = r"[\u4e00-\u9fff（）()]"
_SUFFIX = alternation(AGENCY_NAME_SUFFIXES)
_PLACE = rf"[\u4e00-\u9fff]{{2,4}}?(?:{alternation(CITY_SUFFIXES + COUNTY_SUFFIXES)})"
# A unit's name starts with its place: 某省医疗保障局, 某市某区医疗保障局; a town's government
# names the town alone (某某镇人民政府, 某某乡人民政府), its county often left out.
_TOWN_GOVERNMENT = r"[\u4e00-\u9fff]{2,4}?[镇乡]人民政府"
_AGENCY = re.compile(
    rf"(?:{alternation(PROVINCE_NAMES)}|{_PLACE}){_NAME}{{0,20}}?(?:{_SUFFIX})|{_TOWN_GOVERNMENT}"
)
# A seal note, before or after the label's colon: 填报单位（盖章）：…, 项目单位：(公章) ….
_SEAL = r"[(（](?:公章|盖章)[)）]"
# A label, a separator (colon, pipe, tab, or the line breaks of a cell-per-line form), the name
# (after a seal note, or the unit's code in a budget system's export: 项目单位	[105210]某某大学).
# An HTML table's cell boundary stands between a label cell and its value cell as a tab does.
_HTML_CELL_GAP = r"</t[dh]>\s*<t[dh][^<>]*>"
_LABELLED = tuple(
    re.compile(
        rf"(?:{_alternation_not_after(tier, '主管')})(?:{_SEAL})?[ \t]*(?:[:：|\t \n]|{_HTML_CELL_GAP})[\s|]*"
        rf"(?:{_SEAL}|\[\d+\])?[ \t]*"
        rf"(?P<name>(?![为是由在]){_NAME}{{2,30}}?(?:{_SUFFIX}))"
    )
    for tier in AGENCY_LABEL_TIERS
)
_FUSED, _FUSED_SUPERVISOR = (
    re.compile(rf"(?:{alternation(labels)})(?P<name>{_PLACE}{_NAME}{{0,20}}?(?:{_SUFFIX}))")
    for labels in (AGENCY_FUSED_LABELS, AGENCY_FUSED_SUPERVISOR_LABELS)
)
_BYLINE = re.compile(
    rf"^[ \t]*(?P<name>{_AGENCY.pattern})[ \t]*(?:{alternation(AGENCY_BYLINE_WORDS)})[:：]", re.M
)
# A page's source line (【来源：某县林业局】): the label starts a word, the full name ends one.
_CJK_CHAR = r"[\u4e00-\u9fff]"
_SOURCE = re.compile(
    rf"(?:{_alternation_not_after(PAGE_SOURCE_LABELS, _CJK_CHAR)})[:：][ \t]*"
    rf"(?P<name>{_AGENCY.pattern})(?![\u4e00-\u9fff])"
)
_PAGE_BYLINE = re.compile(rf"(?:{alternation(PAGE_BYLINE_WORDS)})[:：]|{_BYLINE.pattern}", re.M)
_BYLINE_LINES = 4  # a page's headline and byline open it
# A site's welcome banner names the site's owner (欢迎来到某县政协网站!): the unit whose site
# published the page, read only when nothing in the report or its byline names a unit.
_BANNER = re.compile(
    rf"欢迎您?(?:来到|访问|光临)(?P<name>{_NAME}{{2,20}}?(?:{alternation(BANNER_UNIT_SUFFIXES)}))"
    r"(?:官方|门户|政务)*网站?"
)
_BANNER_CHARS = 200  # the banner opens the page
# A date: 2024年5月, 2024.3.15 — when a report was written or signed, never the year evaluated.
_DATE = re.compile(r"(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月|[-./]\d{1,2}[-./]\d{1,2})")
# A report's closing signature: the unit alone on a line, a seal note, then the date on the same
# line or the next (某县交通运输局（盖章） / 2024年3月15日) — the unit that wrote the report.
_SIGNATURE = re.compile(
    rf"^[ \t]*(?P<name>{_AGENCY.pattern})[ \t]*(?:{_SEAL})?[ \t]*\n?[ \t]*"
    rf"{_DATE.pattern}(?:\s*\d{{1,2}}\s*日)?[ \t]*$",
    re.M,
)
_SIGNATURE_CHARS = 300  # the signature closes the text
_EVALUATOR = re.compile(rf"(?:{alternation(EVALUATOR_LABELS)})[^\n]{{0,4}}?[:：|\t][ \t|]*(?P<name>[^\s|]+)")
_CRUMB = re.compile(r"\s*>\s*")  # 首页 > 工作动态 > (the page's headline)
# The unit's own report named in its text (本部门…《某县民政局2020年部门整体支出绩效评价报告》见附件).
_OWN_REPORT = re.compile(
    rf"《(?P<name>{_AGENCY.pattern})(?:19|20)\d{{2}}年度?[^《》\n]{{0,30}}(?:{alternation(TITLE_WORDS)})》"
)
_ABBREVIATED = re.compile(
    rf"(?<![\u4e00-\u9fff])(?P<place>{_PLACE})(?P<short>{alternation(tuple(AGENCY_ABBREVIATIONS))})"
)
_PROVINCE = re.compile(alternation(PROVINCE_NAMES))
_CITY = re.compile(rf"[\u4e00-\u9fff]{{2,4}}?(?:{alternation(CITY_SUFFIXES)})(?!级)")
_COUNTY = re.compile(rf"[\u4e00-\u9fff]{{2,4}}?(?:{alternation(COUNTY_SUFFIXES)})(?!级)")
_DOCUMENT_CITY = re.compile(rf"《(?!关于)(?P<place>[\u4e00-\u9fff]{{2,4}}?(?:{alternation(CITY_SUFFIXES)}))")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")
# A year written alone (我校2022年项目…), not a date (2023年4月6日), as the last resort.
_PAGE_COUNTER = re.compile(r"第\s*\d+\s*页")  # a viewer's page list: 第1页 / 共9页
_PLAIN_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_TITLE_START = re.compile(rf"(?:19|20)\d{{2}}\s*年|{_PLACE}")
_YEAR_DU = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度")
_LABELLED_YEAR = re.compile(rf"(?:{alternation(FISCAL_YEAR_LABELS)})[:：]?\s*(?P<year>(?:19|20)\d{{2}})\s*年")
_TITLE_END = re.compile(rf"(?:{alternation(TITLE_WORDS)})(?:\s*[(（][^()（）]{{2,12}}[)）])?")
# A page title's site name after the headline (…自评报告-某县人民政府网, …自评报告_某县政协).
_SITE_NAME = re.compile(r"[ \t]*[-_—–－][ \t]*[\u4e00-\u9fff]")
_TITLE_LEAD = re.compile(r"(?:关于)?(?:(?:19|20)\d{2}年度?)?")  # what a title puts before its unit
# A form's field label after its title in the same cell (`…申报表项目名称：…`: a title cell whose
# lines a reader joined, with or without a space).
_FIELD_AFTER = re.compile(r"[ \t]*[\u4e00-\u9fff]{2,8}[:：]")
# A government disclosure page's metadata names the document (索引号：… 名称：某县…自评报告).
_NAME_LABEL = re.compile(r"(?:名称|标题)[:：][ \t]*")
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}")  # a line holding only a year
_YEAR_LINE = re.compile(r"^[ \t]*(?P<year>(?:19|20)\d{2})[ \t]*$", re.M)  # a title's year line
_YEARLESS = re.compile(r"(?<![\d年])年度")  # 年度 with no year before it
_PARENTHETICAL = re.compile(r"[(（][^()（）\n]{2,20}[)）]")
_NUMBERED = HEADING_MARKER_RE
_LETTER = re.compile(r"关于.*(?:的函|的通知)$|报送")
_PUNCTUATION = re.compile(r"[。，,；;：:!！?？]")
_HEAD_END = re.compile(r"[|\t]")  # a line's head ends at its first cell separator
_TITLE_LENGTH = 40  # a longer line is prose, or a fused form line cut at its title word
_HEAD_LINES = 60  # the title sits among the first lines
_HEAD_CHARS = 4000  # report kind and year are read near the top


@dataclass(frozen=True)
class ReportFields:
    """The report's fields, each with the span it was read from (a joined title spans all its
    lines; an expanded abbreviation spans the abbreviation as written)."""

    title: Found | None = None
    report_kind: Found | None = None
    fiscal_year: Found | None = None
    agency: Found | None = None
    province: Found | None = None
    city: Found | None = None
    county: Found | None = None


def _first_cell(text: str, start: int, end: int) -> int:
    """Where a line's first non-empty cell starts: past the empty cells a sheet's margin column
    leads each row with (`\t\t某县…自评表\t…`), or `start` for a line of text."""
    at = start
    while at < end and text[at] in " \t":
        at += 1
    return at if at < end and "\t" in text[start:at] else start


def _line_heads(text: str) -> list[Found]:
    """The head of each non-blank line — its text before a `|` or tab (past a row's leading
    empty cells), after a download site's chunk mark (`1、`) — stripped, with spans. Lines are
    read up to the `_HEAD_LINES`-th head only (the text is not split whole)."""
    return list(itertools.islice(_iter_line_heads(text), _HEAD_LINES))


def _iter_line_heads(text: str) -> Iterator[Found]:
    """`_line_heads`, read as far as the caller goes."""
    marks = iter_docsite_marks(text)
    mark = next(marks, None)
    pos = 0
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        while mark is not None and mark[0] < pos:
            mark = next(marks, None)
        start = mark[1] if mark is not None and mark[0] == pos else pos
        start = _first_cell(text, start, end)
        cut = _HEAD_END.search(text, start, end)
        head = text[start : cut.start() if cut else end]
        stripped = head.strip()
        if stripped:
            start += head.index(stripped)
            yield Found(stripped, start, start + len(stripped))
        pos = end + 1


class _Heads:
    """`_line_heads(text)` read as far as asked: a title is found within the first few lines
    of most texts, so the other heads of the `_HEAD_LINES` are not read. Indexed, sliced (with a
    stop) and iterated as the list would be.

    >>> heads = _Heads("某县2024年度项目支出绩效自评报告\n一、基本情况\n")
    >>> heads[0].value, len(heads[1:5]), bool(heads)
    ('某县2024年度项目支出绩效自评报告', 1, True)
    """

    def __init__(self, text: str) -> None:
        self._source = itertools.islice(_iter_line_heads(text), _HEAD_LINES)
        self._read: list[Found] = []

    def _fill(self, count: int) -> None:
        while len(self._read) < count and (head := next(self._source, None)) is not None:
            self._read.append(head)

    @overload
    def __getitem__(self, i: int) -> Found: ...

    @overload
    def __getitem__(self, i: slice) -> list[Found]: ...

    def __getitem__(self, i: int | slice) -> Found | list[Found]:
        if isinstance(i, slice):
            assert i.stop is not None and i.stop >= 0 and (i.start or 0) >= 0, "a slice of heads has a stop"
            self._fill(i.stop)
        else:
            assert i >= 0, "heads are indexed from the first"
            self._fill(i + 1)
        return self._read[i]

    def __iter__(self) -> Iterator[Found]:
        at = 0
        while True:
            self._fill(at + 1)
            if at >= len(self._read):
                return
            yield self._read[at]
            at += 1

    def __bool__(self) -> bool:
        self._fill(1)
        return bool(self._read)


def _is_file_name(text: str) -> bool:
    """A file name, also with a page suffix a download site adds (`…自评表(4).docx_第1页`)."""
    lower = text.lower()
    return lower.endswith(FILE_EXTENSIONS) or any(f"{ext}_" in lower for ext in FILE_EXTENSIONS)


def _titleish(text: str) -> bool:
    """Short, no sentence punctuation, not numbered, not a file name: a title line."""
    return (
        len(text) <= _TITLE_LENGTH
        and not _PUNCTUATION.search(text)
        and not _NUMBERED.match(text)
        and not _is_file_name(text)
        and not _PAGE_COUNTER.search(text)
        and re.search(r"[\u4e00-\u9fff]", text) is not None
    )


def _title_piece(head: Found) -> Found | None:
    """A head that names the report, cut after its title word when the line runs on (a form
    flattened onto one line), a page title adds its site's name (`…自评报告-某县人民政府网`) or
    a form's title cell goes on with a labelled field (`…申报表 项目名称：某项目`);
    a disclosure page's `名称：` label before it is not part of it."""
    label = _NAME_LABEL.match(str(head.value))
    if label is not None:
        head = Found(str(head.value)[label.end() :], head.start + label.end(), head.end)
    text = str(head.value)
    m = _TITLE_END.search(text)
    if m is None or _is_file_name(text) or _LETTER.search(text) or text.startswith(TITLE_EXCLUDED_STARTS):
        return None
    if len(text) > _TITLE_LENGTH or _SITE_NAME.match(text, m.end()) or _FIELD_AFTER.match(text, m.end()):
        text = text[: m.end()]
    return Found(text, head.start, head.start + len(text)) if _titleish(text) else None


def _joined(pieces: list[Found]) -> Found:
    return Found("".join(str(p.value) for p in pieces), pieces[0].start, pieces[-1].end)


def _joins_above(heads: _Heads, i: int) -> int:
    """Where a title that ends on line `i` starts: short title lines above it at the top of the
    text (a title set over two or three lines), or one line above that starts with the unit or
    the year when line `i` does not (`某县2023年度国家基本公共卫生` / `服务项目…自评报告`)."""
    first = i
    while first > 0 and first <= 3 and i - first < 2 and _joinable(str(heads[first - 1].value)):
        first -= 1
    above = str(heads[i - 1].value) if i > 0 else ""
    starts_above = bool(_TITLE_START.match(above)) and not _TITLE_START.match(str(heads[i].value))
    if first == i and i > 0 and _joinable(above) and starts_above:
        first = i - 1
    return first


def _joinable(text: str) -> bool:
    return _titleish(text) and not text.startswith(TITLE_EXCLUDED_STARTS)


def _year_line(heads: _Heads, i: int) -> list[Found]:
    """A `(2024年度)` line after the title, past a repeat of the title line; or the bare year of a
    title that says 年度 without one (`…年度部门决算` / `2024`: a cover's large year set apart)."""
    after = heads[i + 1 : i + 3]
    if after and after[0].value == heads[i].value:
        after = after[1:]
    bare = _YEARLESS.search(str(heads[i].value)) is not None
    return [
        a
        for a in after[:1]
        if _title_parenthetical(str(a.value)) or (bare and _BARE_YEAR.fullmatch(str(a.value)))
    ]


def _title_parenthetical(text: str) -> bool:
    """A bracketed line that continues the title above it (`(2024年度)`), not a date set under
    it (`（2024年5月）`: when the report was written)."""
    return _PARENTHETICAL.fullmatch(text) is not None and _DATE.search(text) is None


def _joined_title(pieces: list[Found]) -> Found:
    """The title's lines joined; a bare year line goes before the 年度 that lacks it."""
    last = str(pieces[-1].value)
    if len(pieces) < 2 or not _BARE_YEAR.fullmatch(last):
        return _joined(pieces)
    head = _joined(pieces[:-1])
    value = _YEARLESS.sub(last + "年度", str(head.value), count=1)
    return Found(value, head.start, pieces[-1].end)


def _headline(heads: _Heads) -> Found | None:
    """A web page's headline: the line just above its byline (`信息来源:… 发布时间:…`), or the
    last crumb of a breadcrumb there (`首页 > 通知公告 > 某县2022年度…评价报告`; where the
    headline line was joined onto the breadcrumb the crumb holds it twice, read once). A last
    crumb that names no report is the page's section, not its headline."""
    for above, head in pairwise(heads[: _BYLINE_LINES + 1]):
        if not _PAGE_BYLINE.search(str(head.value)):
            continue
        crumbs = _CRUMB.split(str(above.value))
        crumb = crumbs[-1]
        if len(crumbs) > 1 and _TITLE_END.search(crumb) is None:
            return None  # the breadcrumb ends at the page's section (首页 > 政务公开 > 财政资金)
        half = len(crumb) // 2
        if len(crumb) % 2 == 0 and crumb[:half] == crumb[half:]:
            crumb = crumb[:half]
        start = above.start + str(above.value).rindex(crumb)
        return Found(crumb, start, start + len(crumb)) if _joinable(crumb) else None
    return None


def _title(text: str) -> Found | None:
    heads = _Heads(text)
    headline = _headline(heads)
    if headline is not None:
        return headline
    for i, head in enumerate(heads):
        piece = _title_piece(head)
        if piece is None:
            continue
        first = _joins_above(heads, i)
        return _joined_title([*heads[first:i], piece, *_year_line(heads, i)])
    if heads and _titleish(str(heads[0].value)) and not _not_a_title(str(heads[0].value)):
        second = [h for h in heads[1:2] if _title_parenthetical(str(h.value))]
        return _joined([heads[0], *second])
    stems = [h for h in heads[:3] if _is_file_name(str(h.value))]
    if stems:
        stem = str(stems[0].value).rsplit(".", 1)[0]
        return Found(stem, stems[0].start, stems[0].start + len(stem))
    return None


def _not_a_title(text: str) -> bool:
    """A first line that cannot be a title: a bare year line, a level word, a column header."""
    return bool(_PARENTHETICAL.fullmatch(text)) or is_level_word(text) or header_role(text) is not None


def _year(m: re.Match[str] | None) -> Found | None:
    return Found(int(m.group("year")), m.start("year"), m.end("year")) if m else None


def _fiscal_year(text: str, title: Found | None) -> Found | None:
    in_title = None
    if title is not None:
        in_title = _YEAR.search(text, title.start, title.end) or _YEAR_LINE.search(
            text, title.start, title.end
        )
    head = min(len(text), _HEAD_CHARS)
    labelled = _YEAR_DU.search(text, 0, head) or _LABELLED_YEAR.search(text, 0, head)
    return _year(in_title or labelled or _PLAIN_YEAR.search(text, 0, head))


def _kind(text: str, title: Found | None) -> Found | None:
    scopes = [(title.start, title.end, DEPARTMENT_WORDS + DEPARTMENT_TITLE_WORDS)] if title else []
    scopes.append((0, min(len(text), _HEAD_CHARS), DEPARTMENT_WORDS))
    for start, end, department_words in scopes:
        for words, kind in ((department_words, "department"), (PROJECT_WORDS, "project")):
            m = _any_of(words).search(text, start, end)
            if m:
                return Found(kind, m.start(), m.end())
    return None


def _agency_in_title(text: str, title: Found) -> Found | None:
    """The unit the title starts with, after its year or a report's 关于 (`关于某县林业局…的报告`),
    also when the title is set over several lines (the unit's name broken across them:
    `某市某区规划和自然` / `资源局` / `2024年度部门决算`)."""
    where = [i for i in range(title.start, title.end) if not text[i].isspace()]
    joined = "".join(text[i] for i in where)
    lead = _TITLE_LEAD.match(joined)
    m = _AGENCY.match(joined, lead.end() if lead else 0)
    if m is None or m.group().startswith(SELF_REFERENCES):
        return None
    return Found(m.group(), where[m.start()], where[m.end() - 1] + 1)


def _signature(text: str) -> Found | None:
    """The unit that signs the report at its end (the last signature in the closing lines; a PDF
    whose title and form name no unit names it only there) — unless the text labels it as the
    third party that evaluated the report (评价机构：某市绩效评价中心)."""
    signed = list(_SIGNATURE.finditer(text, max(0, len(text) - _SIGNATURE_CHARS)))
    if not signed or signed[-1].group("name").startswith(SELF_REFERENCES):
        return None
    if signed[-1].group("name") in {m.group("name") for m in _EVALUATOR.finditer(text)}:
        return None  # an evaluator's signature
    return Found(signed[-1].group("name"), signed[-1].start("name"), signed[-1].end("name"))


def _first_named(text: str, patterns: tuple[re.Pattern[str], ...]) -> Found | None:
    """The unit named first in the text by any of `patterns` (one tier of sources)."""
    found = [m for pattern in patterns if (m := pattern.search(text))]
    if not found:
        return None
    m = min(found, key=lambda match: match.start("name"))
    return Found(m.group("name"), m.start("name"), m.end("name"))


def _agency(text: str, title: Found | None) -> Found | None:
    in_title = _agency_in_title(text, title) if title is not None else None
    named = (
        in_title
        or _first_named(text, (_LABELLED[0], _FUSED))
        or _signature(text)
        or _first_named(text, (_LABELLED[1], _FUSED_SUPERVISOR))
        or _first_named(text, (_LABELLED[2], _BYLINE, _SOURCE))
    )
    if named is not None:
        return named
    for m in _ABBREVIATED.finditer(text):
        if not m.group("place").startswith(SELF_REFERENCES):
            return Found(m.group("place") + AGENCY_ABBREVIATIONS[m.group("short")], m.start(), m.end())
    own = _OWN_REPORT.search(text) or _BANNER.search(text, 0, _BANNER_CHARS)
    return Found(own.group("name"), own.start("name"), own.end("name")) if own else None


def _place_in(pattern: re.Pattern[str], text: str, agency: Found, pos: int) -> tuple[Found | None, int]:
    """A place name at `pos` in the agency's text slice, and where the next level starts."""
    m = pattern.match(text, pos, agency.end)
    if m is None or m.group().startswith(SELF_REFERENCES):
        return None, pos
    return Found(m.group(), m.start(), m.end()), m.end()


def _province_of_documents(text: str) -> Found | None:
    """The first province that issues or titles a document: 安徽省财政厅…, 《广东省…办法》."""
    for m in _PROVINCE.finditer(text):
        if text[m.start() - 1 : m.start()] == "《" or text.startswith(GOVERNMENT_ISSUERS, m.end()):
            return Found(m.group(), m.start(), m.end())
    return None


def _city_of_documents(text: str) -> Found | None:
    """The first city that titles a document: 《某市困难群众医疗救助实施办法》."""
    m = _DOCUMENT_CITY.search(text)
    return Found(m.group("place"), m.start("place"), m.end("place")) if m else None


def _places(text: str, agency: Found | None) -> tuple[Found | None, Found | None, Found | None]:
    """Province, city and county the agency's name starts with; a missing province (or the city
    of a county unit) from the governing documents."""
    if agency is None:
        return None, None, None
    province, pos = _place_in(_PROVINCE, text, agency, agency.start)
    city, pos = _place_in(_CITY, text, agency, pos)
    county, _ = _place_in(_COUNTY, text, agency, pos)
    if province is None:
        province = _province_of_documents(text)
    if city is None and county is not None:
        city = _city_of_documents(text)
    return province, city, county


def find_report_fields(text: str) -> ReportFields:
    """Every report field found in the normalised text (see the module docstring)."""
    title = _title(text)
    agency = _agency(text, title)
    province, city, county = _places(text, agency)
    return ReportFields(
        title=title,
        report_kind=_kind(text, title),
        fiscal_year=_fiscal_year(text, title),
        agency=agency,
        province=province,
        city=city,
        county=county,
    )


# (an HTML table's label cell ends at `</td>` and the name opens the next cell)
_PROJECT_LABEL = re.compile(
    r"项目名称\s*(?:</t[dh]>\s*<t[dh][^>]*>)?\s*[:：|\t]?\s*\|?\s*\n?\s*(?P<name>[^|\t\n:：<>]{2,40}?)"
    r"(?=\s*[|\t\n<]|项目实施单位|实施单位|主管部门|\s+主管)"
)
_FUND_NAME = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?)(?P<name>[\u4e00-\u9fff（）()]{4,40}?(?:补助资金|专项资金|专项经费))"
)


def find_labelled_project_in(text: str, start: int, end: int) -> Found | None:
    """The 项目名称 a project section's own form states (`项目名称 | 农村实用人才培训`), searched in
    the section's head: a form's cell names the project as its unit filed it, where the section's
    heading may add or drop words (judgement call 42: the table's name wins)."""
    m = _PROJECT_LABEL.search(text, start, min(end, start + _HEAD_CHARS))
    if m is None:
        return None
    name = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", m.group("name")).strip()
    return Found(name, m.end("name") - len(name), m.end("name")) if len(name) >= 2 else None


def find_labelled_projects(text: str) -> list[Found]:
    """Every 项目名称 the text labels, in text order (a report printing several projects' forms
    one after another labels each form's project)."""
    found = []
    for m in _PROJECT_LABEL.finditer(text):
        name = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", m.group("name")).strip()
        if len(name) >= 2:
            found.append(Found(name, m.end("name") - len(name), m.end("name")))
    return found


def find_project_name(text: str, labelled: bool = True) -> Found | None:
    """A project report's project: its 项目名称 label (`labelled`), or the first
    `YYYY年…补助资金` the text names."""
    for pattern in (_PROJECT_LABEL,) if labelled else (_FUND_NAME,):
        m = pattern.search(text, 0, _HEAD_CHARS)
        if m:
            name = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", m.group("name")).strip()
            if len(name) >= 2:
                return Found(name, m.end("name") - len(name), m.end("name"))
    return None
