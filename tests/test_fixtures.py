"""The hand-labelled gold fixtures validate against the output contract and match their reports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.core.schema import validation_errors

EVALS = Path(__file__).resolve().parents[1] / "evals"
FIXTURES = sorted((EVALS / "fixtures").glob("*.json"))


def test_every_sample_report_has_a_fixture() -> None:
    assert [f.stem for f in FIXTURES] == [r.stem for r in sorted((EVALS / "reports").glob("*.txt"))]


@pytest.mark.parametrize("path", FIXTURES, ids=[f.stem[:3] for f in FIXTURES])
def test_fixture_validates_and_names_its_report(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert validation_errors(gold) == []
    report = EVALS.parent / gold["source"]["path"]
    assert hashlib.sha256(report.read_bytes()).hexdigest() == gold["source"]["sha256"]
    assert all(ind["name"] for p in gold["projects"] for ind in p["indicators"])
