"""Sockets for the web review: a single-threaded `http.server` in front of `web.ReviewApp`.

One thread on purpose: requests are small and one person reviews, and one thread means the
queue's SQLite connection and the undo stack never see two requests at once.

    >>> serve(Path("runs/2024"), host="127.0.0.1", port=8765)   # doctest: +SKIP
    review: http://127.0.0.1:8765/?token=3q2…   (Ctrl-C stops)
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from pipeline.core.errors import ReviewError
from pipeline.review.web import Request, Response, ReviewApp, check_binding, loopback

MAX_FORM = 64 * 1024


def _handler(app: ReviewApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "pipeline-review"

        def _request(self, method: str) -> Request:
            url = urlsplit(self.path)
            form: dict[str, str] = {}
            if method == "POST":
                length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM)
                form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", errors="replace")))
            cookies = {k: m.value for k, m in SimpleCookie(self.headers.get("Cookie") or "").items()}
            return Request(
                method, url.path, dict(parse_qsl(url.query)), form, cookies,
                self.headers.get("Host") or "", self.headers.get("Origin"),
            )  # fmt: skip

        def _respond(self, method: str) -> None:
            try:
                response = app.handle(self._request(method))
            except Exception as exc:  # one bad request must not take the review down
                self.log_error("%s %s failed: %r", method, self.path, exc)
                response = Response(500, f"internal error: {exc}".encode(), "text/plain; charset=utf-8")
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)

        def do_GET(self) -> None:
            self._respond("GET")

        def do_POST(self) -> None:
            self._respond("POST")

        def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal is the UI
            return

    return Handler


def make_server(run_dir: Path, host: str, port: int, token: str | None) -> tuple[HTTPServer, str]:
    """The server (not yet serving) and the URL to open. Port 0 picks a free port."""
    check_binding(host, token)
    session = token or secrets.token_urlsafe(24)
    app = ReviewApp(run_dir, session, ())  # opens the queue first: a run without one fails here
    try:
        server = HTTPServer((host, port), BaseHTTPRequestHandler)
    except OSError as exc:
        raise ReviewError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", run_dir) from exc
    bound = server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    app.hosts = (f"{shown}:{bound}", *((f"localhost:{bound}",) if loopback(host) else ()))
    server.RequestHandlerClass = _handler(app)
    return server, f"http://{shown}:{bound}/?token={session}"


def serve(run_dir: Path, host: str, port: int, token: str | None, announce: Callable[[str], None]) -> None:
    server, url = make_server(run_dir, host, port, token)
    announce(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        announce("stopped; every decision is saved in corrections.jsonl")
    finally:
        server.server_close()
