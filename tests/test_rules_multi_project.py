"""Reports printing several projects' forms: each project read with its own indicators, budget
and self-score, every linearisation.

A department often files the self-evaluation forms of all its projects as one document: the
forms one after another (`bare`: each with its title and its 项目名称 row, nothing between them),
or each under a numbered heading of the report (`headed`: `一、…项目`, its form below). Two forms
of `layout_forms` are printed by the same rendering and joined so; the rules backend must read
two projects, named as each form's 项目名称 cell names it (judgement call 42), each holding
exactly its form's indicators, its own funds block's budget and its 总分.
"""

from __future__ import annotations

import pytest

from pipeline.core.config import Config
from pipeline.core.models import ReportExtraction
from pipeline.process import extract_document
from tests.known_failures import expect_no_problems
from tests.layout_forms import KIND_FORMS, OFFICIAL_FORMS, RENDERINGS, Form
from tests.prose_forms import pass_table
from tests.test_rules_layout_invariance import _as_read, _document, _evidence_problems

# Two project forms with a 项目名称 row, a funds block and a 总分 row each.
PAIR = (
    next(f for f in KIND_FORMS if f.key == "fund_sources"),
    next(f for f in OFFICIAL_FORMS if f.key == "scored_20_80"),
)


def _project_name(form: Form) -> str:
    return next(row[1] for row in form.before if row[0] == "项目名称")


def join_bare(texts: list[str], forms: tuple[Form, ...]) -> str:
    """The forms one after another, nothing between them but a line break."""
    return "\n".join(texts)


def join_headed(texts: list[str], forms: tuple[Form, ...]) -> str:
    """Each form under a numbered heading naming its project in the report's words (`…项目`)."""
    return "".join(
        f"{'一二三'[i]}、{_project_name(f)}项目\n{t}\n"
        for i, (f, t) in enumerate(zip(forms, texts, strict=True))
    )


JOINS = {"bare": join_bare, "headed": join_headed}
COLUMNS = [f"{j}/{r}" for j in JOINS for r in RENDERINGS]


def _read(column: str) -> tuple[str, ReportExtraction]:
    join, rendering = column.split("/")
    text = JOINS[join]([RENDERINGS[rendering](f) for f in PAIR], PAIR)
    return text, extract_document(_document(text), Config())


def problems(column: str) -> list[str]:
    """What the rules backend reads differently from the two forms joined and printed as `column`
    (`join/rendering`) says (empty: same)."""
    text, result = _read(column)
    names = [p.name for p in result.projects]
    wanted = [_project_name(f) for f in PAIR]
    if names != wanted:
        return [f"projects {names} are not {wanted}"]
    out = []
    for form, project in zip(PAIR, result.projects, strict=True):
        read = [_as_read(i) for i in project.indicators]
        out += [f"{project.name}: missed {e}" for e in form.expected if e not in read]
        out += [f"{project.name}: extra {r}" for r in read if r not in form.expected]
        out += [p for i in project.indicators for p in _evidence_problems(text, i)]
        b, want = project.budget, form.budget
        assert want is not None
        figures = (b.initial, b.adjusted, b.spent, b.execution_rate)
        if figures != want.project or project.self_score != want.self_score:
            out.append(f"{project.name}: budget {figures} score {project.self_score} are not {want}")
    return out


KNOWN_FAILURES: dict[str, str] = {}


@pytest.mark.parametrize("column", COLUMNS)
def test_each_project_of_a_multi_form_report_reads_as_its_own_form(column: str) -> None:
    expect_no_problems(problems(column), KNOWN_FAILURES, column)


def matrix() -> str:
    """The pass/fail table (join × rendering): `python -m tests.test_rules_multi_project`."""
    return pass_table("join", list(JOINS), list(RENDERINGS), lambda j, r: problems(f"{j}/{r}"))


if __name__ == "__main__":
    print(matrix())
