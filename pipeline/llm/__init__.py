"""The LLM layer: the only package that imports `openai`.

One small interface (`LLMClient.complete(request) -> ChunkOutcome`); the openai client with the
provider presets (client.py, providers.py, wire.py) is one implementation, test doubles are others.
See `types.py`.
"""
