"""How `recover_layout` scales with the length of one table, per linearisation.

For each linearisation the layout recognises, one report holds one indicator table of N rows
written that way; `recover_layout` runs on it at each N of `sizes` and the seconds are measured
in this one process. Linear time means `seconds per 1,000 rows` stays flat as N grows
(`growth` = that figure at the largest N over the smallest; about 1 is linear, about N-ratio is
quadratic). One more line, `rules on tabs`, times the rules backend on the tab-written table
(normalise, layout, `extract_rules`: every rules reader, the merge and the assembly), so a
reader that rescans the text per row shows as growth. Each measurement is the best of
`REPEATS` runs, so a scheduler hiccup on the shared cores does not make a line look superlinear.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.core.document import Document
from pipeline.extract.rules.extractor import extract_rules
from pipeline.layout import recover_layout
from pipeline.normalize import normalize

REPEATS = 3
HEADER = ("三级指标", "年度指标值", "实际完成值", "分值")


def _rows(count: int) -> list[tuple[str, ...]]:
    return [HEADER, *((f"培训人次{k}", f"≥{k}人次", f"{k + 1}人次", "10") for k in range(count))]


WRITERS: dict[str, Callable[[list[tuple[str, ...]]], str]] = {
    "html_rows": lambda rows: (
        "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    ),
    "tabs": lambda rows: "\n".join("\t".join(r) for r in rows),
    "pipe_rows": lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows),
    "pipe_stream": lambda rows: "".join("".join(f"{c} |\n" for c in r) + "|||||\n" for r in rows),
    "cell_lines": lambda rows: "\n\n".join("\n".join("\t" + c for c in r) for r in rows),
    "cell_stream": lambda rows: "\n\n".join(c for r in rows for c in r),
    "spaced": lambda rows: "\n".join("   ".join(r) for r in rows),
    "one_line_form": lambda rows: " ".join(c for r in rows for c in r),
}


def _rules(text: str) -> None:
    norm = normalize(text)
    extract_rules(
        Document(path="table.txt", sha256="", format="txt", text=text), norm, recover_layout(norm.text)
    )


def _seconds(text: str, run: Callable[[str], object] = recover_layout) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - started)
    return best


def _line(name: str, per_thousand: list[float]) -> dict[str, Any]:
    return {
        "linearisation": name,
        "seconds_per_1000_rows": [round(s, 4) for s in per_thousand],
        "growth": round(per_thousand[-1] / per_thousand[0], 2) if per_thousand[0] else None,
    }


def measure_layout(sizes: Sequence[int]) -> dict[str, Any]:
    """Seconds per 1,000 rows for every linearisation at every size, and the growth."""
    lines = [
        _line(name, [_seconds(write(_rows(n))) / n * 1000 for n in sizes]) for name, write in WRITERS.items()
    ]
    rules = [_seconds(WRITERS["tabs"](_rows(n)), _rules) / n * 1000 for n in sizes]
    lines.append(_line("rules on tabs", rules))
    return {"rows": list(sizes), "runs": lines}
