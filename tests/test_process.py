"""extract_document's output check: what `apply_trust` built was validated by the models; the
rest of the document goes through the compiled schema; an invalid output fails as it always has,
with jsonschema's messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import process
from pipeline.core.config import resolve_config
from pipeline.core.errors import SchemaError
from pipeline.core.models import ReportExtraction, Usage
from pipeline.core.schema import validation_errors
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import read_document
from pipeline.trust import apply_trust

REPO = Path(__file__).resolve().parents[1]
REPORTS = sorted((REPO / "evals" / "reports").glob("*.txt"))
CONFIG = resolve_config({"backend": "rules"}, env={})


def test_every_sample_output_passes_both_the_check_and_the_whole_schema() -> None:
    assert REPORTS
    for path in REPORTS:
        result = process.extract_file(path, CONFIG)
        process.validate_output(result, path.name)
        assert validation_errors(result.to_json_dict()) == [], path.name


def _first_indicator(result: ReportExtraction, **update: object) -> ReportExtraction:
    project = next(p for p in result.projects if p.indicators)
    p = result.projects.index(project)
    indicator = project.indicators[0].model_copy(update=update)  # unvalidated, as a buggy backend
    project = project.model_copy(update={"indicators": (indicator, *project.indicators[1:])})
    return result.model_copy(update={"projects": (*result.projects[:p], project, *result.projects[p + 1 :])})


# A backend's record that breaks the contract, and jsonschema's message for it.
BREAKS: dict[str, tuple[Callable[[ReportExtraction], ReportExtraction], str]] = {
    "wrong enum": (
        lambda r: _first_indicator(r, source_kind="表格"),
        "projects/0/indicators/0/source_kind: '表格' is not one of "
        "['table', 'list', 'inline', 'scored', 'prose', 'llm', None]",
    ),
    "empty name": (
        lambda r: _first_indicator(r, name=""),
        "projects/0/indicators/0/name: '' should be non-empty",
    ),
    "text for a number": (
        lambda r: _first_indicator(r, weight="10"),
        "projects/0/indicators/0/weight: '10' is not of type 'number', 'null'",
    ),
    "report field of the wrong type": (
        lambda r: r.model_copy(update={"report": r.report.model_copy(update={"fiscal_year": "2024"})}),
        "report/fiscal_year: '2024' is not of type 'integer', 'null'",
    ),
    "negative usage (not built by trust)": (
        lambda r: r.model_copy(update={"usage": Usage().model_copy(update={"requests": -1})}),
        "usage/requests: -1 is less than the minimum of 0",
    ),
}


# pydantic warns that it dumps a value of the wrong type: the document the schema then rejects.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_an_output_that_breaks_the_schema_fails_with_jsonschemas_message(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    breaks, message = BREAKS[kind]
    rules = process.extract_rules
    monkeypatch.setattr(process, "extract_rules", lambda *args: breaks(rules(*args)))
    path = REPORTS[0]
    with pytest.raises(SchemaError) as raised:
        process.extract_file(path, CONFIG)
    assert str(raised.value) == f"{path}: output breaks report.schema.json: {message}"


def test_a_confidence_out_of_range_from_a_backend_is_replaced_not_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = process.extract_rules
    monkeypatch.setattr(
        process,
        "extract_rules",
        lambda *args: _first_indicator(rules(*args), confidence=1.5, field_confidence={"name": 2.0}),
    )
    result = process.extract_file(REPORTS[0], CONFIG)
    indicator = next(p for p in result.projects if p.indicators).indicators[0]
    assert 0 <= indicator.confidence <= 1
    assert all(0 <= value <= 1 for value in indicator.field_confidence.values())
    assert validation_errors(result.to_json_dict()) == []


def _with_sha(result: ReportExtraction, sha256: str) -> ReportExtraction:
    return result.model_copy(update={"source": result.source.model_copy(update={"sha256": sha256})})


# pydantic warns that it dumps a value of the wrong type: the document the schema then rejects.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_one_report_in_sixteen_by_its_hash_is_checked_whole_records_included() -> None:
    """A record that skipped its model's validation (as a drift between models and schema would
    let through) passes the rest's check, and is caught where the report is checked whole."""
    broken = _first_indicator(process.extract_file(REPORTS[0], CONFIG), weight="10")
    assert process.WHOLE_CHECK_EVERY == 16
    process.validate_output(_with_sha(broken, "01" + "0" * 62), "r.txt")  # 1 % 16: the rest only
    with pytest.raises(SchemaError) as raised:
        process.validate_output(_with_sha(broken, "a0" + "0" * 62), "r.txt")  # 160 % 16 == 0
    assert str(raised.value) == (
        "r.txt: output breaks report.schema.json: "
        "projects/0/indicators/0/weight: '10' is not of type 'number', 'null'"
    )
    with pytest.raises(SchemaError):
        process.validate_output(_with_sha(broken, "not a hash"), "r.txt")  # no hash: checked whole


def test_the_rules_flow_gives_what_extract_then_trust_give() -> None:
    """The rules backend's flow lets each stage's objects go as the next has read them
    (`_trusted_rules`): the same result, byte for byte, as `apply_trust` over `extract_rules`."""
    for path in REPORTS:
        doc = read_document(path)
        norm, layout = process._prepared(doc)
        expected = apply_trust(extract_rules(doc, norm, layout), doc, CONFIG, norm)
        got = process.extract_document(doc, CONFIG)
        assert got.model_dump_json(indent=2) == expected.model_dump_json(indent=2), path.name
