"""pipeline: structured extraction of budgets and performance indicators from 绩效自评报告.

Data flows one way: ingest → normalize → chunk → extract (rules | llm) → merge →
ground/validate/confidence → export/review. `pipeline.core` holds the records and
errors every stage shares; import-linter (see pyproject.toml) keeps the direction.
"""

from pipeline.core import regex_cache as _regex_cache

__version__ = "0.1.0"

# Before any stage compiles its patterns: they are taken from the kept opcodes (start-up).
_regex_cache.preload()
