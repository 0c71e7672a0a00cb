"""The LLM layer: the only package that imports `openai` / `instructor`.

One small interface (`LLMClient.complete(request) -> ChunkOutcome`); the instructor+openai client is
one implementation, test doubles are others. See `types.py`.
"""
