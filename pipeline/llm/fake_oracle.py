"""The fake server's oracle: answer a chunk with the gold items that are written in it.

The oracle stands in for a perfect model that can only read the chunk it was sent, so a run
against it measures what chunking, parsing and merging lose — and nothing else. It therefore
never answers from outside the chunk:

- an indicator is included when its gold name, or a long part of it (≥ 70 % of the name and at
  least 6 characters), appears in the chunk, compared without spaces, punctuation or width
  differences (`本地区医疗机构符合DRG DIP付费覆盖率` matches `…符合 DRG/DIP 付费…`);
- its target and actual only when their raw text appears after the name (before the next gold
  name, at most `WINDOW` characters on), weight/score likewise after them, the deviation reason
  anywhere in the chunk; level1/level2/project only when written in the user message;
- a budget when one of its amounts is written in the chunk (as 万元, or as 元 = 万元 × 10000);
  budget-table rows when their name and a figure after it are; report facts when written.

Every quote is the verbatim chunk substring the value was found in. Fixtures are pooled; a chunk
is answered from the one fixture with the most of its names (indicators, budget lines, agency,
title) written in it.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import LLMError

BUDGET_FIELDS = ("initial", "carryover", "adjusted", "spent", "execution_rate")
WINDOW = 120  # normalised characters after a name in which its values are looked for
NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
Span = tuple[int, int]


class TextView:
    """`text` normalised for matching, with a map back to original offsets.

    Each character is NFKC-normalised and case-folded; whitespace is dropped, and so are
    punctuation and symbols unless `keep_symbols` (values need `≥` and `%`; names do not).
    `find` returns the original half-open span, so `text[start:end]` is a verbatim quote.
    """

    def __init__(self, text: str, keep_symbols: bool) -> None:
        self.text = text
        self.keep_symbols = keep_symbols
        chars: list[str] = []
        self.positions: list[int] = []
        for index, char in enumerate(text):
            for norm in self.normalise(char):
                chars.append(norm)
                self.positions.append(index)
        self.norm = "".join(chars)

    def normalise(self, text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return "".join(c for c in folded if not c.isspace() and (self.keep_symbols or _is_word(c)))

    def find_all(self, needle: str, start: int = 0, end: int | None = None) -> list[Span]:
        target = self.normalise(needle)
        if not target:
            return []
        lo = bisect_left(self.positions, start)
        hi = len(self.norm) if end is None else bisect_left(self.positions, end)
        spans, at = [], self.norm.find(target, lo, hi)
        while at >= 0:
            spans.append((self.positions[at], self.positions[at + len(target) - 1] + 1))
            at = self.norm.find(target, at + 1, hi)
        return spans

    def find(self, needle: str, start: int = 0, end: int | None = None) -> Span | None:
        spans = self.find_all(needle, start, end)
        return spans[0] if spans else None

    def window_end(self, start: int) -> int:
        """Original offset `WINDOW` normalised characters after `start`."""
        index = bisect_left(self.positions, start) + WINDOW
        return self.positions[index] if index < len(self.positions) else len(self.text)


def _is_word(char: str) -> bool:
    return unicodedata.category(char)[0] not in "PSZ"


def _name_spans(view: TextView, name: str) -> list[Span]:
    """Where `name`, or its longest part of ≥ 70 % (and ≥ 6 characters), is written."""
    spans = view.find_all(name)
    norm = view.normalise(name)
    shortest = max(6, math.ceil(0.7 * len(norm)))
    for size in range(len(norm) - 1, shortest - 1, -1):
        if spans:
            break
        for begin in range(len(norm) - size + 1):
            spans = view.find_all(norm[begin : begin + size])
            if spans:
                break
    return spans


def _figure_span(text: str, value: float, start: int = 0, end: int | None = None) -> Span | None:
    """First number in `text[start:end]` equal to `value` (or to `value` 万元 written in 元)."""
    for match in NUMBER.finditer(text, start, len(text) if end is None else end):
        number = float(match.group().replace(",", "").replace("−", "-"))
        if math.isclose(number, value, abs_tol=1e-6) or math.isclose(number, value * 10000, abs_tol=1e-3):
            return match.span()
    return None


@dataclass(frozen=True)
class GoldOracle:
    fixtures: tuple[dict[str, Any], ...]

    @classmethod
    def load(cls, path: str | Path) -> GoldOracle:
        """Fixtures from one file or every `*.json` in a directory."""
        root = Path(path)
        files = sorted(root.glob("*.json")) if root.is_dir() else [root]
        try:
            fixtures = tuple(json.loads(f.read_text(encoding="utf-8")) for f in files)
        except (OSError, json.JSONDecodeError) as exc:
            raise LLMError(f"cannot read oracle fixtures: {exc}", root) from exc
        if not fixtures:
            raise LLMError("no oracle fixtures (*.json) found", root)
        return cls(fixtures)

    def answer(self, chunk: str, context: str = "") -> dict[str, Any]:
        """The ChunkResponse-shaped answer for `chunk`; `context` is the whole user message."""
        names, values = TextView(chunk, keep_symbols=False), TextView(chunk, keep_symbols=True)
        fixture = max(self.fixtures, key=lambda f: _names_written(names, f))
        reader = _Reader(chunk, names, values, TextView(context or chunk, keep_symbols=False))
        answer: dict[str, Any] = {"indicators": reader.indicators(fixture)}
        answer["budgets"] = reader.budgets(fixture)
        answer["budget_lines"] = reader.budget_lines(fixture)
        answer["report"] = reader.report(fixture.get("report") or {})
        return answer


def _names_written(view: TextView, fixture: dict[str, Any]) -> int:
    """How many of the fixture's indicator, budget-line, agency and title names the chunk holds."""
    report = fixture.get("report") or {}
    names = [i["name"] for i in _gold(fixture)] + [line["name"] for line in fixture.get("budget_lines", [])]
    found = sum(bool(_name_spans(view, name)) for name in names)
    return found + sum(bool(view.find(report.get(k) or "")) for k in ("agency", "title"))


def _gold(fixture: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**i, "project": p["name"]} for p in fixture.get("projects", []) for i in p["indicators"]]


@dataclass(frozen=True)
class _Reader:
    chunk: str
    names: TextView
    values: TextView
    context: TextView

    def _quote(self, span: Span | None) -> str | None:
        return self.chunk[span[0] : span[1]] if span else None

    def _figure(self, value: float | None, start: int, end: int) -> Span | None:
        return _figure_span(self.chunk, value, start, end) if value is not None else None

    def _written(self, label: str | None) -> str | None:
        return label if label and self.context.find(label) else None

    def indicators(self, fixture: dict[str, Any]) -> list[dict[str, Any]]:
        found = [(gold, _name_spans(self.names, gold["name"])) for gold in _gold(fixture)]
        items = []
        for gold, spans in found:
            # Values end where another indicator's name begins (a repeat of this name may be its value).
            others = sorted(s[0] for g, ss in found if g["name"] != gold["name"] for s in ss)
            if spans:
                items.append(max((self._indicator(gold, s, others) for s in spans), key=_grounded_count))
        return items

    def _indicator(self, gold: dict[str, Any], name: Span, starts: Sequence[int]) -> dict[str, Any]:
        later = [s for s in starts if s >= name[1]]
        end = min([self.values.window_end(name[1]), *later[:1]])
        target, actual = gold.get("target") or {}, gold.get("actual") or {}
        t_span = self.values.find(target["raw"], name[1], end) if target.get("raw") else None
        a_from = t_span[1] if t_span else name[1]
        a_span = self.values.find(actual["raw"], a_from, end) if actual.get("raw") else None
        cursor = (a_span or t_span or name)[1]
        w_span = self._figure(gold.get("weight"), cursor, end)
        s_span = self._figure(gold.get("score"), w_span[1] if w_span else cursor, end)
        d_span = self.names.find(gold["deviation_reason"]) if gold.get("deviation_reason") else None
        return {
            "project": self._written(gold["project"]),
            "level1": self._written(gold.get("level1")),
            "level2": self._written(gold.get("level2")),
            "name": gold["name"],
            "target_raw": self._quote(t_span),
            "op": target.get("op") if t_span else None,
            "target_value": target.get("value") if t_span else None,
            "target_unit": target.get("unit") if t_span else None,
            "actual_raw": self._quote(a_span),
            "actual_value": actual.get("value") if a_span else None,
            "actual_unit": actual.get("unit") if a_span else None,
            "weight": gold["weight"] if w_span else None,
            "score": gold["score"] if s_span else None,
            "deviation_reason": gold["deviation_reason"] if d_span else None,
            "quotes": {
                "name": self._quote(name),
                "target": self._quote(t_span),
                "actual": self._quote(a_span),
                "weight": self._quote(w_span),
                "score": self._quote(s_span),
                "deviation_reason": self._quote(d_span),
            },
        }

    def budgets(self, fixture: dict[str, Any]) -> list[dict[str, Any]]:
        items = []
        for project in fixture.get("projects", []):
            budget = project.get("budget") or {}
            figures = {k: budget.get(k) for k in BUDGET_FIELDS} | {"self_score": project.get("self_score")}
            spans = {k: _figure_span(self.chunk, v) if v is not None else None for k, v in figures.items()}
            if not any(_long(spans[k]) for k in ("initial", "carryover", "adjusted", "spent")):
                continue
            item: dict[str, Any] = {k: figures[k] if spans[k] else None for k in figures}
            item["project"] = project["name"] if self.names.find(project["name"]) else None
            item["quotes"] = {k: self._quote(span) for k, span in spans.items()}
            items.append(item)
        return items

    def budget_lines(self, fixture: dict[str, Any]) -> list[dict[str, Any]]:
        items = []
        for line in fixture.get("budget_lines", []):
            name = self.names.find(line["name"])
            if not name:
                continue
            cursor, end = name[1], self.values.window_end(name[1])
            item: dict[str, Any] = {"name": line["name"], "quotes": {"name": self._quote(name)}}
            for key in ("initial", "adjustment", "adjusted", "spent", "execution_rate"):
                span = _figure_span(self.chunk, line[key], cursor, end) if line.get(key) is not None else None
                item[key], item["quotes"][key] = (line[key] if span else None), self._quote(span)
                cursor = span[1] if span else cursor
            if any(item["quotes"][k] for k in item["quotes"] if k != "name"):
                items.append(item)
        return items

    def report(self, gold: dict[str, Any]) -> dict[str, Any] | None:
        title = self.names.find(gold["title"]) if gold.get("title") else None
        agency = self.names.find(gold["agency"]) if gold.get("agency") else None
        if not (title or agency):
            return None
        year = gold.get("fiscal_year")
        year_span = self.values.find(str(year)) if year else None
        return {
            "title": gold["title"] if title else None,
            "report_kind": gold.get("report_kind") if title else None,
            "fiscal_year": year if year_span else None,
            "agency": gold["agency"] if agency else None,
            "province": gold.get("province") if self.names.find(gold.get("province") or "") else None,
            "city": gold.get("city") if self.names.find(gold.get("city") or "") else None,
            "county": gold.get("county") if self.names.find(gold.get("county") or "") else None,
            "quotes": {
                "title": self._quote(title),
                "fiscal_year": self._quote(year_span),
                "agency": self._quote(agency),
            },
        }


def _long(span: Span | None) -> bool:
    """A figure of at least 3 characters: `4` alone is too common to prove a budget is here."""
    return span is not None and span[1] - span[0] >= 3


def _grounded_count(item: dict[str, Any]) -> int:
    return sum(value is not None for value in item["quotes"].values())
