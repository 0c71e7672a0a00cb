"""Provider batch against online: the samples through `ingest --llm-batch` and through an online
ingest, each against a fresh oracle server and a fresh cache; prints what each sent and scored.

    python -m bench.provider_batch            # the five samples of evals/reports

Goal (issue 16): the same results as online (indicator F1 >= 0.98 against the gold fixtures,
micro-averaged as `pipeline eval` does) with 0 online requests when every batch answer validates.
The fake's batch lines are answered by the same oracle as its online requests, so any difference
would come from the batch path itself (request bodies, validation, cache keys, assembly).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.batch import ingest
from pipeline.batch.llm_batch import run_llm_batch
from pipeline.core.config import Config
from pipeline.evaluate.cases import load_fixture
from pipeline.evaluate.counts import Counts
from pipeline.evaluate.scorer import score_report
from pipeline.export.summary import report_cost
from pipeline_testing.fake_server import running_fake_server

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "evals" / "reports"
FIXTURES = ROOT / "evals" / "fixtures"
MAX_POLLS = 10
EXAMPLE_PRICE = {"input": 0.28, "cached_input": 0.028, "output": 0.42}  # per million tokens, batch 0.5


def _config(base_url: str, cache: Path) -> Config:
    return Config(
        backend="llm",
        llm_base_url=base_url,
        llm_model="fake-model",
        llm_api_key="sk-bench",
        cache_dir=str(cache),
    )


def _scored(run: Path) -> tuple[float, dict[str, int]]:
    """Indicator F1 over the run's reports (micro-averaged) and their summed usage."""
    counts, usage = Counts(), dict[str, int]()
    for path in sorted((run / "reports").glob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(result["source"]["path"]).stem
        counts += score_report(load_fixture(FIXTURES / f"{stem}.json"), result).indicators
        for key, value in result["usage"].items():
            usage[key] = usage.get(key, 0) + value
    return counts.f1, usage


def compare(samples: Path, work: Path) -> dict[str, Any]:
    with running_fake_server("oracle") as server:
        ingest([samples], work / "online", _config(server.base_url, work / "online-cache"))
        online_requests = server.requests_served
    with running_fake_server("oracle") as server:
        config = _config(server.base_url, work / "batch-cache")
        outcome = run_llm_batch([samples], work / "batch", config)
        polls = 1
        while outcome.ingest is None and polls < MAX_POLLS:
            outcome = run_llm_batch(None, work / "batch", config)
            polls += 1
        batch_online, batches = server.requests_served, server.batches.batches_created
    online_f1, online_usage = _scored(work / "online")
    batch_f1, batch_usage = _scored(work / "batch")
    same = (work / "online" / "indicators.csv").read_bytes() == (
        work / "batch" / "indicators.csv"
    ).read_bytes()
    return {
        "online": {"requests": online_requests, "f1": round(online_f1, 4), "usage": online_usage},
        "batch": {
            "online_requests": batch_online,
            "batches": batches,
            "invocations": polls,
            "lines": outcome.round.parts[0].requests if outcome.round.parts else 0,
            "f1": round(batch_f1, 4),
            "usage": batch_usage,
        },
        "indicators_csv_identical": same,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        result = compare(SAMPLES, Path(work))
    online, batch = result["online"], result["batch"]
    print(f"online: {online['requests']} requests, indicator F1 {online['f1']:.4f}")
    print(
        f"batch:  {batch['lines']} lines in {batch['batches']} batch(es), {batch['online_requests']} online "
        f"requests, {batch['invocations']} invocations, indicator F1 {batch['f1']:.4f}"
    )
    for name, usage in (("online", online["usage"]), ("batch", batch["usage"])):
        shown = ", ".join(f"{k} {v}" for k, v in usage.items() if k not in ("chars_sent", "chars_total"))
        print(f"usage {name}: {shown}")
    online_cost, batch_cost = (report_cost(r["usage"], EXAMPLE_PRICE) for r in (online, batch))
    print(f"cost at {EXAMPLE_PRICE} per M tokens: online {online_cost:.5f}, batch {batch_cost:.5f}")
    print(f"indicators.csv identical: {result['indicators_csv_identical']}")
    ok = batch["f1"] >= 0.98 and batch["online_requests"] == 0 and result["indicators_csv_identical"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
