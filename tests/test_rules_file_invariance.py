"""One form, every real file shape: the rules backend reads from the file what it reads from the text.

Each form of `layout_forms` is written by each shape of `file_forms` (a workbook with merged cells,
a Word table split at a page break, a ruled PDF over two pages, a government web page…), read back
with `read_document` and extracted (`extract_document`, rules backend). It must give exactly the
form's indicators (as `test_rules_layout_invariance` checks them), every name, target and actual
pointing at the document text that holds it, and the same report fields, budget and self-score as
the same grid saved as tab-separated text (`file_forms.reference_text`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.models import ReportExtraction
from pipeline.ingest import read_document
from pipeline.process import extract_document
from tests.file_forms import SHAPES, reference_text, sheet_of
from tests.known_failures import expect_no_problems
from tests.layout_forms import FORMS, Form
from tests.test_rules_layout_invariance import _as_read, _evidence_problems


def _extract_text(text: str) -> ReportExtraction:
    document = Document("form.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    return extract_document(document, Config())


def _summary(result: ReportExtraction) -> dict[str, object]:
    """What must not depend on the file shape: report fields, budgets, self-scores."""
    report = result.report
    return {
        "report": (report.title, report.report_kind, report.fiscal_year, report.agency),
        "projects": [(p.budget.model_dump(), p.self_score) for p in result.projects],
    }


def problems(form: Form, shape_name: str, folder: Path) -> list[str]:
    """What the rules backend reads differently from `form` written as `shape_name` (empty: same)."""
    shape = SHAPES[shape_name]
    path = folder / f"{form.key}-{shape_name}{shape.suffix}"
    path.write_bytes(shape.write(form))
    document = read_document(path)
    result = extract_document(document, Config())
    indicators = [i for p in result.projects for i in p.indicators]
    read = [_as_read(i) for i in indicators]
    out = [f"missed {e}" for e in form.expected if e not in read]
    out += [f"extra {r}" for r in read if r not in form.expected]
    out += [p for i in indicators for p in _evidence_problems(document.text, i)]
    reference = _summary(_extract_text(reference_text(sheet_of(form, official=shape.official))))
    found = _summary(result)
    out += [
        f"{key}: {found[key]} != {reference[key]} (text)" for key in reference if found[key] != reference[key]
    ]
    return out


# Shapes the rules backend cannot read yet, and why (the report's table lists them too).
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CASES = [(f.key, s) for f in FORMS for s in SHAPES]


@pytest.mark.parametrize(("form_key", "shape"), CASES, ids=[f"{f}-{s}" for f, s in CASES])
def test_every_file_shape_reads_the_same_as_the_text(form_key: str, shape: str, tmp_path: Path) -> None:
    form = next(f for f in FORMS if f.key == form_key)
    expect_no_problems(problems(form, shape, tmp_path), KNOWN_FAILURES, (form_key, shape))


def matrix(folder: Path) -> str:
    """The pass/fail table (form × shape), for reports: `python -m tests.test_rules_file_invariance`."""
    names = list(SHAPES)
    lines = ["| form | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for form in FORMS:
        marks = []
        for name in names:
            found = problems(form, name, folder)
            marks.append("pass" if not found else f"FAIL {len(found)}")
        lines.append(f"| {form.key} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(matrix(Path(folder)))
        if "-v" in sys.argv:
            for form in FORMS:
                for name in SHAPES:
                    for problem in problems(form, name, Path(folder)):
                        print(f"{form.key}-{name}: {problem}")
