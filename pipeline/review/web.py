"""The web review (`pipeline review RUN_DIR --serve`) as a plain function of a request.

`ReviewApp.handle(Request) -> Response` does everything but sockets (`serve.py` does those), so
the tests drive it directly and a real browser drives it through the server.

Pages: `/` the queue (worst first, 50 a page, filters by report, reason, field and agency),
`/item/<id>` one item (value, why, the source around the evidence, the decision forms),
`/report/<id>` the whole report text with the item's evidence marked (`#span` scrolls to it).
POST `/decide` appends the decision to corrections.jsonl (the terminal review's format and file,
`decisions.py`) and moves on to the next undecided item; POST `/undo` cancels this session's last
decision with `undo` lines at the same paths.

Safety:
- every request carries the session token: the printed URL has `?token=…`, which becomes an
  HttpOnly, SameSite=Strict cookie; without it a request gets 403 (another user on the machine,
  or a page in the browser that guesses the port, cannot read or drive the review);
- every POST also carries the token as a form field (a cross-site form cannot know it), and a
  POST whose Origin is another site is refused;
- the Host header must be the address the server listens on (no DNS rebinding);
- templates auto-escape (`web_assets.py`) and the Content-Security-Policy allows only the
  server's own script, so report text never becomes markup or script.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from pydantic import TypeAdapter

from pipeline.core.errors import ReviewError
from pipeline.core.models import Actual, Target
from pipeline.export.load import source_paths_by_result
from pipeline.export.queue import ReviewField
from pipeline.review.decisions import correction_lines, parse_edit, record_decision
from pipeline.review.queue_db import Filters, QueueRow, ReviewQueue
from pipeline.review.sources import Context, SourceTexts, context
from pipeline.review.web_assets import CSS, SCRIPT, TEMPLATES

PAGE_SIZE = 50
COOKIE = "review_token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_DECISIONS = ("accept", "edit", "reject", "skip")
_STATIC = {
    "/static/review.css": ("text/css; charset=utf-8", CSS),
    "/static/review.js": ("text/javascript; charset=utf-8", SCRIPT),
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    host: str = ""
    origin: str | None = None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def read_edit(item: ReviewField, text: str) -> Any:
    """The reviewer's typed text as the field's new value, validated; ValueError with a message.

    The one place the web review parses an edit: `≥95%` → `{"raw": "≥95%", "op": ">=", "value": 95,
    "unit": "%"}`. A target or actual must also be a valid record of the contract.
    """
    value = parse_edit(item, text)
    if item.field in ("target", "actual"):
        model = Target if item.field == "target" else Actual
        try:
            TypeAdapter(model).validate_python(value)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid {item.field}: {exc}") from None
    return value


def _redirect(location: str, *headers: tuple[str, str]) -> Response:
    return Response(303, b"", headers=(("Location", location), *headers))


def _text(status: int, message: str) -> Response:
    return Response(status, message.encode("utf-8"), "text/plain; charset=utf-8")


@dataclass(frozen=True)
class _Undo:
    item_id: int
    lines: list[dict[str, Any]]


class ReviewApp:
    """One review session over one run (see the module docstring)."""

    def __init__(self, run_dir: Path, token: str, hosts: tuple[str, ...]) -> None:
        self.run_dir = run_dir
        self.token = token
        self.hosts = hosts
        self.queue = ReviewQueue(run_dir)
        self.sources = SourceTexts(keep=8, located=source_paths_by_result(run_dir))
        self.undo: list[_Undo] = []

    # -- entry point -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.host not in self.hosts:
            return _text(400, f"unexpected Host {request.host!r}; open the URL the server printed")
        if request.path in _STATIC:
            kind, body = _STATIC[request.path]
            return Response(200, body.encode("utf-8"), kind)
        if "token" in request.query and request.method == "GET":
            return self._login(request)
        if not _same(request.cookies.get(COOKIE, ""), self.token):
            return _text(403, "open the URL `pipeline review --serve` printed (it carries the session token)")
        if request.method == "POST":
            return self._post(request)
        if request.method == "GET":
            return self._get(request)
        return _text(405, "method not allowed")

    def _login(self, request: Request) -> Response:
        if not _same(request.query["token"], self.token):
            return _text(403, "wrong token")
        rest = {k: v for k, v in request.query.items() if k != "token"}
        cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
        return _redirect(request.path + ("?" + urlencode(rest) if rest else ""), ("Set-Cookie", cookie))

    def _get(self, request: Request) -> Response:
        self.queue.sync()
        filters = _filters(request.query)
        if request.path == "/":
            return self._queue_page(filters, _int(request.query.get("offset"), 0))
        for prefix, page in (("/item/", self._item_page), ("/report/", self._report_page)):
            if request.path.startswith(prefix):
                row = self.queue.item(_int(request.path[len(prefix) :], -1))
                if row is None:
                    return self._message(404, filters, "no such item (was the run exported again?)")
                return page(row, filters)
        return _text(404, "not found")

    def _post(self, request: Request) -> Response:
        if not _same(request.form.get("token", ""), self.token):
            return _text(403, "missing or wrong form token")
        if request.origin not in (None, "null") and request.origin.split("://", 1)[-1] not in self.hosts:
            return _text(403, "cross-site request refused")
        self.queue.sync()
        filters = _filters(_query_of(request.form.get("back", "")))
        if request.path == "/decide":
            return self._decide(request.form, filters)
        if request.path == "/undo":
            return self._undo(filters)
        return _text(404, "not found")

    # -- pages -------------------------------------------------------------------------------

    def _render(self, status: int, name: str, filters: Filters, **values: Any) -> Response:
        body = TEMPLATES.get_template(name).render(
            run=self.run_dir.name or str(self.run_dir),
            run_dir=str(self.run_dir),
            progress=self.queue.progress(filters),
            filters=filters,
            filter_query=urlencode(filters.query()),
            choices=self.queue.choices(),
            token=self.token,
            undo=self._undo_label(),
            **values,
        )
        return Response(status, body.encode("utf-8"), headers=(("Content-Security-Policy", CSP),))

    def _undo_label(self) -> str:
        if not self.undo:
            return ""
        last = self.undo[-1].lines[0]
        return f"{last['decision']} {last['report']} {last['path']}"

    def _message(self, status: int, filters: Filters, message: str) -> Response:
        return self._render(status, "message.html", filters, message=message)

    def _queue_page(self, filters: Filters, offset: int) -> Response:
        offset = max(0, offset)
        rows = self.queue.page(filters, offset, PAGE_SIZE + 1)

        def page_query(at: int) -> str:
            return urlencode({**filters.query(), "offset": max(0, at)})

        return self._render(
            200, "queue.html", filters, rows=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE,
            offset=offset, limit=PAGE_SIZE, page_query=page_query,
        )  # fmt: skip

    def _around(self, row: QueueRow) -> tuple[Context | None, str]:
        text = self.sources.text(
            row.field.report, {"source": {"path": row.source_path, "sha256": row.sha256}}
        )
        problem = self.sources.problems.get(row.field.report, "")
        if text is None:
            return None, problem
        if row.field.evidence is None:
            return None, "the value was not found in the text" if not row.report_level else ""
        return context(text, row.field.evidence), ""

    def _item_page(
        self, row: QueueRow, filters: Filters, status: int = 200, error: str = "", typed: str = "",
        notice: str = "",
    ) -> Response:  # fmt: skip
        around, problem = self._around(row)
        return self._render(
            status, "item.html", filters, row=row, context=around, problem=problem,
            prev=self.queue.neighbour(row, filters, -1), next=self.queue.neighbour(row, filters, 1),
            can_edit=not row.whole_record, can_reject=not row.report_level and row.field.field != "name",
            error=error, typed=typed or ("" if row.whole_record else row.field.display), notice=notice,
        )  # fmt: skip

    def _report_page(self, row: QueueRow, filters: Filters) -> Response:
        text = self.sources.text(
            row.field.report, {"source": {"path": row.source_path, "sha256": row.sha256}}
        )
        whole = None
        if text is not None:
            start, end = row.field.evidence or (len(text), len(text))
            whole = {"before": text[:start], "match": text[start:end] if row.field.evidence else None,
                     "after": text[end:]}  # fmt: skip
        problem = self.sources.problems.get(row.field.report, "")
        return self._render(200, "report.html", filters, row=row, text=whole, problem=problem)

    # -- decisions ---------------------------------------------------------------------------

    def _decide(self, form: dict[str, str], filters: Filters) -> Response:
        row = self.queue.item(_int(form.get("id"), -1))
        if row is None or row.field.path != form.get("path"):
            return self._message(
                409, filters, "this item changed (the run was exported again); reload the queue"
            )
        decision = form.get("decision", "")
        allowed = {"accept", "skip"} | (set() if row.whole_record else {"edit"})
        if not row.report_level and row.field.field != "name":
            allowed.add("reject")
        if decision not in _DECISIONS or decision not in allowed:
            return self._item_page(row, filters, 400, f"{decision!r} is not possible for this item")
        typed = form.get("value", "")
        try:
            new = read_edit(row.field, typed) if decision == "edit" else None
            lines = correction_lines(row.field, decision, new)
        except ValueError as exc:
            return self._item_page(row, filters, 400, str(exc), typed)
        record_decision(self.run_dir, lines)
        self.undo.append(_Undo(row.id, lines))
        self.queue.sync()
        following = self.queue.neighbour(row, filters, 1)
        query = urlencode(filters.query())
        return _redirect(f"/item/{following.id}?{query}" if following else f"/?{query}")

    def _undo(self, filters: Filters) -> Response:
        if not self.undo:
            return self._message(400, filters, "nothing to undo in this session")
        last = self.undo.pop()
        lines = [{**line, "old": line["new"], "new": line["old"], "decision": "undo"} for line in last.lines]
        record_decision(self.run_dir, lines)
        self.queue.sync()
        return _redirect(f"/item/{last.item_id}?{urlencode(filters.query())}")


def _same(given: str, token: str) -> bool:
    """Constant-time comparison (bytes: `compare_digest` refuses non-ASCII text)."""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def _filters(query: dict[str, str]) -> Filters:
    return Filters(*(query.get(key, "").strip() for key in ("report", "why", "field", "agency")))


def _query_of(text: str) -> dict[str, str]:
    return dict(parse_qsl(text))


def loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def check_binding(host: str, token: str | None) -> None:
    """A review listening beyond this machine needs a token the user chose (and shares knowingly)."""
    if not loopback(host) and not token:
        raise ReviewError(
            f"--host {host} makes the review reachable from other machines; pass --token with a secret "
            "to require it (or leave --host at 127.0.0.1)",
            host,
        )
