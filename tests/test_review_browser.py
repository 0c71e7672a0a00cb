"""The web review in a real browser (Playwright driving Debian's chromium): keyboard decisions,
an edit, undo, reload, export, and report text that never runs as script.

Skipped where chromium or playwright is missing (CI installs both; see .ci/run). Set
REVIEW_SCREENSHOTS=DIR to also save the queue and an item page as PNGs (README's docs/).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.config import Config
from pipeline.export import export_run
from tests.review_web_run import EMPTY_STEM, served_run
from tests.test_review_listing import SCRIPT, STEM

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip, pinned in dev)")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    with served_run(tmp_path) as run:
        yield run


@pytest.fixture
def page() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1100, "height": 760})
        yield context.new_page()
        browser.close()


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("REVIEW_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def _go(page: Any, key: str) -> None:
    """Press a key that leads to another page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _at(page: object, path: str) -> None:
    assert page.inner_text("#path") == path


def test_decide_by_keyboard_edit_undo_reload_and_export(served: tuple[Path, str], page: object) -> None:
    run_dir, url = served
    p: Any = page  # a playwright Page
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.goto(url)
    assert p.inner_text("#progress").split() == [
        "0", "decided", "·", "10", "remaining", "·", "10", "in", "the", "queue",
    ]  # fmt: skip
    rows = p.locator("#queue tbody tr")
    assert rows.count() == 10
    assert rows.nth(0).inner_text().split("\t")[1:3] == [EMPTY_STEM, "report"]  # worst first: 0 indicators
    _shot(p, "review-queue.png")

    _go(p, "j")
    _at(p, "projects")  # the report read with 0 indicators
    _go(p, "a")
    _at(p, "projects[0].budget.execution_rate")  # decided → the next item
    _go(p, "a")
    _at(p, "projects[0].indicators[1]")
    _go(p, "s")
    _at(p, "projects[0].indicators[2].name")
    _go(p, "j")
    _go(p, "j")
    _at(p, "projects[0].indicators[2].actual")
    assert SCRIPT in p.inner_text("#value")  # shown as text
    assert "<script>" in p.inner_text("#context")
    _shot(p, "review-item.png")

    p.keyboard.press("e")
    p.keyboard.press("Control+a")
    p.keyboard.type("85%")
    _go(p, "Enter")
    _at(p, "projects[0].budget.adjusted")
    _go(p, "a")
    _at(p, "projects[0].budget.spent")
    _go(p, "u")  # undo the accept of budget.adjusted
    _at(p, "projects[0].budget.adjusted")

    p.reload()
    assert p.inner_text("#decided") == "3"
    assert p.inner_text("#remaining") == "7"
    assert p.evaluate("() => window.__injected === undefined && document.title !== 'pwned'")

    p.click("#whole")  # the whole report, evidence marked
    assert p.inner_text("#span") == "19600"
    assert p.evaluate("() => location.hash") == "#span"  # the browser scrolls it into view
    assert p.evaluate("() => window.__injected === undefined")
    assert errors == []

    lines = [json.loads(x) for x in (run_dir / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(x["path"], x["decision"]) for x in lines] == [
        ("projects", "accept"),
        ("projects[0].budget.execution_rate", "accept"),
        ("projects[0].indicators[1]", "skip"),
        ("projects[0].indicators[2].actual.raw", "edit"),
        ("projects[0].indicators[2].actual.value", "edit"),
        ("projects[0].indicators[2].actual.unit", "edit"),
        ("projects[0].budget.adjusted", "accept"),
        ("projects[0].budget.adjusted", "undo"),
    ]

    export_run(run_dir, Config())
    with (run_dir / "indicators.csv").open(encoding="utf-8-sig") as handle:
        edited = [row for row in csv.DictReader(handle) if row["name"] == "满意度[bold]"]
    assert [(r["actual_raw"], r["actual_value"], r["actual_unit"], r["met"]) for r in edited] == [
        ("85%", "85", "%", "unmet")
    ]
    db = sqlite3.connect(run_dir / "results.sqlite")
    found = db.execute(
        "SELECT actual_raw, actual_value, actual_unit, met, confidence FROM indicators WHERE name = ?",
        ("满意度[bold]",),
    ).fetchall()
    assert found == [("85%", 85.0, "%", "unmet", 1.0)]
    applied = db.execute("SELECT path, decision, applied FROM corrections ORDER BY line").fetchall()
    assert applied[-2:] == [
        ("projects[0].budget.adjusted", "accept", 0),
        ("projects[0].budget.adjusted", "undo", 1),
    ]
    assert STEM in {r[0] for r in db.execute("SELECT report FROM review_queue")}


def test_report_text_with_script_and_onerror_never_runs(served: tuple[Path, str], page: object) -> None:
    _, url = served
    p: Any = page
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.goto(url)
    _go(p, "j")
    p.click("#whole")
    assert "<img src=x onerror=window.__injected=3>" in p.inner_text(".report-text")
    p.goto(url.split("?")[0] + "?report=report_0123")
    p.click("#queue tbody tr:last-child a")
    p.click("#whole")
    assert SCRIPT in p.inner_text(".report-text")
    assert p.locator("img").count() == 0
    assert p.evaluate("() => window.__injected === undefined && document.title !== 'pwned'")
    assert dialogs == []
