"""Trust: make every value point back to where it was read, and put doubt in front of a person.

ground.py      find each value in Document.text: exact, normalised, near the name, ungrounded
checks.py      domain checks (execution rate, weights, scores, unmet targets, years …) → flags
confidence.py  the one confidence formula per field
apply.py       `apply_trust(result, doc, config)`: all of the above, for any backend;
               `trust_made(make, …)`: the same, each record let go once trusted (rules)
hybrid.py      `--backend hybrid`: rules + LLM merged field by field (merge.py)
calibration.py compare confidences with the gold fixtures (`pipeline calibrate`)
"""

from pipeline.trust.apply import apply_trust, trust_made

__all__ = ["apply_trust", "trust_made"]
