"""result_json: the result file's text record by record, and the schema check in windows of records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core import result_json
from pipeline.core.config import resolve_config
from pipeline.core.errors import SchemaError
from pipeline.core.models import (
    Actual,
    BudgetLine,
    Evidence,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReviewItem,
    Source,
    Target,
)
from pipeline.core.paths import json_safe
from pipeline.core.result_json import result_pieces, schema_windows, validate_result

REPORTS = Path(__file__).resolve().parent.parent / "evals" / "reports"


def indicator(name: str, start: int = 10) -> Indicator:
    return Indicator(
        level1="产出指标",
        level2="数量指标",
        name=name,
        target=Target(raw="≥95%", op=">=", value=95.0, unit="%"),
        actual=Actual(raw="0.00001", value=0.00001),
        evidence=(Evidence(field="name", start=start, end=start + 4, grounding="exact"),),
        confidence=0.9,
        field_confidence={"name": 0.95, "target": 0.8},
    )


def report(path: str = "in/年报.txt") -> ReportExtraction:
    return ReportExtraction(
        source=Source(path=path, sha256="s", format="txt"),
        projects=(
            Project(
                name="甲",
                indicators=(indicator("培训人次"), indicator("覆盖率", 40), indicator("满意度", 70)),
            ),
            Project(name="乙"),
        ),
        budget_lines=(BudgetLine(name="合计", spent=12.5),),
        flags=(Flag(kind="weights_not_100", message="分值合计 90", path="projects[0]"),),
        review=(ReviewItem(path="projects[0].indicators[1].target", confidence=0.4, reasons=("近似",)),),
        extractor=ExtractorInfo(backend="rules", version="t"),
    )


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every result streamed record by record (a report up to `WINDOW` records is one piece)."""
    monkeypatch.setattr(result_json, "WINDOW", 0)


def test_a_result_up_to_the_window_is_one_piece() -> None:
    result = report()
    assert list(result_pieces(result)) == [result.model_dump_json(indent=2)]


@pytest.mark.usefixtures("streamed")
def test_the_pieces_join_to_the_compiled_serialisers_text() -> None:
    result = report()
    assert "".join(result_pieces(result)) == result.model_dump_json(indent=2)


@pytest.mark.usefixtures("streamed")
def test_each_indicator_is_one_piece_indented_to_its_depth() -> None:
    result = report()
    pieces = list(result_pieces(result))
    written = [piece for piece in pieces if '"level1"' in piece]
    indicators = result.projects[0].indicators
    expected = [i.model_dump_json(indent=2).replace("\n", "\n        ") for i in indicators]
    assert written == expected
    assert pieces[pieces.index(written[0]) - 1] == "\n        "
    assert pieces[pieces.index(written[1]) - 1] == ",\n        "


@pytest.mark.usefixtures("streamed")
def test_a_result_without_records_is_one_piece() -> None:
    result = report().model_copy(update={"projects": (), "budget_lines": (), "flags": (), "review": ()})
    assert list(result_pieces(result)) == [result.model_dump_json(indent=2)]


@pytest.mark.usefixtures("streamed")
def test_a_lone_surrogate_falls_back_to_json_dumps_for_that_piece() -> None:
    result = report("in/\udcff年报.txt")
    text = json_safe("".join(result_pieces(result)))
    assert '"path": "in/\\udcff年报.txt"' in text
    assert json.loads(text) == result.to_json_dict()
    assert '"raw": "0.00001",\n            "value": 0.00001' in text  # records keep the compiled spelling


@pytest.mark.usefixtures("streamed")
def test_every_sample_report_is_written_as_its_whole_dump() -> None:
    paths = sorted(REPORTS.glob("*.txt"))
    if not paths:
        pytest.skip("no sample reports")
    from pipeline.process import extract_file

    config = resolve_config({"backend": "rules"})
    for path in paths:
        result = extract_file(path, config)
        assert "".join(result_pieces(result)) == result.model_dump_json(indent=2), path.name


def test_a_small_result_is_one_window_equal_to_its_json_dict() -> None:
    result = report()
    assert list(schema_windows(result, 8)) == [result.to_json_dict()]


def test_windows_hold_every_record_once_and_repeat_the_project_skeleton() -> None:
    result = report()
    windows = list(schema_windows(result, 2))
    whole = result.to_json_dict()
    names = [[(p["name"], [i["name"] for i in p["indicators"]]) for p in w["projects"]] for w in windows]
    assert names == [
        [("甲", ["培训人次"])],
        [("甲", ["覆盖率", "满意度"])],
        [("乙", [])],
        [],
    ]
    assert [len(w["budget_lines"]) + len(w["flags"]) + len(w["review"]) for w in windows] == [0, 0, 1, 2]
    assert all(w["source"] == whole["source"] and w["usage"] == whole["usage"] for w in windows)


def test_an_invalid_record_in_a_late_window_is_reported_with_its_whole_report_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = report()
    broken = result.projects[0].indicators[2].model_copy(update={"confidence": 1.5})
    first = result.projects[0].model_copy(update={"indicators": (*result.projects[0].indicators[:2], broken)})
    result = result.model_copy(update={"projects": (first, result.projects[1])})
    monkeypatch.setattr(result_json, "WINDOW", 1)
    validate_result(report())
    with pytest.raises(SchemaError, match=r"projects/0/indicators/2/confidence: 1\.5 is greater than"):
        validate_result(result, "in/年报.txt")
