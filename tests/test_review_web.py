"""The web review as a function of a request: token and host checks, pages escape report text,
decisions go to corrections.jsonl in the terminal review's format, edits are parsed and checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.errors import ReviewError
from pipeline.review.queue_db import Filters
from pipeline.review.web import COOKIE, CSP, Request, Response, ReviewApp, check_binding
from tests.review_web_run import EMPTY_STEM, make_web_run
from tests.test_review_listing import STEM

TOKEN = "s3cret-token"
HOST = "127.0.0.1:8765"


@pytest.fixture
def app(tmp_path: Path) -> ReviewApp:
    return ReviewApp(make_web_run(tmp_path), TOKEN, (HOST,))


def get(app: ReviewApp, path: str, **query: str) -> Response:
    return app.handle(Request("GET", path, query, {}, {COOKIE: TOKEN}, HOST))


def post(app: ReviewApp, url: str, origin: str | None = None, **form: str) -> Response:
    return app.handle(Request("POST", url, {}, {"token": TOKEN, **form}, {COOKIE: TOKEN}, HOST, origin))


def _id(app: ReviewApp, path: str) -> str:
    return str(next(r.id for r in app.queue.page(Filters(), 0, 50) if r.field.path == path))


def _lines(app: ReviewApp) -> list[dict[str, object]]:
    text = (app.run_dir / "corrections.jsonl").read_text(encoding="utf-8")
    return [{k: v for k, v in json.loads(x).items() if k != "time"} for x in text.splitlines()]


def test_the_token_in_the_url_becomes_a_cookie_and_is_required_after(app: ReviewApp) -> None:
    login = app.handle(Request("GET", "/", {"token": TOKEN, "field": "target"}, host=HOST))
    assert (login.status, dict(login.headers)) == (303, {
        "Location": "/?field=target",
        "Set-Cookie": f"{COOKIE}={TOKEN}; HttpOnly; SameSite=Strict; Path=/",
    })  # fmt: skip
    assert app.handle(Request("GET", "/", {"token": "guess"}, host=HOST)).status == 403
    assert app.handle(Request("GET", "/", {"token": "令牌"}, host=HOST)).status == 403
    assert app.handle(Request("GET", "/", host=HOST)).status == 403
    assert app.handle(Request("GET", "/", cookies={COOKIE: TOKEN}, host="evil.example:8765")).status == 400
    assert get(app, "/static/review.js").content_type == "text/javascript; charset=utf-8"


def test_posts_need_the_form_token_and_a_same_site_origin(app: ReviewApp) -> None:
    item = _id(app, "projects")
    forged = Request("POST", "/decide", {}, {"id": item, "path": "projects", "decision": "accept"},
                     {COOKIE: TOKEN}, HOST)  # fmt: skip
    assert app.handle(forged).status == 403
    cross = post(app, "/decide", "http://evil.example", id=item, path="projects", decision="accept")
    assert cross.status == 403
    assert not (app.run_dir / "corrections.jsonl").exists()


def test_pages_escape_report_text_and_send_a_script_policy(app: ReviewApp) -> None:
    queue = get(app, "/")
    assert (queue.status, dict(queue.headers)["Content-Security-Policy"]) == (200, CSP)
    page = get(app, f"/item/{_id(app, 'projects[0].indicators[2].actual')}").body.decode()
    assert "<script>window" not in page and "<img" not in page
    assert "&lt;script&gt;window.__injected=1;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    assert page.count("<script") == 1  # the server's own script, by URL
    assert '<script src="/static/review.js"></script>' in page
    whole = get(app, f"/report/{_id(app, 'projects')}").body.decode()
    assert "&lt;img src=x onerror=window.__injected=3&gt;" in whole and "<img" not in whole


def test_item_page_shows_value_reasons_and_marked_context(app: ReviewApp) -> None:
    page = get(app, f"/item/{_id(app, 'projects[0].budget.execution_rate')}").body.decode()
    assert '<div class="value" id="value">99.12</div>' in page
    assert (
        '<span class="why check">execution_rate_mismatch</span><span class="why ">low_confidence</span>'
        in page
    )
    assert "执行率 <mark>99.12</mark>%" in page
    report = get(app, f"/report/{_id(app, 'projects[0].budget.adjusted')}").body.decode()
    assert '全年预算数 <mark id="span">19600</mark> 元' in report


def test_decisions_are_written_like_the_terminal_review_and_move_on(app: ReviewApp) -> None:
    first = post(app, "/decide", id=_id(app, "projects"), path="projects", decision="accept")
    assert (first.status, dict(first.headers)["Location"]) == (303, f"/item/{_id(app, ORDER_1)}?")
    target = _id(app, "projects[0].indicators[2].target")
    edited = post(app, "/decide", id=target, path="projects[0].indicators[2].target", decision="edit",
                  value="≥95%")  # fmt: skip
    assert edited.status == 303
    assert _lines(app) == [
        {"report": EMPTY_STEM, "path": "projects", "old": None, "new": None, "decision": "accept"},
        *[{"report": STEM, "path": f"projects[0].indicators[2].target.{leaf}", "old": old, "new": new,
           "decision": "edit"}
          for leaf, old, new in (("raw", "≥90%", "≥95%"), ("op", ">=", ">="), ("value", 90, 95),
                                 ("unit", "%", "%"))],
    ]  # fmt: skip
    assert app.queue.progress(Filters()).decided == 2
    undone = post(app, "/undo")
    assert (undone.status, dict(undone.headers)["Location"]) == (303, f"/item/{target}?")
    assert [x["decision"] for x in _lines(app)[-4:]] == ["undo"] * 4
    assert app.queue.progress(Filters()).decided == 1


ORDER_1 = "projects[0].budget.execution_rate"


def test_a_bad_edit_or_an_impossible_decision_is_refused_and_nothing_written(app: ReviewApp) -> None:
    rate = _id(app, "projects[0].budget.adjusted")
    bad = post(app, "/decide", id=rate, path="projects[0].budget.adjusted", decision="edit", value="about 2")
    assert bad.status == 400
    assert "&#39;about 2&#39; is not a number" in bad.body.decode()
    assert 'value="about 2"' in bad.body.decode()  # what was typed stays in the box
    report_level = post(app, "/decide", id=_id(app, "projects"), path="projects", decision="reject")
    assert report_level.status == 400
    name = _id(app, "projects[0].indicators[2].name")
    assert (
        post(app, "/decide", id=name, path="projects[0].indicators[2].name", decision="reject").status == 400
    )
    stale = post(app, "/decide", id=rate, path="projects[0].budget.spent", decision="accept")
    assert stale.status == 409
    assert not (app.run_dir / "corrections.jsonl").exists()


def test_listening_beyond_loopback_needs_a_token() -> None:
    check_binding("127.0.0.1", None)
    check_binding("0.0.0.0", "chosen-secret")
    with pytest.raises(ReviewError, match="pass --token"):
        check_binding("0.0.0.0", None)
