"""More wordings of indicator results in prose: the rules backend reads the same indicators.

`test_rules_prose_invariance` words each form of `prose_forms` the common ways; these are further
wordings of the same population's reports: a result sentence that closes on the reader's verdict
(`…完成率120%，达到年初目标`), the target and the result behind their labels split by semicolons
(`目标值：≥15个；实际完成值：18个；已完成年度目标`), and a sentence per indicator that states the
year's goal as 年度目标 and the result as 全年实际完成. Each is read as that harness reads its
wordings (same comparison, same evidence check, narrative sections after the results).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.core.config import Config
from pipeline.process import extract_document
from tests.known_failures import expect_no_problems
from tests.prose_forms import PROSE_FORMS, ProseForm, Result, _numbered_levels, _report, pass_table
from tests.test_rules_layout_invariance import _as_read, _document, _evidence_problems


def render_verdict(form: ProseForm) -> str:
    """`1.数量指标：新建村级文化活动室，年度目标值≥15个，实际完成值18个，完成率120%，达到年初目标。`"""

    def line(number: int, r: Result) -> str:
        return (
            f"{number}.{r.level2}：{r.name}，年度目标值{r.target_raw}，实际完成值{r.actual_raw}，"
            f"完成率{r.rate}，达到年初目标。"
        )

    return _report(form, _numbered_levels(form, line))


def render_semicolons(form: ProseForm) -> str:
    """`（1）新建村级文化活动室：目标值：≥15个；实际完成值：18个；已完成年度目标。` under 二级 lines."""
    level2 = ""

    def line(number: int, r: Result) -> str:
        nonlocal level2
        heading = "" if r.level2 == level2 else f"{r.level2}：\n"
        level2 = r.level2
        values = f"目标值：{r.target_raw}；实际完成值：{r.actual_raw}"
        return f"{heading}（{number}）{r.name}：{values}；已完成年度目标。"

    return _report(form, _numbered_levels(form, line))


def render_goal_and_year(form: ProseForm) -> str:
    """`1.数量指标：新建村级文化活动室年度目标≥15个，全年实际完成18个。`"""

    def line(number: int, r: Result) -> str:
        return f"{number}.{r.level2}：{r.name}年度目标{r.target_raw}，全年实际完成{r.actual_raw}。"

    return _report(form, _numbered_levels(form, line))


WORDINGS: dict[str, Callable[[ProseForm], str]] = {
    "verdict": render_verdict,
    "semicolons": render_semicolons,
    "goal_and_year": render_goal_and_year,
}


def problems(form_key: str, wording: str) -> list[str]:
    """What the rules backend reads differently from the form worded by `wording` (empty: same)."""
    form = next(f for f in PROSE_FORMS if f.key == form_key)
    text = WORDINGS[wording](form)
    result = extract_document(_document(text), Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read(i) for i in indicators]
    wanted = [r.expected((r.level1, r.level2)) for r in form.results]
    out = [f"missed {e}" for e in wanted if e not in read]
    out += [f"extra {r}" for r in read if r not in wanted]
    out += [p for i in indicators for p in _evidence_problems(text, i)]
    return out


# Wordings the rules backend cannot read yet, and why.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CASES = [(f.key, w) for f in PROSE_FORMS for w in WORDINGS]


@pytest.mark.parametrize(("form_key", "wording"), CASES, ids=[f"{f}-{w}" for f, w in CASES])
def test_every_further_wording_reads_the_same_results(form_key: str, wording: str) -> None:
    expect_no_problems(problems(form_key, wording), KNOWN_FAILURES, (form_key, wording))


def matrix() -> str:
    """The pass/fail table (form × wording): `python -m tests.test_rules_more_prose_wordings [-v]`."""
    return pass_table("form", [f.key for f in PROSE_FORMS], list(WORDINGS), problems)


if __name__ == "__main__":
    import sys

    print(matrix())
    if "-v" in sys.argv:
        for form in PROSE_FORMS:
            for wording in WORDINGS:
                for problem in problems(form.key, wording):
                    print(f"{form.key}-{wording}: {problem}")
