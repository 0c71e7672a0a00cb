"""pipeline: structured extraction of budgets and performance indicators from 绩效自评报告.

Data flows one way: ingest → normalize → chunk → extract (rules | llm) → merge →
ground/validate/confidence → export/review. `pipeline.core` holds the records and
errors every stage shares; import-linter (see pyproject.toml) keeps the direction.
"""

__version__ = "0.1.0"
