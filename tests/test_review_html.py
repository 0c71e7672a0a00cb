"""RUN_DIR/review/: a self-contained page per report plus an index, low cells marked, snippets
escaped; checked in chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.review.html import script_json, write_review_html
from tests.test_review_listing import SCRIPT, STEM, make_run

SNIPPETS = re.compile(r'<script type="application/json" id="snippets">(.*?)</script>', re.S)


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><b>&\u2028"})
    assert text == '{"a": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    assert json.loads(text) == {"a": "</script><b>&\u2028"}


def test_the_page_marks_the_pending_fields_and_escapes_report_text(tmp_path: Path) -> None:
    index, marked = write_review_html(make_run(tmp_path), Config())
    page = (index.parent / f"{STEM}.html").read_text(encoding="utf-8")
    assert marked == 8
    assert page.count('<td class="low"') == 8
    assert page.count("<script") == 2  # the JSON block and the page script, nothing from the report
    assert "&lt;script&gt;window.__injected=1;document.title=&#x27;pwned&#x27;&lt;/script&gt;&lt;img" in page
    assert "<img" not in page and "<link" not in page and "http://" not in page and "https://" not in page
    first_low = page.index('<td class="low"')
    assert page[first_low : page.index("</td>", first_low)] == (
        '<td class="low" data-path="projects[0].budget.adjusted" data-snippet="s3" '
        'title="confidence 0.5">1.96'
    )
    [block] = SNIPPETS.findall(page)
    snippets = json.loads(block)
    assert snippets["s3"]["match"] == "19600"
    assert snippets["s3"]["label"] == f"{STEM} · projects[0].budget.adjusted · confidence 0.5"
    assert snippets["s3"]["reasons"][0] == "normalised: written as '19600'"
    assert snippets["s3"]["before"].endswith("全年预算数 ")


def test_reviewed_fields_are_no_longer_marked_and_values_are_corrected(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    line = {
        "report": STEM,
        "path": "projects[0].budget.adjusted",
        "old": 1.96,
        "new": 2.0,
        "decision": "edit",
    }
    (run_dir / "corrections.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    index, marked = write_review_html(run_dir, Config())
    page = (index.parent / f"{STEM}.html").read_text(encoding="utf-8")
    assert (index.relative_to(run_dir).as_posix(), marked) == ("review/index.html", 7)
    listing = index.read_text(encoding="utf-8")
    assert f'<tr><td><a href="{STEM}.html">{STEM}</a></td>' in listing
    assert '<td class="low">7</td><td class="low">3</td></tr>' in listing
    assert 'data-path="projects[0].budget.adjusted" data-snippet="s3" title="confidence 0.5">2</td>' in page


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=2000",
]


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_in_a_headless_browser_the_page_marks_shows_and_does_not_run_report_scripts(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    index, marked = write_review_html(run_dir, Config())
    target = index.parent / f"{STEM}.html"
    command = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom"]
    done = subprocess.run(
        [*command, target.resolve().as_uri() + "#selftest"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="selftest">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no selftest output; chromium said: {done.stderr[-2000:]}"
    selftest = json.loads(html.unescape(found.group(1)))
    assert selftest["low"] == marked == 8
    assert selftest["clicked"] == "projects[0].budget.adjusted"
    assert selftest["mark"] == "19600"
    assert "全年预算数 19600 元，实际支出 15464 元" in selftest["evidence"]
    assert selftest["injected"] is False
    assert selftest["title"] == f"Review: run · {STEM}"
    assert SCRIPT in html.unescape(done.stdout)  # shown as text in the page
