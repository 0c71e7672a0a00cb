"""Walking a result's trusted records and reading their fields."""

from __future__ import annotations

from pipeline.core.models import (
    Actual,
    Budget,
    BudgetLine,
    ExtractorInfo,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Target,
)
from pipeline.trust.fields import display_value, is_present, records, value_at


def test_records_are_walked_with_their_paths() -> None:
    result = ReportExtraction(
        source=Source(path="r.txt", sha256="0", format="txt"),
        projects=(
            Project(name="a", indicators=(Indicator(name="x"), Indicator(name="y"))),
            Project(name="b"),
        ),
        budget_lines=(BudgetLine(name="合计"),),
        extractor=ExtractorInfo(backend="rules", version="0"),
    )
    paths = [ref.path for ref in records(result)]
    assert paths == [
        "report",
        "projects[0]",
        "projects[0].indicators[0]",
        "projects[0].indicators[1]",
        "projects[1]",
        "budget_lines[0]",
    ]
    assert [ref.field_path("name") for ref in records(result)][2] == "projects[0].indicators[0].name"


def test_present_fields_and_values() -> None:
    project = Project(name="p", budget=Budget(spent=1.5))
    assert value_at(project, "budget.spent") == 1.5
    indicator = Indicator(name="x", target=Target(raw=" "), actual=Actual(value=3), deviation_reason="")
    assert [is_present(value_at(indicator, k)) for k in ("target", "actual", "deviation_reason", "name")] == [
        False,
        True,
        False,
        True,
    ]


def test_display_value() -> None:
    assert display_value(Target(raw="≥10个", op=">=", value=10, unit="个")) == "≥10个"
    assert display_value(Target(op=">=", value=10.0, unit="个")) == ">=10个"
    assert display_value(Actual(value=98.5, unit="%")) == "98.5%"
    assert display_value(2.0) == "2"
    assert display_value(None) == ""
