"""OCR'd forms: the rules backend reads a scanned form's text layer as it reads the clean form.

Each form of `layout_forms` is printed as a PDF's text layer (`render_spaced`) after an OCR noise
(`with_ocr`: full-width comparators, `O` for `0`, `≥` read as `2`), or over two pages with the
running title and header printed again. The indicators read must equal the clean form's (values,
normalised raw text); every cell OCR changed and the reader repaired is flagged `ocr_repaired`,
its confidence capped, and its evidence is the cell as OCR wrote it (exact offsets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from pipeline.core.config import Config
from pipeline.core.models import ReportExtraction
from pipeline.process import extract_document
from tests.layout_forms import (
    FORMS,
    Form,
    Row,
    middle_name,
    ocr_geq_as_2,
    ocr_glyphs,
    ocr_lookalikes,
    render_fused,
    render_running_header,
    render_spaced,
    render_tabs,
    with_footer_in_name,
    with_ocr,
)
from tests.test_rules_layout_invariance import KNOWN_FAILURES, _as_read, _document

Noise = Callable[[Row, tuple[int, ...]], Row]
NOISES: dict[str, Noise] = {"glyphs": ocr_glyphs, "lookalikes": ocr_lookalikes, "geq_as_2": ocr_geq_as_2}
REPAIRED = {"lookalikes", "geq_as_2"}  # noises a reader must repair (glyphs are normalised)
_CAP = 0.5  # confidence of a row read by a repair (`NOTE_CONFIDENCE`)


def _read(text: str) -> ReportExtraction:
    return extract_document(_document(text), Config())


def _changed(clean: Form, noisy: Form) -> dict[str, str]:
    """Each indicator name whose target OCR changed → the target cell as OCR wrote it."""
    name_column = clean._levels - 1
    target = next(c for c, h in enumerate(clean.header) if "值" in h)
    return {
        a[name_column]: b[target]
        for a, b in zip(clean.rows, noisy.rows, strict=True)
        if a[target] != b[target]
    }


CASES = [(f.key, n) for f in FORMS for n in NOISES]


@pytest.mark.parametrize(("form_key", "noise"), CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_an_ocr_noised_form_reads_as_the_clean_form_with_its_repairs_flagged(
    form_key: str, noise: str
) -> None:
    clean = next(f for f in FORMS if f.key == form_key)
    noisy = with_ocr(clean, NOISES[noise])
    text = render_spaced(noisy)
    result = _read(text)
    indicators = [i for p in result.projects for i in p.indicators]
    assert [_as_read(i) for i in indicators] == list(clean.expected)
    flagged = {f.path for f in result.flags if f.kind == "ocr_repaired"}
    repaired = {i.name for n, i in enumerate(indicators) if f"projects[0].indicators[{n}]" in flagged}
    changed = _changed(clean, noisy)
    assert repaired == (set(changed) if noise in REPAIRED else set())
    for indicator in indicators:
        if indicator.name not in changed:
            continue
        (target,) = [e for e in indicator.evidence if e.field == "target"]
        start = text.index(changed[indicator.name], text.index(indicator.name))
        assert (target.start, target.end) == (start, start + len(changed[indicator.name]))
        if noise in REPAIRED:
            assert indicator.confidence <= _CAP


def test_the_geq_noise_changes_a_rate_target_of_every_form_with_actuals() -> None:
    # the test above proves a repair only where the noise changed a cell: make sure it does
    for form in FORMS:
        changed = _changed(form, with_ocr(form, ocr_geq_as_2))
        assert bool(changed) == ("实际" in "".join(form.header) or "完成值" in "".join(form.header))


@pytest.mark.parametrize("form", FORMS, ids=[f.key for f in FORMS])
def test_a_running_title_and_header_printed_again_after_a_page_number_add_nothing(form: Form) -> None:
    result = _read(render_running_header(form))
    indicators = [i for p in result.projects for i in p.indicators]
    assert [_as_read(i) for i in indicators] == list(form.expected)
    assert [f.kind for f in result.flags] == [f.kind for f in _read(render_spaced(form)).flags]


def _opening_inside_a_level(form: Form) -> Form | None:
    """The form cut to its first rows, as many as leave the second page of `render_running_header`
    opening on a row whose merged first level cell is empty (None where no cut does)."""
    for n in range(len(form.rows), 2, -1):
        if form.rows[n // 2 + 1][0] == "":
            names = {row[form._levels - 1] for row in form.rows[:n]}
            expected = tuple(e for e in form.expected if e.name in names)
            return replace(form, rows=form.rows[:n], expected=expected)
    return None


CUT_FORMS = [cut for f in FORMS if (cut := _opening_inside_a_level(f)) is not None]


@pytest.mark.parametrize("form", CUT_FORMS, ids=[f.key for f in CUT_FORMS])
def test_rows_after_a_repeated_header_inside_a_merged_level_cell_take_its_level(form: Form) -> None:
    result = _read(render_running_header(form))
    indicators = [i for p in result.projects for i in p.indicators]
    assert [_as_read(i) for i in indicators] == list(form.expected)


FOOTERS = ("第2页", "第 2 页 共 5 页", "共5页第2页")
# the forms whose clean fused rendering is not read either (the harness's known failures)
_FUSED_KNOWN = {form for form, rendering in KNOWN_FAILURES if rendering == "fused"}
# In a row of cells between spaces a footer written with spaces splits the row's cells (not read yet).
FOOTER_CASES = [
    (f.key, r, n)
    for f in FORMS
    for r in ("tabs", "spaced", "fused")
    for n in FOOTERS
    if not (r == "spaced" and " " in n) and not (r == "fused" and f.key in _FUSED_KNOWN)
]
_RENDERS = {"tabs": render_tabs, "spaced": render_spaced, "fused": render_fused}


@pytest.mark.parametrize(("form_key", "render", "footer"), FOOTER_CASES)
def test_a_page_footer_run_into_a_name_is_cut_out_and_flagged(
    form_key: str, render: str, footer: str
) -> None:
    form = next(f for f in FORMS if f.key == form_key)
    text = with_footer_in_name(_RENDERS[render], footer)(form)
    result = _read(text)
    indicators = [i for p in result.projects for i in p.indicators]
    assert [_as_read(i) for i in indicators] == list(form.expected)
    name = middle_name(form)
    (index,) = [n for n, i in enumerate(indicators) if i.name == name]
    flags = [(f.kind, f.path) for f in result.flags if f.kind == "page_marker_in_name"]
    assert flags == [("page_marker_in_name", f"projects[0].indicators[{index}]")]
    assert indicators[index].confidence <= _CAP
    (evidence,) = [e for e in indicators[index].evidence if e.field == "name"]
    start = text.index(name[: len(name) // 2] + footer)
    assert (evidence.start, evidence.end) == (start, start + len(name) + len(footer))
