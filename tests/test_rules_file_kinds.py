"""The kinds of form of `layout_forms.KIND_FORMS`, every real file shape: the rules backend reads
from the file what it reads from the text (as `test_rules_file_invariance` checks the first forms:
indicators, evidence, report fields, budgets and self-scores)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.file_forms import SHAPES
from tests.known_failures import expect_no_problems
from tests.layout_forms import KIND_FORMS
from tests.test_rules_file_invariance import problems

# Shapes the rules backend cannot read yet, and why.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CASES = [(f.key, s) for f in KIND_FORMS for s in SHAPES]


@pytest.mark.parametrize(("form_key", "shape"), CASES, ids=[f"{f}-{s}" for f, s in CASES])
def test_every_file_shape_of_a_kind_reads_the_same_as_the_text(
    form_key: str, shape: str, tmp_path: Path
) -> None:
    form = next(f for f in KIND_FORMS if f.key == form_key)
    expect_no_problems(problems(form, shape, tmp_path), KNOWN_FAILURES, (form_key, shape))
