"""The fake Files + Batches API through the real openai client (`BatchApi`): states, counts,
output and error files, per-line faults, cancel, and the lookups a restart uses."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from pipeline.core.config import Config
from pipeline.core.errors import LLMFatalError
from pipeline.llm.provider_batch import BatchApi, read_results, request_line
from pipeline_testing.fake_server import FakeLLMServer, running_fake_server

BODY = {
    "model": "fake-model",
    "messages": [{"role": "user", "content": "x"}],
    "response_format": {"type": "json_object"},
}


@pytest.fixture
def fake() -> Iterator[tuple[FakeLLMServer, BatchApi]]:
    with running_fake_server("echo") as server:
        yield (
            server,
            BatchApi(Config(llm_base_url=server.base_url, llm_model="fake-model", llm_api_key="sk-x")),
        )


def _submit(api: BatchApi, lines: int) -> str:
    data = b"".join(request_line(f"r-c{i:04d}", BODY) for i in range(lines))
    return api.create(api.upload("t-part-0001.jsonl", data), {"part": "t-part-0001.jsonl"})


def test_a_batch_goes_validating_in_progress_completed_with_per_line_faults(
    fake: tuple[FakeLLMServer, BatchApi],
) -> None:
    server, api = fake
    server.batches.line_faults = {1: "error", 2: "schema"}
    batch_id = _submit(api, 3)
    assert [api.retrieve(batch_id)["status"] for _ in range(3)] == ["in_progress", "completed", "completed"]
    batch = api.retrieve(batch_id)
    assert batch["request_counts"] == {"total": 3, "completed": 2, "failed": 1}
    assert (batch["created_at"] + 24 * 3600, batch["metadata"]) == (
        batch["expires_at"],
        {"part": "t-part-0001.jsonl"},
    )
    output = list(read_results(api.content(batch["output_file_id"])))
    errors = list(read_results(api.content(batch["error_file_id"])))
    assert [(r.custom_id, r.error) for r in output] == [("r-c0000", None), ("r-c0002", None)]
    content = [r.completion["choices"][0]["message"]["content"] for r in output if r.completion]
    assert [json.loads(c) for c in content] == [{"indicators": []}, {"indicators": "none", "extra": 1}]
    assert [(r.custom_id, r.error) for r in errors] == [("r-c0001", "server_error: fake line failure")]
    assert server.requests_served == 0  # batch lines are not online requests


@pytest.mark.parametrize("outcome", ["expired", "cancelled"])
def test_an_expired_or_cancelled_batch_answers_the_first_half(
    outcome: str, fake: tuple[FakeLLMServer, BatchApi]
) -> None:
    server, api = fake
    batch_id = _submit(api, 5)
    if outcome == "expired":
        server.batches.outcome = "expired"
        api.retrieve(batch_id)
    else:
        api.cancel(batch_id)
        assert api.retrieve(batch_id)["status"] == "cancelled"
    batch = api.retrieve(batch_id)
    assert (batch["status"], batch["request_counts"]) == (outcome, {"total": 5, "completed": 2, "failed": 3})
    errors = [r.error for r in read_results(api.content(batch["error_file_id"]))]
    assert errors == [f"batch_{outcome}: the batch was {outcome}"] * 3


def test_a_failed_batch_has_no_output(fake: tuple[FakeLLMServer, BatchApi]) -> None:
    server, api = fake
    server.batches.outcome = "failed"
    batch_id = _submit(api, 2)
    api.retrieve(batch_id)
    batch = api.retrieve(batch_id)
    assert (batch["status"], batch["output_file_id"], batch["error_file_id"]) == ("failed", None, None)


def test_uploads_and_batches_are_found_by_name_and_input_file(fake: tuple[FakeLLMServer, BatchApi]) -> None:
    _, api = fake
    batch_id = _submit(api, 1)
    assert api.find_file("t-part-0001.jsonl") == "file-0001"
    assert api.find_file("t-part-0002.jsonl") is None
    assert api.find_batch("file-0001") == batch_id
    assert api.find_batch("file-0099") is None


def test_a_refusal_is_one_fatal_message_naming_what_was_asked(fake: tuple[FakeLLMServer, BatchApi]) -> None:
    _, api = fake
    with pytest.raises(LLMFatalError) as missing:
        api.retrieve("batch_9999")
    assert str(missing.value).endswith(
        ": retrieve batch_9999: HTTP 404 (no such object 'batch_9999'): no Batch API here?"
    )
