"""Test doubles that the wheel does not ship: the fake OpenAI-compatible server and its oracle.

Used by the tests, `pipeline eval --llm fake` (run from a checkout: `python -m pipeline.cli eval`,
which `make eval` does) and `make bench`. It reads `evals/fixtures` beside it, so it only makes
sense in the repository.
"""
