"""Where a record's fields are searched: its evidence widened, its name, or the whole document."""

from __future__ import annotations

import pytest

from pipeline.core.document import Span
from pipeline.core.models import Evidence, Indicator, Project, ReportInfo
from pipeline.trust.fields import INDICATOR_FIELDS, PROJECT_FIELDS, REPORT_FIELDS, RecordRef
from pipeline.trust.ground import Grounder, Place
from pipeline.trust.places import Neighbourhood, claimed_span, neighbourhood, place_for

TEXT = "x" * 1000 + "培训班次≥10个" + "y" * 1000


def test_the_neighbourhood_is_the_evidence_widened_without_the_levels() -> None:
    indicator = Indicator(
        name="培训班次",
        evidence=(
            Evidence(field="level1", start=10, end=14),
            Evidence(field="name", start=1000, end=1004),
            Evidence(field="target", start=1004, end=1008),
        ),
    )
    ref = RecordRef("projects[0].indicators[0]", indicator, INDICATOR_FIELDS)
    assert neighbourhood(ref, Grounder(TEXT)) == Neighbourhood(Span(800, 1208), 1000, False)


def test_an_indicator_without_evidence_is_anchored_on_its_name() -> None:
    ref = RecordRef("projects[0].indicators[0]", Indicator(name="培训班次"), INDICATOR_FIELDS)
    assert neighbourhood(ref, Grounder(TEXT)) == Neighbourhood(Span(800, 1204), 1000, False)


def test_no_anchor_and_the_report_mean_the_whole_document() -> None:
    grounder = Grounder(TEXT)
    lost = RecordRef("projects[0].indicators[0]", Indicator(name="不存在"), INDICATOR_FIELDS)
    assert neighbourhood(lost, grounder) == Neighbourhood(Span(0, 2008), 0, True)
    report = RecordRef(
        "report", ReportInfo(evidence=(Evidence(field="title", start=5, end=9),)), REPORT_FIELDS
    )
    assert neighbourhood(report, grounder) == Neighbourhood(Span(0, 2008), 0, True)


def test_labels_are_searched_everywhere_and_claims_come_first() -> None:
    grounder = Grounder(TEXT)
    project = Project(name="p", evidence=(Evidence(field="budget.spent", start=1004, end=1006),))
    ref = RecordRef("projects[0]", project, PROJECT_FIELDS)
    around = neighbourhood(ref, grounder)
    name, spent = PROJECT_FIELDS[0], PROJECT_FIELDS[4]
    assert place_for(ref, name, around, grounder) == Place(None, Span(0, 2008), 1004)
    assert place_for(ref, spent, around, grounder) == Place(Span(1004, 1006), Span(804, 1206), 1004)
    assert claimed_span(project.evidence, "budget.adjusted") is None


def test_the_claims_are_each_fields_first_span_and_a_backwards_span_near_the_row_is_refused() -> None:
    grounder = Grounder(TEXT)
    evidence = (
        Evidence(field="level1", start=14, end=10),  # far: not read for the scope
        Evidence(field="target", start=1004, end=1008),
        Evidence(field="target", start=1500, end=1510),
        Evidence(field="name", start=1000, end=1004),
    )
    ref = RecordRef("projects[0].indicators[0]", Indicator.model_construct(name="x", evidence=evidence), ())
    around = neighbourhood(ref, grounder)
    assert around == Neighbourhood(Span(800, 1710), 1000, False)
    assert around.claims == {"target": Span(1004, 1008), "name": Span(1000, 1004)}
    backwards = (*evidence, Evidence(field="weight", start=9, end=5))
    row = RecordRef("projects[0].indicators[0]", Indicator.model_construct(name="x", evidence=backwards), ())
    with pytest.raises(ValueError, match=r"bad span \[9, 5\)"):
        neighbourhood(row, grounder)
