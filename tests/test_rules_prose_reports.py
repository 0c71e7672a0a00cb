"""Whole reports written in prose, every way they are published: the rules backend reads them as
a careful reader does.

Each `prose_forms.PROSE_REPORTS` report (a project's self-evaluation, a department's overall
report with its budget in 元, a department's final accounts, a school fund's report, a province's
fund in 亿元, …) is printed by each `REPORT_RENDERINGS` rendering (paragraphs; a document site's
page flattened to one paragraph; a portal page with its metadata; a PDF's text layer wrapped at
the page width, in characters or in half-widths). The whole pipeline
(`extract_document`, rules backend) must read the report fields, the project's budget — nothing
from last year's budget, the department's total, funds received, money left over or the 三公 part
— and exactly the indicators whose target and result the report states for the year, each with
evidence that holds its values; a report that states none says so (`no_indicators`).
"""

from __future__ import annotations

import pytest

from pipeline.core.config import Config
from pipeline.core.models import Indicator, ReportExtraction
from pipeline.process import extract_document
from tests.known_failures import expect_no_problems
from tests.prose_forms import PROSE_REPORTS, REPORT_RENDERINGS, ProseReport, Read, pass_table
from tests.test_rules_layout_invariance import _document, _evidence_problems


def _as_read(indicator: Indicator) -> Read:
    t = indicator.target
    return Read(
        indicator.level1, indicator.level2, indicator.name, t.op, t.value, t.unit, indicator.actual.value
    )


def _close(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) <= 1e-6 * max(abs(a), abs(b)))


def _field_problems(report: ProseReport, result: ReportExtraction) -> list[str]:
    got = result.report
    wanted = {
        "title": report.title,
        "agency": report.agency,
        "fiscal_year": report.fiscal_year,
        "report_kind": report.kind,
    }
    out = [f"{k} {getattr(got, k)!r} != {v!r}" for k, v in wanted.items() if getattr(got, k) != v]
    budget = result.projects[0].budget if result.projects else None
    names = ("initial", "adjusted", "spent", "execution_rate")
    for name, value in zip(names, report.budget, strict=True):
        read = getattr(budget, name) if budget else None
        if not _close(read, value):
            out.append(f"budget.{name} {read!r} != {value!r}")
    return out


def problems(key: str, rendering: str) -> list[str]:
    """What the rules backend reads differently from the report printed by `rendering` (empty: same)."""
    report = next(r for r in PROSE_REPORTS if r.key == key)
    text = REPORT_RENDERINGS[rendering](report)
    result = extract_document(_document(text), Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read(i) for i in indicators]
    out = _field_problems(report, result)
    out += [f"missed {e}" for e in report.indicators if e not in read]
    out += [f"extra {r}" for r in read if r not in report.indicators]
    out += [p for i in indicators for p in _evidence_problems(text, i)]
    flags = [f.kind for f in result.flags if f.path == "projects"]
    # (trust's coverage check may add `indicators_missed` where a summary quotes level words)
    if not report.indicators and "no_indicators" not in flags:
        out.append(f"flags {flags} lack no_indicators")
    return out


# Reports the rules backend cannot read right yet in some rendering, and why (none at present).
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CASES = [(r.key, n) for r in PROSE_REPORTS for n in REPORT_RENDERINGS]


@pytest.mark.parametrize(("key", "rendering"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_every_prose_report_reads_as_a_careful_reader_reads_it(key: str, rendering: str) -> None:
    expect_no_problems(problems(key, rendering), KNOWN_FAILURES, (key, rendering))


def matrix() -> str:
    """The pass/fail table (report × rendering): `python -m tests.test_rules_prose_reports`."""
    return pass_table("report", [r.key for r in PROSE_REPORTS], list(REPORT_RENDERINGS), problems)


if __name__ == "__main__":
    import sys

    for report in PROSE_REPORTS:
        for name in REPORT_RENDERINGS:
            for problem in problems(report.key, name) if "-v" in sys.argv else ():
                print(report.key, name, problem)
    print(matrix())
