"""Field-by-field merge of a rules and an LLM reading: agreement, single readings, disagreement."""

from __future__ import annotations

from pipeline.core.models import Actual, Evidence, Flag, Indicator, Target
from pipeline.trust.confidence import Prior
from pipeline.trust.fields import INDICATOR_FIELDS, FieldSpec, RecordRef
from pipeline.trust.ground import Grounder
from pipeline.trust.merge import MergedFields, Reading, merge_fields, same_value

TEXT = "培训班次\t≥10个\t12期\t偏差：无"
TARGET_10 = Target(raw="≥10个", op=">=", value=10, unit="个")


def test_same_value_follows_the_eval() -> None:
    target, amount, text = (
        FieldSpec("target", "quantity"),
        FieldSpec("spent", "amount"),
        FieldSpec("name", "text"),
    )
    assert same_value(target, TARGET_10, Target(raw="不低于10个", op=">=", value=10.0, unit="个"))
    assert not same_value(target, TARGET_10, Target(raw="≥10", op=">=", value=10, unit=None))
    assert not same_value(target, TARGET_10, Target(raw=">10个", op=">", value=10, unit="个"))
    assert same_value(target, Target(raw="健全", op="qualitative"), Target(raw="健 全", op="qualitative"))
    assert same_value(
        FieldSpec("actual", "quantity"), Actual(raw="12期", value=12, unit="期"), Actual(value=12, unit="期")
    )
    assert same_value(amount, 1.102986, 1.103)  # budget figures within 0.5 %
    assert not same_value(FieldSpec("weight", "number"), 10, 10.1)
    assert same_value(text, "“培训班次”", "培训班次")


def reading(indicator: Indicator, backend: str, prior: float) -> Reading:
    return Reading(RecordRef("projects[0].indicators[0]", indicator, INDICATOR_FIELDS), backend, Prior(prior))


def test_agreement_raises_the_prior_and_single_readings_keep_their_own() -> None:
    rules = Indicator(
        name="培训班次",
        target=TARGET_10,
        evidence=(Evidence(field="name", start=0, end=4), Evidence(field="target", start=5, end=9)),
    )
    llm = Indicator(
        name="培训班次",
        target=TARGET_10,
        actual=Actual(raw="12期", value=12, unit="期"),
        evidence=(Evidence(field="actual", start=10, end=13),),
    )
    merged = merge_fields(
        reading(rules, "rules", 0.9), reading(llm, "llm", 0.85), "projects[0].indicators[0]", Grounder(TEXT)
    )
    assert merged == MergedFields(
        values={
            "name": "培训班次",
            "level1": None,
            "level2": None,
            "target": TARGET_10,
            "actual": Actual(raw="12期", value=12, unit="期"),
            "weight": None,
            "score": None,
            "deviation_reason": None,
        },
        evidence=(
            Evidence(field="name", start=0, end=4),
            Evidence(field="target", start=5, end=9),
            Evidence(field="actual", start=10, end=13),
        ),
        priors={"name": 0.985, "target": 0.985, "actual": 0.85},
        flags=(),
    )


def test_a_disagreement_keeps_the_better_grounded_value_and_is_flagged() -> None:
    rules = Indicator(name="培训班次", actual=Actual(raw="13期", value=13, unit="期"))
    llm = Indicator(name="培训班次", actual=Actual(raw="12期", value=12, unit="期"))
    merged = merge_fields(
        reading(rules, "rules", 0.9), reading(llm, "llm", 0.85), "projects[1].indicators[4]", Grounder(TEXT)
    )
    assert merged.values["actual"] == Actual(raw="12期", value=12, unit="期")
    assert merged.priors["actual"] == 0.85
    assert merged.flags == (
        Flag(
            kind="backends_disagree",
            message="actual: rules read '13期' (ungrounded), the LLM read '12期' (exact); "
            "kept the LLM reading",
            path="projects[1].indicators[4].actual",
        ),
    )


def test_a_tie_keeps_the_rules_reading() -> None:
    rules = Indicator(name="培训班次", weight=5)
    llm = Indicator(name="培训班次", weight=6)
    merged = merge_fields(reading(rules, "rules", 0.9), reading(llm, "llm", 0.85), "x", Grounder(TEXT))
    assert merged.values["weight"] == 5
    assert [flag.message for flag in merged.flags] == [
        "weight: rules read '5' (ungrounded), the LLM read '6' (ungrounded); kept the rules reading"
    ]
