"""The confidence formula, term by term, with the reasons it gives."""

from __future__ import annotations

from pipeline.trust.confidence import (
    FieldScore,
    Prior,
    agreed_prior,
    given_prior,
    record_prior,
    score_field,
)
from pipeline.trust.ground import Grounded, GroundStatus


def test_priors_by_backend_and_layout() -> None:
    assert record_prior("rules", "table", 0.9) == Prior(0.9)
    assert record_prior("rules", "prose", 0.4) == Prior(0.4, "prose reading, prior 0.40")
    assert record_prior("llm", "llm", 0.4) == Prior(0.85)  # the LLM's own 0.4 is about grounding, redone here
    assert record_prior("llm", "prose", 0.4) == Prior(0.85)
    assert record_prior("rules", None, None) == Prior(0.9)
    assert record_prior("llm", None, None) == Prior(0.85)
    assert given_prior(0.985) == Prior(0.985)
    assert given_prior(0.4) == Prior(0.4, "backend prior 0.40")


def test_agreement_of_two_readers() -> None:
    assert agreed_prior(0.9, 0.85) == 0.985
    assert agreed_prior(0.4, 0.85) == 0.91


def test_exact_grounding_keeps_the_prior_and_gives_no_reason() -> None:
    assert score_field(Prior(0.9), Grounded(GroundStatus.EXACT), []) == FieldScore(0.9)


def test_normalised_and_near_grounding_lower_the_prior() -> None:
    normalised = Grounded(GroundStatus.NORMALISED, note="written as '１０'")
    assert score_field(Prior(0.9), normalised, []) == FieldScore(0.81, ("normalised: written as '１０'",))
    near = Grounded(GroundStatus.NEAR_NAME, note="only the number; its unit differs")
    assert score_field(Prior(0.9), near, []) == FieldScore(
        0.63, ("near_name: only the number; its unit differs",)
    )


def test_an_ungrounded_value_is_capped_low() -> None:
    ungrounded = Grounded(GroundStatus.UNGROUNDED, note="not found near the record")
    assert score_field(Prior(1.0), ungrounded, []) == FieldScore(
        0.2, ("ungrounded: not found near the record",)
    )


def test_findings_cap_and_informational_kinds_only_explain() -> None:
    findings = [("unmet_without_reason", "target not met"), ("something_else", "noted")]
    expected = FieldScore(0.6, ("unmet_without_reason: target not met", "something_else: noted"))
    assert score_field(Prior(0.9), Grounded(GroundStatus.EXACT), findings) == expected
    disagree = score_field(Prior(0.985), None, [("backends_disagree", "rules 10, LLM 12")])
    assert disagree == FieldScore(0.5, ("backends_disagree: rules 10, LLM 12",))


def test_the_worked_example_of_the_docstring() -> None:
    prior = record_prior("rules", "prose", 0.4)
    normalised = Grounded(GroundStatus.NORMALISED, note="written as '不低于90%'")
    assert score_field(prior, normalised, []) == FieldScore(
        0.36, ("prose reading, prior 0.40", "normalised: written as '不低于90%'")
    )
