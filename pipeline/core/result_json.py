"""A result as JSON a record at a time: the result file's text in pieces, and its schema check in
windows of records, so neither holds the whole report as one dict or one string.

A report of one big indicator table is its records: as one `model_dump(mode="json")` dict it costs
~2.9 KB per row, as one indented string (and its UTF-8 copy) ~2 KB more per row, on top of the
records themselves; a 0.65 MB table of 10,000 rows made a worker's peak 118× its file. Here every
record is dumped alone and let go before the next:

- `result_pieces` yields the text of `result.model_dump_json(indent=2)` piece by piece: the report
  with its record lists emptied (its *skeleton*), each record dumped alone by pydantic's compiled
  serialiser, indented to its depth, spliced where its list stands. Pretty JSON nests by indenting
  every line, and no line break is ever inside a JSON string (it is written `\\n`), so the pieces
  join to the same bytes as the whole.
- `validate_result` checks the same document against the schema in windows of `WINDOW` records:
  the skeleton with a slice of the records in place — one window, the whole report, for a report
  of up to `WINDOW` records. The schema has no rule across records (no `minItems`, `uniqueItems`),
  so the windows are valid exactly when the whole is; when one is not, the whole document is
  checked once more, for jsonschema's messages with their paths in the whole report.

Worked example: a report with a project of two indicators yields the skeleton's head up to
`"projects": [`, then `"    "` + the project's own skeleton up to `"indicators": [`, then each
indicator's JSON with every line indented by 8 spaces, `",\\n"` between them, and the closing
brackets and the rest of each skeleton.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import chain
from typing import Any

from pydantic_core import PydanticSerializationError

from pipeline.core.models import Indicator, Project, Record, ReportExtraction
from pipeline.core.schema import is_valid, validate_report

INDENT = "  "
STREAMED: Mapping[str, Mapping[str, Any]] = {
    "projects": {"indicators": {}},
    "budget_lines": {},
    "flags": {},
    "review": {},
}
"""The record lists written and checked record by record, with the lists inside their records, each
in the order of its model's fields (the order they stand in the text)."""
WINDOW = 1000
"""Records per schema check, and the most a report may hold to be dumped whole, as one string
(~2 KB per record): the pieces cost about twice the CPU of one dump (0.31 against 0.16 ms per
sample report), the windows a quarter more than one check."""


def result_pieces(result: ReportExtraction) -> Iterator[str]:
    """The text of `result.model_dump_json(indent=2)`, in pieces (see the module docstring).

    A record the compiled serialiser refuses (a lone surrogate: an undecodable byte of a file
    name) is written by `json.dumps` instead, whose string keeps the surrogate for the writer to
    escape; it spells a float under 1e-4 differently (`1e-05`, not `0.00001`): the same number.
    """
    if records(result) <= WINDOW:  # one string of at most a few MB; a piece per record costs ~2× the CPU
        return iter([_dumped(result)])
    return _pieces(result, STREAMED, "")


def records(result: ReportExtraction) -> int:
    """How many records the `STREAMED` lists hold (a project and each of its indicators count)."""
    projects = result.projects
    inner = sum(len(project.indicators) for project in projects)
    return len(projects) + inner + len(result.budget_lines) + len(result.flags) + len(result.review)


def _pieces(record: Record, streamed: Mapping[str, Mapping[str, Any]], indent: str) -> Iterator[str]:
    lists = [name for name in streamed if getattr(record, name)]
    text = _dumped(record.model_copy(update=dict.fromkeys(lists, ())) if lists else record)
    return _spliced(text, [(name, _items(getattr(record, name), streamed[name])) for name in lists], indent)


Items = Iterable[Callable[[str], Iterator[str]]]
"""A list's records, each as how to write it at an indent."""


def _items(records: Iterable[Record], streamed: Mapping[str, Mapping[str, Any]]) -> Items:
    return (partial(_pieces, record, streamed) for record in records)


def _spliced(text: str, lists: Iterable[tuple[str, Items]], indent: str) -> Iterator[str]:
    """`text`, a record's JSON with the named lists empty, at `indent`, each list's records
    written into it in turn (`lists`: the non-empty ones, in the record's field order; read
    lazily, so a later list may be made while an earlier one is written)."""
    start = 0
    for name, items in lists:
        marker = f'\n{INDENT}"{name}": []'
        at = text.index(marker, start)
        yield _indented(text[start:at], indent) + f'\n{indent}{INDENT}"{name}": ['
        inner = indent + INDENT * 2
        for number, item in enumerate(items):
            yield (",\n" if number else "\n") + inner
            yield from item(inner)
        yield f"\n{indent}{INDENT}]"
        start = at + len(marker)
    yield _indented(text[start:], indent)


def spliced_pieces(
    head: ReportExtraction,
    projects: Iterable[tuple[Project, Iterable[Indicator] | None]],
    rest: Callable[[], ReportExtraction],
) -> Iterator[str]:
    """The text `result_pieces` gives for a result made while it is written: `head` is the
    result up to its projects (its report final; its lists are not read), `projects` each project
    (its indicators taken out) with its indicators, made one by one as they are written (None:
    it has none), `rest()` the whole result, its projects without indicators, asked once the
    last indicator is written (its budget lines, flags and review are written from it).

    Worked example: a head with one project of two indicators yields what `result_pieces`
    yields for the whole result: the head's text up to `"projects": [`, the project's up to
    `"indicators": [`, each indicator, then the rest of each skeleton — the flags and review made
    while the indicators were written included.
    """
    text = _dumped(head.model_copy(update=dict.fromkeys(STREAMED, ())))

    def lists() -> Iterator[tuple[str, Items]]:
        made = iter(projects)
        first = next(made, None)
        if first is not None:  # an empty list stays `[]` in the head's text
            yield "projects", (partial(_project_pieces, *project) for project in chain([first], made))
        final = rest()
        for name in ("budget_lines", "flags", "review"):
            records = getattr(final, name)
            if records:
                yield name, _items(records, STREAMED[name])

    return _spliced(text, lists(), "")


def _project_pieces(project: Project, indicators: Iterable[Indicator] | None, indent: str) -> Iterator[str]:
    text = _dumped(project)
    return _spliced(text, [] if indicators is None else [("indicators", _items(indicators, {}))], indent)


def _dumped(record: Record) -> str:
    try:
        return record.model_dump_json(indent=len(INDENT))
    except PydanticSerializationError:
        return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=len(INDENT))


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent) if indent else text


def validate_result(result: ReportExtraction, path: str | None = None) -> None:
    """`validate_report(result.to_json_dict(), path)`, holding at most `WINDOW` records' dicts."""
    for window in schema_windows(result, WINDOW):
        if not is_valid(window):
            validate_report(result.to_json_dict(), path)
            return


def schema_windows(result: ReportExtraction, size: int) -> Iterator[dict[str, Any]]:
    """The result's JSON document in windows: each is the skeleton (every `STREAMED` list
    emptied) with up to `size` records in place; a record that holds a streamed list (a project)
    comes again, as its own skeleton, in every window that holds some of its list. Together the
    windows hold every record once; a result of up to `size` records is one window, equal to
    `result.to_json_dict()`."""
    if records(result) <= size:
        yield result.to_json_dict()
        return
    skeleton = _skeleton_dict(result, STREAMED)
    window = _fresh(skeleton, STREAMED)
    count = 0
    for name, inner in STREAMED.items():
        for item in getattr(result, name):
            if count >= size:
                yield window
                window, count = _fresh(skeleton, STREAMED), 0
            own = _skeleton_dict(item, inner)
            holder = _fresh(own, inner)
            window[name].append(holder)
            count += 1
            for inner_name in inner:
                for record in getattr(item, inner_name):
                    if count >= size:
                        yield window
                        window, count = _fresh(skeleton, STREAMED), 0
                        holder = _fresh(own, inner)
                        window[name].append(holder)
                    holder[inner_name].append(record.model_dump(mode="json"))
                    count += 1
    yield window


def _skeleton_dict(record: Record, streamed: Mapping[str, Any]) -> dict[str, Any]:
    emptied = record.model_copy(update=dict.fromkeys(streamed, ())) if streamed else record
    return emptied.model_dump(mode="json")


def _fresh(skeleton: dict[str, Any], streamed: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy of `skeleton` with a new empty list for each streamed name."""
    return {**skeleton, **{name: [] for name in streamed}}


class IndicatorWindows:
    """The schema check of a result's indicators as they are written, in windows of `WINDOW`
    (`schema_windows`' windows, for indicators that are never all alive): each window is
    `result`'s skeleton (its lists emptied) with the one project the window's indicators belong
    to (that project's own skeleton). `valid()` checks the last window and says whether every
    window was valid; the result's other records are checked with its rest (`validate_output`).
    """

    def __init__(self, result: ReportExtraction) -> None:
        self._skeleton = _skeleton_dict(result, STREAMED)
        self._projects = [_skeleton_dict(project, STREAMED["projects"]) for project in result.projects]
        self._window: list[dict[str, Any]] = []
        self._project = 0
        self._valid = True

    def add(self, p: int, indicator: Indicator) -> None:
        """Check project `p`'s next trusted indicator (with its window)."""
        if p != self._project or len(self._window) >= WINDOW:
            self._check()
            self._project = p
        self._window.append(indicator.model_dump(mode="json"))

    def _check(self) -> None:
        if self._window:
            project = {**self._projects[self._project], "indicators": self._window}
            self._valid = is_valid({**self._skeleton, "projects": [project]}) and self._valid
            self._window = []

    def valid(self) -> bool:
        self._check()
        return self._valid
