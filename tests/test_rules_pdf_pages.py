"""Reports printed over several pages: read as a careful reader reads them, page breaks unseen.

Every prose report of `prose_forms` and every form of `layout_forms` inside a short report is set
on pages by `pdf_pages.typeset` — small pages, so that page breaks fall inside paragraphs and
inside the indicator table — with each kind of running head and foot (`FURNITURE`). Read back
(`read_document`) and extracted (rules backend):

- a prose report's text is the report as its unit wrote it, one line per paragraph, the title one
  line: no page number, no running head, no paragraph cut at a page end;
- it gives the report fields, the budget and exactly the indicators, each pointing at text that
  holds its values (`test_rules_prose_reports`);
- a form's report gives exactly the form's indicators with their evidence, and the report fields,
  budget and self-score the same report gives as text (its paragraphs as lines, its table as
  tab-separated rows).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.ingest import read_document
from pipeline.process import extract_document
from tests.file_forms import Sheet, _wrapped_body, sheet_of
from tests.known_failures import expect_no_problems
from tests.layout_forms import FORMS, Form
from tests.pdf_pages import Block, Furniture, Paragraph, Table, Title, typeset
from tests.prose_forms import PROSE_REPORTS, ProseReport, pass_table
from tests.test_rules_file_invariance import _summary
from tests.test_rules_layout_invariance import _as_read as _as_read_form
from tests.test_rules_layout_invariance import _evidence_problems
from tests.test_rules_prose_reports import _as_read, _field_problems

# Each kind of running head and foot, on pages of a different length (body lines a page holds:
# few, so that every report here runs over two pages or more, its breaks in different places).
FURNITURE = {
    "head_dashes": (Furniture("某县项目支出绩效自评报告", "dashes"), 7),
    "head_of_total": (Furniture("某县项目支出绩效自评报告", "of_total"), 8),
    "bare_number": (Furniture(None, "bare"), 9),
}

# A report's paragraphs around its indicator table: long enough that the table starts low on a
# page and runs over to the next, and free of money figures (the form states the budget).
INTRO = (
    "一、项目基本情况",
    "本项目由县主管部门统筹组织实施，实施单位按照年度绩效目标细化工作任务，明确责任分工和完成时限，"
    "定期调度项目进度，对照指标逐项开展自评，现将绩效自评情况报告如下。",
    "二、绩效指标完成情况",
)
OUTRO = (
    "三、存在的问题及改进措施",
    "个别指标因征地协调滞后未完全达到预期，实施单位已制定整改方案，将在下一年度继续推进，"
    "并加强项目日常监管和资金使用管理，确保项目按期发挥效益。",
)


def _prose_blocks(report: ProseReport) -> tuple[Block, ...]:
    return (Title(report.lines[0]), *map(Paragraph, report.lines[1:]))


def _sheet(form: Form, official: bool, cut: bool) -> Sheet:
    """The form's sheet; where a row is cut by the page break (`_tallest`), its long cells wrap
    in narrow columns (`file_forms._wrapped_body`), so that rows are tall enough to break."""
    sheet = sheet_of(form, official=official)
    return _wrapped_body(sheet, 6) if cut else sheet


def _tallest(sheet: Sheet) -> int:
    """The body row of the most lines (a page break cuts a tall row: a short one goes whole)."""
    body = range(sheet.header[-1] + 1, len(sheet.rows))
    return max(body, key=lambda r: max(len(cell.split("\n")) for cell in sheet.rows[r]))


def _form_blocks(form: Form, repeat_header: bool, official: bool, cut: bool = False) -> tuple[Block, ...]:
    sheet = _sheet(form, official, cut)
    return (
        *map(Title, form.title),
        *map(Paragraph, INTRO),
        Table(sheet, repeat_header, _tallest(sheet) if cut else None),
        *map(Paragraph, OUTRO),
    )


def _form_text(form: Form, official: bool, cut: bool) -> str:
    """The same report as text: its lines, the table's rows as tab-separated cells."""
    rows = ["\t".join(cell.replace("\n", "") for cell in row) for row in _sheet(form, official, cut).rows]
    return "\n".join((*form.title, *INTRO, *rows, *OUTRO))


def _read(
    blocks: tuple[Block, ...], furniture: str, folder: Path, name: str, page_lines: int = 0
) -> Document:
    """The blocks typeset under `furniture` (on pages of `page_lines` lines, else the furniture's
    own) and read back."""
    path = folder / f"{name}.pdf"
    kind, lines = FURNITURE[furniture]
    path.write_bytes(typeset(blocks, kind, page_lines or lines))
    return read_document(path)


def _text_document(text: str) -> Document:
    return Document("report.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)


def prose_problems(report: ProseReport, furniture: str, folder: Path) -> list[str]:
    """How the printed report reads differently from the report as written (empty: the same)."""
    document = _read(_prose_blocks(report), furniture, folder, f"{report.key}-{furniture}")
    written = "\n".join(report.lines)
    out = [] if document.text == written else ["text differs from the report as written"]
    result = extract_document(document, Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read(i) for i in indicators]
    out += _field_problems(report, result)
    out += [f"missed {e}" for e in report.indicators if e not in read]
    out += [f"extra {r}" for r in read if r not in report.indicators]
    out += [p for i in indicators for p in _evidence_problems(document.text, i)]
    return out


@dataclass(frozen=True)
class FormCase:
    """A form printed in a report over pages: bare or inside the official form, its header
    printed again on the next page or not, under one kind of running head and foot."""

    key: str
    official: bool
    repeat_header: bool
    furniture: str
    cut: bool = False  # the page break cuts a row in two (on long pages: the only break)

    @property
    def name(self) -> str:
        shape = ("official" if self.official else "bare") + ("-repeat" if self.repeat_header else "-once")
        return f"{self.key}-{shape}{'-cut-row' if self.cut else ''}-{self.furniture}"


def form_problems(case: FormCase, folder: Path) -> list[str]:
    """How the printed form's report reads differently from the same report as text."""
    form = next(f for f in FORMS if f.key == case.key)
    blocks = _form_blocks(form, case.repeat_header, case.official, case.cut)
    document = _read(blocks, case.furniture, folder, case.name, CUT_PAGE_LINES if case.cut else 0)
    result = extract_document(document, Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read_form(i) for i in indicators]
    out = [f"missed {e}" for e in form.expected if e not in read]
    out += [f"extra {r}" for r in read if r not in form.expected]
    out += [p for i in indicators for p in _evidence_problems(document.text, i)]
    reference = _summary(
        extract_document(_text_document(_form_text(form, case.official, case.cut)), Config())
    )
    found = _summary(result)
    out += [
        f"{key}: {found[key]} != {reference[key]} (text)" for key in reference if found[key] != reference[key]
    ]
    return out


NAMES = list(FURNITURE)
CUT_PAGE_LINES = 30  # a page long enough that the cut row is the table's only break
PROSE_CASES = [(r.key, f) for r in PROSE_REPORTS for f in NAMES]
PROSE_CASES_FULL = [(r, f) for r in PROSE_REPORTS for f in NAMES]
FORM_CASES = [
    FormCase(f.key, official, repeat, NAMES[(i + official) % len(NAMES)])
    for i, f in enumerate(FORMS)
    for official in (False, True)
    for repeat in (True, False)
]
FORM_CASES += [
    FormCase(f.key, False, repeat, NAMES[i % len(NAMES)], cut=True)
    for i, f in enumerate(FORMS)
    for repeat in (True, False)
]

# Cases the reader or the rules cannot read right yet, and why (none at present).
KNOWN_FAILURES: dict[tuple[str, ...], str] = {}


@pytest.mark.parametrize(("key", "furniture"), PROSE_CASES, ids=[f"{k}-{f}" for k, f in PROSE_CASES])
def test_a_prose_report_over_pages_reads_as_written(key: str, furniture: str, tmp_path: Path) -> None:
    report = next(r for r in PROSE_REPORTS if r.key == key)
    expect_no_problems(prose_problems(report, furniture, tmp_path), KNOWN_FAILURES, (key, furniture))


@pytest.mark.parametrize("case", FORM_CASES, ids=[c.name for c in FORM_CASES])
def test_a_form_over_pages_reads_as_its_text(case: FormCase, tmp_path: Path) -> None:
    expect_no_problems(form_problems(case, tmp_path), KNOWN_FAILURES, (case.name,))


def pass_tables(folder: Path) -> str:
    """Pass/fail per case, for reports: `python -m tests.test_rules_pdf_pages`."""
    reports = {r.key: r for r in PROSE_REPORTS}
    prose = pass_table(
        "report", list(reports), NAMES, lambda key, name: prose_problems(reports[key], name, folder)
    )
    forms = [f"| {case.name} | " + _mark(form_problems(case, folder)) + " |" for case in FORM_CASES]
    return "\n".join([prose, "", "| form case | read |", "|---|---|", *forms])


def _mark(problems: list[str]) -> str:
    return "pass" if not problems else f"FAIL {len(problems)}"


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(pass_tables(Path(folder)))
        if "-v" in sys.argv:
            cases = [
                (f"{r.key}-{n}", lambda r=r, n=n: prose_problems(r, n, Path(folder)))
                for r, n in PROSE_CASES_FULL
            ]
            cases += [(c.name, lambda c=c: form_problems(c, Path(folder))) for c in FORM_CASES]
            for name, found in cases:
                for problem in found():
                    print(f"{name}: {problem}")
