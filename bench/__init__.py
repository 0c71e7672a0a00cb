"""`make bench`: speed, cost and scale of the pipeline, each figure a ratio measured in one run.

Timings on a shared machine are noisy, so every headline figure compares two things measured
side by side in the same run: wall time against the ideal the hardware or the API allows, one
process against all cores, routed chunks against sending the whole report. The modules follow
the sections of `bench/results.md`:

- `rules_throughput` — the rules backend through the ingest batch runner, 1 worker vs all cores;
- `llm_latency` — the LLM path against the fake server with latency, at several concurrencies,
  and the pipeline's own cost per request at zero latency;
- `cost` — characters and tokens sent with routing against one whole-report request, and the
  indicator F1 of both under the oracle server;
- `cached` — a re-run answered entirely from the LLM cache;
- `memory` — peak RSS of `pipeline ingest` at two corpus sizes;
- `goals` — the issue's targets and how far each is; `report` — the markdown; `runner` runs the
  sections in order and derives the findings.

Helpers: `corpus` (copies of the sample reports), `fake_llm` (the fake server in its own process,
so its CPU time is not charged to the pipeline).
"""
