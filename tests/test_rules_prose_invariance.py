"""Indicator results in prose, every common wording: the rules backend reads the same indicators.

Each form of `prose_forms` is worded by each rendering, with sections of narrative numbers
(problems, next year's plans, meetings, money) after the results; the whole pipeline
(`extract_document`, rules backend) must read exactly the form's results — levels, name, target
raw/op/value/unit, actual raw/value/unit — with evidence pointing at the text each was read
from, and nothing from the narrative. Prose that states no result yields no indicator and the
`no_indicators` flag.
"""

from __future__ import annotations

import pytest

from pipeline.core.config import Config
from pipeline.process import extract_document
from tests.known_failures import expect_no_problems
from tests.prose_forms import (
    NOT_INDICATORS,
    PROSE_FORMS,
    RENDERINGS,
    RESULT_RENDERINGS,
    expected,
    expected_results,
    pass_table,
)
from tests.test_rules_layout_invariance import _as_read, _document, _evidence_problems


def problems(form_key: str, rendering: str) -> list[str]:
    """What the rules backend reads differently from the form worded by `rendering` (empty: same)."""
    form = next(f for f in PROSE_FORMS if f.key == form_key)
    results_only = rendering in RESULT_RENDERINGS
    text = (RESULT_RENDERINGS if results_only else RENDERINGS)[rendering](form)
    result = extract_document(_document(text), Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read(i) for i in indicators]
    wanted = expected_results(form, rendering) if results_only else expected(form, rendering)
    out = [f"missed {e}" for e in wanted if e not in read]
    out += [f"extra {r}" for r in read if r not in wanted]
    out += [p for i in indicators for p in _evidence_problems(text, i)]
    return out


# Wordings the rules backend cannot read yet, and why.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CASES = [(f.key, r) for f in PROSE_FORMS for r in (*RENDERINGS, *RESULT_RENDERINGS)]


@pytest.mark.parametrize(("form_key", "rendering"), CASES, ids=[f"{f}-{r}" for f, r in CASES])
def test_every_wording_reads_the_same_results(form_key: str, rendering: str) -> None:
    expect_no_problems(problems(form_key, rendering), KNOWN_FAILURES, (form_key, rendering))


@pytest.mark.parametrize("key", list(NOT_INDICATORS))
def test_prose_without_results_yields_no_indicator(key: str) -> None:
    result = extract_document(_document(NOT_INDICATORS[key]), Config())
    assert [i.name for p in result.projects for i in p.indicators] == []
    assert [f.kind for f in result.flags if f.path == "projects"] == ["no_indicators"]


def test_a_result_stated_before_its_target_points_at_each_value() -> None:
    text = "二、绩效目标完成情况\n（一）产出指标\n"
    text += "1.数量指标：新建村级文化活动室18个，目标值≥15个，完成率120%。"
    result = extract_document(_document(text), Config())
    [indicator] = [i for p in result.projects for i in p.indicators]
    spans = {e.field: (e.start, e.end) for e in indicator.evidence}
    name_at = text.index("新建村级文化活动室")
    assert (indicator.level1, indicator.level2, indicator.name) == (
        "产出指标",
        "数量指标",
        "新建村级文化活动室",
    )
    assert spans["name"] == (name_at, name_at + 9)
    assert spans["actual"] == (name_at + 9, name_at + 12)
    assert spans["target"] == (text.index("≥15个"), text.index("≥15个") + 4)


def matrix() -> str:
    """The pass/fail table (form × wording), for reports: `python -m tests.test_rules_prose_invariance`."""
    return pass_table("form", [f.key for f in PROSE_FORMS], [*RENDERINGS, *RESULT_RENDERINGS], problems)


if __name__ == "__main__":
    print(matrix())
