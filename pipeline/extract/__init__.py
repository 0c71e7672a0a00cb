"""Extraction backends. `rules` is the embedded default (no model, no network); `llm` sends
routed chunks to an OpenAI-compatible endpoint. Both return a `ReportExtraction`."""
