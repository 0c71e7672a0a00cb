"""The OpenAI Files + Batches API, faked on the fake server (`FakeLLMServer.batches`).

Routes (what the `openai` client calls, with the provider's documented shapes):

- `POST /v1/files` (multipart: `purpose`, `file`) → a file object; `GET /v1/files[?purpose=]`
  lists them, `GET /v1/files/{id}` and `GET /v1/files/{id}/content` return one.
- `POST /v1/batches` (`input_file_id`, `endpoint`, `completion_window`, `metadata`) → a batch in
  `validating`; `GET /v1/batches/{id}`, `GET /v1/batches` (newest first),
  `POST /v1/batches/{id}/cancel` (→ `cancelling`, then `cancelled`).

A batch moves one state per retrieve: `validating` → `in_progress` → its end state (`outcome`:
`completed`, `expired` or `failed`). Lines are answered when the batch ends, by the same
`FakeLLMServer.completion` as an online request (oracle, provider refusals, usage), so a batch
answer and an online answer of one body are the same. `line_faults` (line number, counted from 0
over every line the server ever answered → kind) makes single lines fail: `error` puts the line
in the error file (`server_error`), any fault kind of the online fake (`schema`, `malformed`,
`truncate`, `invented`) answers it with that bad body. `content_delay` holds every file download
back that many seconds (a test kills the client meanwhile). An `expired` or cancelled batch answers
only the first half of its lines; the rest go to the error file (`batch_expired` /
`batch_cancelled`), as OpenAI does. Online requests are not counted here: `requests_served` of the
server stays the number of `/chat/completions` requests.

Worked example: 3 lines, `line_faults={1: "error"}` → output file with lines 0 and 2, error file
with line 1, `request_counts` `{"total": 3, "completed": 2, "failed": 1}`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answerer = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]
"""(line kind, request body) → (HTTP status, response body): `FakeLLMServer.completion`."""

END_STATES = ("completed", "expired", "failed")
WINDOW_SECONDS = 24 * 3600


@dataclass
class FakeBatches:
    """The files and batches the fake holds; tests set `outcome` and `line_faults`."""

    answer: Answerer
    outcome: str = "completed"
    line_faults: dict[int, str] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines_answered: int = 0
    content_delay: float = 0.0  # seconds before a file's content is sent (a kill during download)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def batches_created(self) -> int:
        return len(self.batches)

    def handle(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, bytes, str]:
        """(status, body, content type) for one request under /v1/files or /v1/batches."""
        url = urlsplit(path)
        parts = [p for p in url.path.split("/") if p][1:]  # drop "v1"
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.endswith("/content"):
            time.sleep(self.content_delay)
        with self._lock:
            try:
                if parts[0] == "files":
                    return self._files(method, parts[1:], query, headers, body)
                return self._batches(method, parts[1:], query, body)
            except KeyError as missing:
                return _json(404, {"error": {"message": f"no such object {missing}", "type": "not_found"}})

    def _files(
        self, method: str, rest: list[str], query: dict[str, str], headers: Any, body: bytes
    ) -> tuple[int, bytes, str]:
        if method == "POST" and not rest:
            purpose, filename, data = _multipart(headers, body)
            file_id = f"file-{len(self.files) + 1:04d}"
            self.files[file_id] = {
                "id": file_id,
                "object": "file",
                "bytes": len(data),
                "created_at": int(time.time()),
                "filename": filename,
                "purpose": purpose,
                "status": "processed",
            }
            self.contents[file_id] = data
            return _json(200, self.files[file_id])
        if method == "GET" and not rest:
            found = [f for f in self.files.values() if query.get("purpose") in (None, f["purpose"])]
            return _json(200, {"object": "list", "data": found[::-1], "has_more": False})
        if method == "GET" and len(rest) == 2 and rest[1] == "content":
            return 200, self.contents[rest[0]], "application/octet-stream"
        return _json(200, self.files[rest[0]])

    def _batches(
        self, method: str, rest: list[str], query: dict[str, str], body: bytes
    ) -> tuple[int, bytes, str]:
        if method == "POST" and not rest:
            return _json(200, self._create(json.loads(body or b"{}")))
        if method == "GET" and not rest:
            listed = list(self.batches.values())[::-1][: int(query.get("limit", "20"))]
            return _json(200, {"object": "list", "data": listed, "has_more": False})
        batch = self.batches[rest[0]]
        if method == "POST" and rest[1:] == ["cancel"]:
            if batch["status"] in ("validating", "in_progress"):
                batch["status"] = "cancelling"
            return _json(200, batch)
        self._advance(batch)
        return _json(200, batch)

    def _create(self, request: dict[str, Any]) -> dict[str, Any]:
        file_id = request["input_file_id"]
        if file_id not in self.files:
            raise KeyError(file_id)
        batch_id = f"batch_{len(self.batches) + 1:04d}"
        now = int(time.time())
        total = len(self.contents[file_id].splitlines())
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request["endpoint"],
            "errors": None,
            "input_file_id": file_id,
            "completion_window": request["completion_window"],
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": now,
            "expires_at": now + WINDOW_SECONDS,
            "request_counts": {"total": total, "completed": 0, "failed": 0},
            "metadata": request.get("metadata"),
        }
        return self.batches[batch_id]

    def _advance(self, batch: dict[str, Any]) -> None:
        """One state further: validating → in_progress → end state; cancelling → cancelled."""
        status = batch["status"]
        if status == "validating":
            batch["status"] = "in_progress"
        elif status == "in_progress":
            self._finish(batch, self.outcome)
        elif status == "cancelling":
            self._finish(batch, "cancelled")

    def _finish(self, batch: dict[str, Any], end: str) -> None:
        batch["status"] = end
        if end == "failed":
            batch["errors"] = {
                "object": "list",
                "data": [{"code": "invalid_file", "message": "fake failure"}],
            }
            return
        lines = [json.loads(line) for line in self.contents[batch["input_file_id"]].splitlines()]
        answered = lines if end == "completed" else lines[: len(lines) // 2]
        output: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for line in answered:
            kind = self.line_faults.get(self.lines_answered, "ok")
            self.lines_answered += 1
            target = output
            if kind == "error":
                record = _line(line, None, {"code": "server_error", "message": "fake line failure"})
                target = errors
            else:
                status, body = self.answer(kind, line["body"])
                record = _line(line, {"status_code": status, "request_id": "req-fake", "body": body}, None)
                target = output if status == 200 else errors
            target.append(record)
        for line in lines[len(answered) :]:
            errors.append(_line(line, None, {"code": f"batch_{end}", "message": f"the batch was {end}"}))
        batch["output_file_id"] = self._store(batch["id"], "output", output)
        batch["error_file_id"] = self._store(batch["id"], "error", errors)
        failed = len(errors)
        batch["request_counts"] = {"total": len(lines), "completed": len(lines) - failed, "failed": failed}
        batch[f"{end}_at"] = int(time.time())

    def _store(self, batch_id: str, what: str, records: list[dict[str, Any]]) -> str | None:
        if not records:
            return None
        file_id = f"file-{len(self.files) + 1:04d}"
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        self.files[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": f"{batch_id}_{what}.jsonl",
            "purpose": "batch_output",
            "status": "processed",
        }
        self.contents[file_id] = data
        return file_id


def _line(
    line: dict[str, Any], response: dict[str, Any] | None, error: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "id": f"batch_req_{line['custom_id']}",
        "custom_id": line["custom_id"],
        "response": response,
        "error": error,
    }


def _json(status: int, data: dict[str, Any]) -> tuple[int, bytes, str]:
    return status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"


def _multipart(headers: Any, body: bytes) -> tuple[str, str, bytes]:
    """(purpose, filename, bytes) of a multipart/form-data upload."""
    head = f"Content-Type: {headers.get('Content-Type')}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    purpose, filename, data = "", "upload.jsonl", b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if name == "purpose":
            purpose = payload.decode("utf-8")
        elif name == "file":
            filename = str(part.get_filename() or filename)
            data = payload
    return purpose, filename, data
