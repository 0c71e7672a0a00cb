"""Derived fields after a review correction: an indicator's `met` is judged again.

`met` is derived from the target and the actual, so when a reviewer edits or rejects either, the
value the extractor judged no longer holds. It is judged again by the one judge the extractors use
(`pipeline.extract.met.judge_met`), so a corrected indicator reads exactly as a freshly extracted
one would:

    target ≥95 %, actual edited 98 % → 93 %   met True → False
    target rejected (all leaves null)          met → None (nothing to judge against)

This module is the one place export reaches into extraction; if the layers forbid that import,
point it at wherever `judge_met` lives (the field's shared vocabulary).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from pipeline.core.models import Actual, Target
from pipeline.extract.met import judge_met


def recompute_met(indicator: dict[str, Any]) -> None:
    """Set `indicator["met"]` from its (corrected) target and actual; None when they do not parse."""
    try:
        target = Target.model_validate(indicator.get("target") or {})
        actual = Actual.model_validate(indicator.get("actual") or {})
    except ValidationError:
        indicator["met"] = None
        return
    indicator["met"] = judge_met(target, actual)
