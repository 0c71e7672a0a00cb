"""How the oracle reads one fixture's gold items in one chunk: only what is written there.

An indicator is read where its name is written (see `name_spans`); a name written inside a
longer gold name (`公众满意度` in `社会公众满意度`) is that longer indicator, not this one. An
indicator whose name is not written at all is read where its target is, when the target is
distinctive text (`至少检查我县 58 家`: at least 6 letters or digits, one of them a CJK character);
the target is then also the name's quote.

Its values, for each place the name is written:

- the target's raw text after the name, up to `WINDOW` characters on and before the next other
  gold name — except names joined to this one by 、/和/及/与 (`A、B均在90%以上` gives both A and B
  90%以上); else the last one before the name in the same clause (`保证 100% 落实整改率`);
- the actual likewise, after the target when the target is after the name;
- weight and score after those, the deviation reason anywhere in the chunk;
- level1/level2/project only when written in the user message.

The place with the most values wins; values it lacks come from the other places, the actual
read there right after the name (`…执行率达100%…` early, `…执行率达 100%` in the results: target
from the first, actual from the second).

Budgets: a project's figures when one of its amounts is written (as 万元, or as 元 = 万元 × 10000),
given as written — in 元 with `unit: 元` when every amount found is written in 元;
budget-table rows when their name and a figure after it are; report facts when written (an
agency also as its usual short form, `宿州市医保局` for `宿州市医疗保障局`). Every quote is the
verbatim chunk substring the value was found in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline_testing.fake_text import NUMBER, Span, TextView, figure_span, inside, name_spans

BUDGET_FIELDS = ("initial", "carryover", "adjusted", "spent", "execution_rate")
AMOUNTS = ("initial", "carryover", "adjusted", "spent")
LINE_AMOUNTS = ("initial", "adjustment", "adjusted", "spent")
YUAN_PER_WAN = 10_000
LINE_FIELDS = ("initial", "adjustment", "adjusted", "spent", "execution_rate")
JOINERS = frozenset({"、", "和", "及", "与", "以及"})
CLAUSE_MARKS = "，,。；;：:\n\t"
SHORT_FORMS = (("医疗保障局", "医保局"), ("卫生健康委员会", "卫健委"), ("人力资源和社会保障局", "人社局"))
VALUE_FIELDS = ("target", "actual", "weight", "score")
PLACES = ("province", "city", "county")
SELF_SCORE = re.compile(r"(?:自评得分|评价得分|自评分数?|自评)\s*(?:为|是|[:：])?\s*")
Gold = dict[str, Any]


@dataclass(frozen=True)
class _Reading:
    """Where one indicator's values were found, by field (None: not found)."""

    name: Span
    spans: dict[str, Span | None]

    @property
    def count(self) -> int:
        return sum(span is not None for span in self.spans.values())


@dataclass(frozen=True)
class ChunkReader:
    chunk: str
    names: TextView
    values: TextView
    context: TextView  # the whole user message: labels written outside the chunk count

    @classmethod
    def of(cls, chunk: str, context: str = "") -> ChunkReader:
        views = TextView(chunk, keep_symbols=False), TextView(chunk, keep_symbols=True)
        return cls(chunk, *views, TextView(context or chunk, keep_symbols=False))

    def _quote(self, span: Span | None) -> str | None:
        return self.chunk[span[0] : span[1]] if span else None

    def _written(self, label: str | None) -> str | None:
        return label if label and self.context.find(label) else None

    def indicators(self, golds: Sequence[Gold]) -> list[dict[str, Any]]:
        found = [(gold, name_spans(self.names, gold["name"])) for gold in golds]
        every = [(span, gold["name"]) for gold, spans in found for span in spans]
        items = []
        for gold, written in found:
            others = sorted({s for s, n in every if n != gold["name"]})
            spans = [s for s in written if not any(inside(s, other) for other in others)]
            if spans:
                items.append(self._indicator(gold, spans, others))
            elif not written and (named := self._by_target(gold)) is not None:
                spans_by_field = dict.fromkeys(VALUE_FIELDS) | {"target": named}
                items.append(self._item(gold, _Reading(named, spans_by_field)))
        return items

    def _by_target(self, gold: Gold) -> Span | None:
        raw = (gold.get("target") or {}).get("raw") or ""
        letters = self.names.normalise(raw)
        distinctive = len(letters) >= 6 and any("\u4e00" <= c <= "\u9fff" for c in letters)
        return self.values.find(raw) if distinctive else None

    def _indicator(self, gold: Gold, spans: list[Span], others: list[Span]) -> dict[str, Any]:
        readings = [self._read(gold, span, others, with_target=True) for span in spans]
        best = max(readings, key=lambda r: r.count)
        merged = dict(best.spans)
        for span in spans:
            if span == best.name:
                continue
            later = self._read(gold, span, others, with_target=merged["target"] is None)
            for field, found in later.spans.items():
                if merged[field] is None and found is not None and found != merged["target"]:
                    merged[field] = found
        return self._item(gold, _Reading(best.name, merged))

    def _read(self, gold: Gold, name: Span, others: list[Span], with_target: bool) -> _Reading:
        after, end = self._value_window(name, others)
        before = self._clause_start(name, others)
        target, actual = gold.get("target") or {}, gold.get("actual") or {}
        t_span = self._near(target.get("raw"), (after, end), (before, name[0])) if with_target else None
        a_from = t_span[1] if t_span and t_span[0] >= name[1] else after
        a_span = self._near(actual.get("raw"), (a_from, end), (before, name[0]), avoid=t_span)
        cursor = max(s[1] for s in (name, t_span, a_span) if s is not None)
        w_span = self._figure(gold.get("weight"), cursor, end)
        s_span = self._figure(gold.get("score"), w_span[1] if w_span else cursor, end)
        return _Reading(name, {"target": t_span, "actual": a_span, "weight": w_span, "score": s_span})

    def _near(self, raw: str | None, after: Span, before: Span, avoid: Span | None = None) -> Span | None:
        """`raw` after the name, else the last one before it in its clause (never `avoid`)."""
        if not raw:
            return None
        found = self.values.find(raw, *after)
        if found is None or found == avoid:
            found = self.values.find_last(raw, *before) if before[0] < before[1] else None
        return None if found == avoid else found

    def _value_window(self, name: Span, others: list[Span]) -> tuple[int, int]:
        """Values start after the name (after names joined to it) and end before the next name."""
        cursor = name[1]
        for start, stop in others:
            if stop <= cursor:
                continue
            if start < cursor or self.chunk[cursor:start].strip() in JOINERS:
                cursor = max(cursor, stop)
                continue
            return name[1], min(self.values.window_end(cursor), start)
        return name[1], self.values.window_end(cursor)

    def _clause_start(self, name: Span, others: list[Span]) -> int:
        marks = max(self.chunk.rfind(mark, 0, name[0]) for mark in CLAUSE_MARKS) + 1
        previous = max((stop for _, stop in others if stop <= name[0]), default=0)
        return max(marks, previous)

    def _figure(self, value: float | None, start: int, end: int) -> Span | None:
        return figure_span(self.chunk, value, start, end) if value is not None else None

    def _item(self, gold: Gold, reading: _Reading) -> dict[str, Any]:
        target, actual = gold.get("target") or {}, gold.get("actual") or {}
        t, a, w, s = (reading.spans[f] for f in VALUE_FIELDS)
        d_span = self.names.find(gold["deviation_reason"]) if gold.get("deviation_reason") else None
        return {
            "project": self._written(gold["project"]),
            "level1": self._written(gold.get("level1")),
            "level2": self._written(gold.get("level2")),
            "name": gold["name"],
            "target_raw": self._quote(t),
            "op": target.get("op") if t else None,
            "target_value": target.get("value") if t else None,
            "target_unit": target.get("unit") if t else None,
            "actual_raw": self._quote(a),
            "actual_value": actual.get("value") if a else None,
            "actual_unit": actual.get("unit") if a else None,
            "weight": gold["weight"] if w else None,
            "score": gold["score"] if s else None,
            "deviation_reason": gold["deviation_reason"] if d_span else None,
            "quotes": {
                "name": self._quote(reading.name),
                "target": self._quote(t),
                "actual": self._quote(a),
                "weight": self._quote(w),
                "score": self._quote(s),
                "deviation_reason": self._quote(d_span),
            },
        }

    def budgets(self, projects: Sequence[Gold]) -> list[dict[str, Any]]:
        items = []
        for project in projects:
            budget = project.get("budget") or {}
            figures = {k: budget.get(k) for k in BUDGET_FIELDS} | {"self_score": project.get("self_score")}
            spans = {k: figure_span(self.chunk, v) if v is not None else None for k, v in figures.items()}
            stated = self._self_score(figures["self_score"])
            spans["self_score"] = stated or spans["self_score"]
            if not any(_long(spans[k]) for k in ("initial", "carryover", "adjusted", "spent")):
                if stated is None:
                    continue
                spans = dict.fromkeys(spans) | {"self_score": stated}
            item: dict[str, Any] = {k: figures[k] if spans[k] else None for k in figures}
            item["project"] = project["name"] if self.names.find(project["name"]) else None
            item["quotes"] = {k: self._quote(span) for k, span in spans.items()}
            items.append(self._as_written(item, AMOUNTS))
        return items

    def _as_written(self, item: dict[str, Any], amounts: Sequence[str]) -> dict[str, Any]:
        """Amounts as the text writes them: when every amount found is written in 元 (the gold's
        万元 × 10000), the amounts in 元 with `unit: 元`; otherwise as they are, in 万元."""
        found = [k for k in amounts if item.get(k) is not None and item["quotes"].get(k)]
        in_yuan = [k for k in found if _written_in_yuan(item["quotes"][k], item[k])]
        if not found or len(in_yuan) != len(found):
            return item
        return item | {k: round(item[k] * YUAN_PER_WAN, 2) for k in found} | {"unit": "元"}

    def _self_score(self, score: float | None) -> Span | None:
        """The self-score where a label states it (`自评得分 91.9 分`, `自评得分为100分`)."""
        if score is None:
            return None
        for label in SELF_SCORE.finditer(self.chunk):
            number = NUMBER.match(self.chunk, label.end())
            if number and (span := figure_span(self.chunk, score, *number.span())) is not None:
                return span
        return None

    def budget_lines(self, lines: Sequence[Gold]) -> list[dict[str, Any]]:
        items = []
        for line in lines:
            name = self.names.find(line["name"])
            if not name:
                continue
            cursor, end = name[1], self.values.window_end(name[1])
            item: dict[str, Any] = {"name": line["name"], "quotes": {"name": self._quote(name)}}
            for key in LINE_FIELDS:
                span = figure_span(self.chunk, line[key], cursor, end) if line.get(key) is not None else None
                item[key], item["quotes"][key] = (line[key] if span else None), self._quote(span)
                cursor = span[1] if span else cursor
            if any(item["quotes"][k] for k in item["quotes"] if k != "name"):
                items.append(self._as_written(item, LINE_AMOUNTS))
        return items

    def report(self, gold: Gold) -> dict[str, Any] | None:
        title = self.names.find(gold["title"]) if gold.get("title") else None
        agency = self._agency(gold.get("agency"))
        if not (title or agency):
            return None
        year = gold.get("fiscal_year")
        year_span = self.values.find(str(year)) if year else None
        places = {k: gold.get(k) if self.names.find(gold.get(k) or "") else None for k in PLACES}
        return {
            "title": gold["title"] if title else None,
            "report_kind": gold.get("report_kind") if title else None,
            "fiscal_year": year if year_span else None,
            "agency": gold["agency"] if agency else None,
            **places,
            "quotes": {
                "title": self._quote(title),
                "fiscal_year": self._quote(year_span),
                "agency": self._quote(agency),
            },
        }

    def _agency(self, agency: str | None) -> Span | None:
        """The agency as written, else in its usual short form (`宿州市医保局`)."""
        if not agency:
            return None
        forms = [agency] + [agency.replace(full, short) for full, short in SHORT_FORMS if full in agency]
        return next((span for form in forms if (span := self.names.find(form))), None)


def _written_in_yuan(quote: str, value: float) -> bool:
    """Whether `quote` writes `value` 万元 as 元 (19600 for 1.96), not as the value itself."""
    span = figure_span(quote, value)
    if span is None:
        return False
    number = float(quote[span[0] : span[1]].replace(",", "").replace("−", "-"))
    return not math.isclose(number, value, abs_tol=1e-6)


def _long(span: Span | None) -> bool:
    """A figure of at least 3 characters: `4` alone is too common to prove a budget is here."""
    return span is not None and span[1] - span[0] >= 3
