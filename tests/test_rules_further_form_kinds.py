"""Further kinds of form of the same population, every linearisation: the rules backend reads the
same indicators, budget and report fields from each.

`layout_forms.FURTHER_KIND_FORMS` are forms written as new text in the shape of real reports that
the other harnesses do not hold: a department form whose indicators sit under the year's main
tasks (a 年度主要任务 column merged down each task's rows, before the levels), targets in words of
every sort (逐步提高, 有效改善, ≥上年, 不低于上年水平, 持续巩固) answered in words or figures, and a
project form whose funds block by source is in 元 with the unit printed once on a line above it
(`单位：元`). Each is printed by every `layout_forms.RENDERINGS` rendering and read as
`test_rules_layout_invariance` reads its forms (same comparison, same evidence check).
"""

from __future__ import annotations

import pytest

from tests.known_failures import expect_no_problems
from tests.layout_forms import FURTHER_KIND_FORMS, RENDERINGS
from tests.prose_forms import pass_table
from tests.test_rules_layout_invariance import form_problems, problems

# Renderings the rules backend cannot read yet, and why.
_WORD_PAIR_OF_KINDS = (
    "fused: a word target before a word actual of another kind (`持续巩固基本建立`: a trend, then a "
    "state reached) is no pair the reader cuts: that row is not read"
)
_FUSED_SOURCES = (
    "fused: the funds rows by source run their figures together (`其中：财政拨款386000386000375260.5———`); "
    "with no rate and a blank cell in the carry-over row no sum proves the cuts: the project's "
    "figures are read (in 元 ÷ 10,000), its lines by source are not"
)
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    **{("word_targets", r): _WORD_PAIR_OF_KINDS for r in ("fused", "fused_weight_first")},
}
KNOWN_FORM_FAILURES: dict[tuple[str, str], str] = {
    ("yuan_funds", r): _FUSED_SOURCES for r in ("fused", "fused_weight_first")
}

# A results list is written from the level columns it finds first; a form whose task column
# stands before the levels is no list of the same indicators.
NOT_THE_SAME_FORM = {("task_column", "list")}
CASES = [(f.key, r) for f in FURTHER_KIND_FORMS for r in RENDERINGS if (f.key, r) not in NOT_THE_SAME_FORM]
FORM_CASES = [(f.key, r) for f in FURTHER_KIND_FORMS if f.budget or f.info for r in RENDERINGS]


@pytest.mark.parametrize(("form_key", "rendering"), CASES, ids=[f"{f}-{r}" for f, r in CASES])
def test_every_rendering_of_a_further_kind_reads_the_same_indicators(form_key: str, rendering: str) -> None:
    form = next(f for f in FURTHER_KIND_FORMS if f.key == form_key)
    expect_no_problems(problems(form, rendering), KNOWN_FAILURES, (form_key, rendering))


@pytest.mark.parametrize(("form_key", "rendering"), FORM_CASES, ids=[f"{f}-{r}" for f, r in FORM_CASES])
def test_every_rendering_of_a_further_kind_reads_the_same_budget_and_report_fields(
    form_key: str, rendering: str
) -> None:
    form = next(f for f in FURTHER_KIND_FORMS if f.key == form_key)
    expect_no_problems(form_problems(form, rendering), KNOWN_FORM_FAILURES, (form_key, rendering))


def all_problems(form_key: str, rendering: str) -> list[str]:
    """What the rules backend reads differently from the kind printed by `rendering`: indicators,
    then budget and report fields (a pair that is no same form is marked `n/a`)."""
    if (form_key, rendering) in NOT_THE_SAME_FORM:
        return ["n/a"]
    form = next(f for f in FURTHER_KIND_FORMS if f.key == form_key)
    return problems(form, rendering) + form_problems(form, rendering)


def matrix() -> str:
    """The pass/fail table (kind × rendering): `python -m tests.test_rules_further_form_kinds`."""
    return pass_table("form", [f.key for f in FURTHER_KIND_FORMS], list(RENDERINGS), all_problems)


if __name__ == "__main__":
    import sys

    print(matrix())
    if "-v" in sys.argv:
        for form in FURTHER_KIND_FORMS:
            for name in RENDERINGS:
                for problem in all_problems(form.key, name):
                    print(f"{form.key}-{name}: {problem}")
