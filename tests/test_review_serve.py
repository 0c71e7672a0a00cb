"""The web review over a real socket (no browser): the printed URL logs in, pages come with their
security headers, a POST decides, a wrong Host is refused, a busy port is one clear error."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.core.errors import ReviewError
from pipeline.review.serve import make_server
from pipeline.review.web import CSP
from tests.review_web_run import EMPTY_STEM, served_run


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    with served_run(tmp_path) as run:
        yield run


def _request(
    url: str, method: str = "GET", target: str = "/", body: str = "", **headers: str
) -> tuple[int, dict[str, str], str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request(method, target, body=body or None, headers=headers)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8")


def test_the_printed_url_logs_in_and_a_post_decides(served: tuple[Path, str]) -> None:
    run_dir, url = served
    parts = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(parts.query)["token"][0]
    status, headers, _ = _request(url, target=f"/?{parts.query}")
    assert (status, headers["Location"]) == (303, "/")
    cookie = headers["Set-Cookie"].split(";")[0]
    assert cookie == f"review_token={token}"
    status, headers, page = _request(url, Cookie=cookie)
    assert status == 200
    assert headers["Content-Security-Policy"] == CSP
    assert (headers["X-Content-Type-Options"], headers["Cache-Control"]) == ("nosniff", "no-store")
    assert '<b id="remaining">10</b>' in page
    item = page.split('<tr data-id="', 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode({"token": token, "id": item, "path": "projects", "decision": "accept"})
    status, headers, _ = _request(
        url, "POST", "/decide", form, Cookie=cookie, **{"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 303
    [line] = (run_dir / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    assert (json.loads(line)["report"], json.loads(line)["decision"]) == (EMPTY_STEM, "accept")
    assert _request(url, Cookie=cookie, Host="attacker.example")[0] == 400
    assert _request(url)[0] == 403  # no cookie


def test_a_busy_port_is_one_clear_error(served: tuple[Path, str]) -> None:
    run_dir, url = served
    port = urllib.parse.urlsplit(url).port or 0
    with pytest.raises(ReviewError, match=f"cannot listen on 127.0.0.1:{port}"):
        make_server(run_dir, "127.0.0.1", port, None)
