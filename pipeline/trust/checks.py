"""Domain checks: what in a report does not add up. Each finding is a `Flag` (kind, message, JSON
path) plus the fields whose confidence it caps (`confidence.CAPS`).

Extraction records what is written; these checks say where it is inconsistent, whether the
source or the reading is at fault — a reviewer decides which.

| kind                      | when                                                       | caps            |
|---------------------------|------------------------------------------------------------|-----------------|
| execution_rate_mismatch   | stated rate ≠ spent / budget by > 0.5 points (budget =      | rate, spent,    |
|                           | adjusted, else initial + carryover)                        | budget          |
| execution_rate_over_100   | stated rate > 100 %                                        | rate            |
| negative_amount           | a budget figure below 0 (adjustments may be negative)      | the figure      |
| score_exceeds_weight      | an indicator's score > its weight                          | score, weight   |
| weights_not_100           | the weights of a project's indicators do not sum to 100     | — (information) |
|                           | (nor to 100 with the budget row's 分值, see below)          |                 |
| scores_not_self_score     | the scores do not sum to the self-score (nor with the      | self_score      |
|                           | budget row's 得分)                                          |                 |
| unmet_without_reason      | target judged unmet (`judge_met`) and no deviation reason  | target, actual  |
| duplicate_indicator       | one name twice in a project with different values          | those values    |
| year_mismatch             | a table header or title line names another year            | fiscal_year     |
| decode_errors             | the text has undecodable bytes (U+FFFD): count and first   | values over a   |
|                           | offset; a value whose evidence covers one is capped too    | `�` (apply.py)  |

The budget row counts: on the standard project form the budget table's 年度资金总额 row carries
分值 10 / 得分 9.5 for budget execution and the indicators hold the other 90 points
(`budget_points`). The sums are checked with that row added; where the form has such a row but
its points cannot be read, the sum checks cannot decide and stay silent rather than flag a
correct report.

Year example: a 2024 report whose table header is the line `(2021 年度)` →
`year_mismatch` at `report.fiscal_year`: "line '(2021 年度)' at offset … names 2021; the fiscal
year is 2024". Years in prose (`2025年度工作计划` in a long line, `〔2025〕54 号`) are not headers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from pipeline.core.models import Budget, BudgetLine, Flag, Indicator, Project, ReportExtraction
from pipeline.domain.names import name_key
from pipeline.trust.budget_points import BudgetPoints, budget_points

CHECK_KINDS = (
    "execution_rate_mismatch",
    "execution_rate_over_100",
    "negative_amount",
    "score_exceeds_weight",
    "weights_not_100",
    "scores_not_self_score",
    "unmet_without_reason",
    "duplicate_indicator",
    "year_mismatch",
    "decode_errors",
)
REPLACEMENT = "\ufffd"  # what reading puts where bytes could not be decoded
RATE_TOLERANCE = 0.5  # percentage points
SUM_TOLERANCE = 0.5
_HEADER_WORDS = ("自评表", "评价表", "目标表", "自评报告", "评价报告", "情况表")
# What a line must hold, as written, for its NFKC form to hold a header word (`_may_hold_header`):
# the end of each word from the first character that NFKC makes of itself alone (况 is also made
# of U+FA71 and U+2F81B; 自 and 目 of others too).
_HEADER_CORES = ("评表", "价表", "标表", "评报告", "价报告", "况表", "\ufa71表", "\U0002f81b表")
_MAX_HEADER_LINE = 60
_BRACKETED_YEAR = re.compile(r"^[（(]\s*((?:19|20)\d{2})\s*年度?\s*[）)]$")
_YEAR = re.compile(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年度?")
_COMPATIBILITY_NIAN = "\uf98e"  # the CJK compatibility ideograph that NFKC turns into 年


@dataclass(frozen=True)
class Finding:
    flag: Flag
    fields: tuple[str, ...] = ()


def _finding(kind: str, message: str, path: str, *fields: str) -> Finding:
    return Finding(Flag(kind=kind, message=message, path=path), tuple(fields))


def _rate_checks(
    path: str, rate: float | None, spent: float | None, budget: tuple[str, float] | None
) -> list[Finding]:
    """`path` is the record's path; budget fields are named relative to it."""
    findings: list[Finding] = []
    if rate is None:
        return findings
    if rate > 100.0:
        message = f"execution rate {rate:g} % is above 100 %"
        findings.append(
            _finding("execution_rate_over_100", message, f"{path}.execution_rate", f"{path}.execution_rate")
        )
    if spent is not None and budget is not None and budget[1] > 0:
        name, amount = budget
        computed = spent / amount * 100.0
        if abs(computed - rate) > RATE_TOLERANCE:
            message = (
                f"execution rate {rate:g} % but spent / {name} = {spent:g} / {amount:g} = {computed:.2f} %"
            )
            fields = (f"{path}.execution_rate", f"{path}.spent", *(f"{path}.{f}" for f in name.split(" + ")))
            findings.append(_finding("execution_rate_mismatch", message, f"{path}.execution_rate", *fields))
    return findings


def _denominator(record: Budget | BudgetLine) -> tuple[str, float] | None:
    """The budget a rate is taken against: adjusted, else initial (+ carryover when stated)."""
    if record.adjusted is not None:
        return "adjusted", record.adjusted
    carryover = getattr(record, "carryover", None)
    if record.initial is not None and carryover is not None:
        return "initial + carryover", record.initial + carryover
    if record.initial is not None:
        return "initial", record.initial
    return None


def _negative(path: str, record: Budget | BudgetLine, names: tuple[str, ...]) -> Iterator[Finding]:
    for name in names:
        value = getattr(record, name)
        if value is not None and value < 0:
            yield _finding(
                "negative_amount", f"{name} is negative: {value:g}", f"{path}.{name}", f"{path}.{name}"
            )


def budget_findings(result: ReportExtraction) -> list[Finding]:
    findings: list[Finding] = []
    for p, project in enumerate(result.projects):
        path, budget = f"projects[{p}].budget", project.budget
        findings += _rate_checks(path, budget.execution_rate, budget.spent, _denominator(budget))
        findings += _negative(path, budget, ("initial", "carryover", "adjusted", "spent", "execution_rate"))
    for b, line in enumerate(result.budget_lines):
        path = f"budget_lines[{b}]"
        findings += _rate_checks(path, line.execution_rate, line.spent, _denominator(line))
        findings += _negative(path, line, ("initial", "adjusted", "spent", "execution_rate"))
    return findings


def _sum_checks(
    base: str,
    project: Project,
    weights: Sequence[float],
    scores: Sequence[float],
    unscored: bool,
    budget_rows: list[BudgetPoints],
) -> Iterator[Finding]:
    """`weights_not_100` and `scores_not_self_score` of the project at `base`, from its indicators'
    weights and scores in order (`unscored`: one has a weight and no score)."""
    if len(weights) >= 2 and not _adds_up(sum(weights), 100.0, [row.weight for row in budget_rows]):
        yield _finding(
            "weights_not_100", f"the weights sum to {sum(weights):g}, not 100", f"{base}.indicators"
        )
    self_score = project.self_score
    if (
        len(scores) >= 2
        and not unscored
        and self_score is not None
        and not _adds_up(sum(scores), self_score, [row.score for row in budget_rows])
    ):
        message = f"the scores sum to {sum(scores):g}, the self-score is {self_score:g}"
        yield _finding("scores_not_self_score", message, f"{base}.self_score", f"{base}.self_score")


def _adds_up(total: float, expected: float, budget_row: list[float | None]) -> bool:
    """True when `total` is `expected`, alone or with a budget row's points — or when a form has
    a budget row whose points could not be read (undecidable: no flag)."""
    if abs(total - expected) <= SUM_TOLERANCE:
        return True
    if any(points is None for points in budget_row):
        return True
    return any(abs(total + points - expected) <= SUM_TOLERANCE for points in budget_row if points is not None)


def _unmet(path: str, ind: Indicator) -> Finding:
    """`unmet_without_reason` of an indicator judged unmet with no deviation reason."""
    target, actual = ind.target.raw or ind.target.value, ind.actual.raw or ind.actual.value
    message = f"{ind.name}: target {target} not met (actual {actual}) and no deviation reason"
    return _finding("unmet_without_reason", message, path, f"{path}.target", f"{path}.actual")


def _differing(a: Indicator, b: Indicator) -> list[str]:
    fields = []
    both = a.target.value is not None and b.target.value is not None
    if both and (a.target.op, a.target.value, a.target.unit) != (b.target.op, b.target.value, b.target.unit):
        fields.append("target")
    if a.actual.value is not None and b.actual.value is not None and a.actual.value != b.actual.value:
        fields.append("actual")
    return fields


class IndicatorTally:
    """What the indicator checks need of one project's indicators, handed to it one at a time
    (`add`), so that the indicators need not be alive together: the findings of each indicator
    alone (score above weight, unmet), the weights and scores in order, and each
    distinct name's key with the index of its first statement. `first(i)` gives the project's
    indicator `i` again when a later one repeats its name (`duplicate_indicator` compares the
    two). `findings` gives what `indicator_findings` gives for the project, in its order.

    Worked example: indicators `A` (weight 60, score 60) and `A` (weight 30, score 20, another
    target) in project 0 with self-score 90: `findings` is a `weights_not_100` (90), a
    `scores_not_self_score` (80 against 90) and a `duplicate_indicator` at
    `projects[0].indicators[1]`.
    """

    __slots__ = (
        "_base",
        "_duplicates",
        "_exceeds",
        "_first",
        "_scores",
        "_seen",
        "_unmet",
        "_unscored",
        "_weights",
        "count",
    )

    def __init__(self, p: int, first: Callable[[int], Indicator]) -> None:
        self._base = f"projects[{p}]"
        self._first = first
        self.count = 0
        self._exceeds: list[Finding] = []
        self._duplicates: list[Finding] = []
        self._unmet: list[Finding] = []
        # lists, not arrays of doubles: a backend's invalid record may hold a text in a number
        # field, which the checks must pass over as they always did (the models reject it later)
        self._weights: list[float] = []
        self._scores: list[float] = []
        self._unscored = False
        self._seen: dict[str, int] = {}

    def add(self, ind: Indicator) -> None:
        """Tally the project's next indicator (its `met` judged)."""
        i, base = self.count, self._base
        self.count += 1
        path = ""  # the indicator's path, made only for a finding (most indicators have none)
        weight, score = ind.weight, ind.score
        if score is not None and weight is not None and score > weight:
            path = f"{base}.indicators[{i}]"
            message = f"{ind.name}: score {score:g} is above its weight {weight:g}"
            self._exceeds.append(
                _finding("score_exceeds_weight", message, f"{path}.score", f"{path}.score", f"{path}.weight")
            )
        if weight is not None:
            self._weights.append(weight)
            self._unscored = self._unscored or score is None
        if score is not None:
            self._scores.append(score)
        key = name_key(ind.name)
        first = self._seen.setdefault(key, i)
        if first != i:
            differing = _differing(self._first(first), ind)
            if differing:
                path = path or f"{base}.indicators[{i}]"
                a = f"{base}.indicators[{first}]"
                message = f"{ind.name} is stated twice ({a}, {path}) with different {' and '.join(differing)}"
                fields = [f"{at}.{field}" for at in (a, path) for field in differing]
                self._duplicates.append(_finding("duplicate_indicator", message, path, *fields))
        if ind.met is False and not (ind.deviation_reason or "").strip():
            self._unmet.append(_unmet(path or f"{base}.indicators[{i}]", ind))

    def findings(self, project: Project, budget_rows: list[BudgetPoints]) -> list[Finding]:
        """The project's indicator findings: each indicator's score above weight, the sums,
        the duplicates, the unmet targets."""
        sums = _sum_checks(self._base, project, self._weights, self._scores, self._unscored, budget_rows)
        return [*self._exceeds, *sums, *self._duplicates, *self._unmet]


def tallied(p: int, project: Project) -> IndicatorTally:
    """The tally of project `p`'s indicators, all alive in the project."""
    tally = IndicatorTally(p, project.indicators.__getitem__)
    for ind in project.indicators:
        tally.add(ind)
    return tally


def indicator_findings(result: ReportExtraction, text: str = "") -> list[Finding]:
    """Indicator checks; `text` is searched for the budget rows that score execution (see above)."""
    return tallied_findings(result, [tallied(p, project) for p, project in enumerate(result.projects)], text)


def tallied_findings(result: ReportExtraction, tallies: Sequence[IndicatorTally], text: str) -> list[Finding]:
    """The indicator checks of `result`'s projects from their tallies (the projects' own
    indicators are not read: they may be handed on already)."""
    budget_rows = budget_points(text)
    return [
        f
        for project, tally in zip(result.projects, tallies, strict=True)
        for f in tally.findings(project, budget_rows)
    ]


def _header_years(line: str) -> list[int]:
    """Years named by a table header or title line; [] for any other line."""
    if not _may_name_a_year(line) or not (_may_hold_header(line) or _may_be_bracketed(line)):
        return []
    text = unicodedata.normalize("NFKC", line).strip()
    bracketed = _BRACKETED_YEAR.match(text)
    if bracketed:
        return [int(bracketed.group(1))]
    if len(text) > _MAX_HEADER_LINE or not any(word in text for word in _HEADER_WORDS):
        return []
    return [int(m.group(1)) for m in _YEAR.finditer(text)]


def _may_name_a_year(line: str) -> bool:
    """False for a line `_header_years` would find nothing in, told without normalising it
    (NFKC of a long line of prose costs ~20 µs; most lines are prose).

    A year is followed by 年, and each header word holds 表 or 报: NFKC makes these of themselves
    and of U+F98E (年) alone, and composes none of them. A line with 年 but neither 表 nor 报 can
    only be a bracketed year, which starts with a bracket: its first character, normalised alone,
    says (NFKC composes marks *into* a starter, never into a bracket).
    """
    if "年" not in line and _COMPATIBILITY_NIAN not in line:
        return False
    if "表" in line or "报" in line:
        return True
    return _opens_with_bracket(line)


def _opens_with_bracket(line: str) -> bool:
    """Whether the line's NFKC form may start with a bracket (or be blank), told from its first
    character normalised alone."""
    head = unicodedata.normalize("NFKC", line.lstrip()[:1]).strip()
    return not head or head[0] in "(（"


def _may_be_bracketed(line: str) -> bool:
    """Whether the line's NFKC form may open and close with a bracket, told from its first and
    last characters normalised alone: no bracket composes with a neighbour, so the form's first
    and last characters are those of its ends' own forms. A numbered paragraph `（一）……。` is not."""
    text = line.strip()
    # the end first: a line that opens with a bracket mostly closes on 。 (a numbered paragraph)
    tail = unicodedata.normalize("NFKC", text[-1:]).strip()
    if tail and tail[-1] not in ")）":
        return False
    head = unicodedata.normalize("NFKC", text[:1]).strip()
    return not head or head[0] in "(（"


def _may_hold_header(line: str) -> bool:
    """False for a line whose NFKC form holds no `_HEADER_WORDS`, told without normalising it
    (most lines with 年 and 报 are prose: 报告, 上报). NFKC maps every character to one or more,
    composes none into a CJK ideograph, and makes 评, 价, 表, 标, 报 and 告 only of themselves
    (tests/test_trust_checks.py checks every code point): a header word in the normalised line
    leaves its core (`_HEADER_CORES`) in the line as written, its characters side by side.
    """
    return any(core in line for core in _HEADER_CORES)


def year_findings(result: ReportExtraction, text: str) -> list[Finding]:
    year = result.report.fiscal_year
    if year is None:
        return []
    findings = []
    lines = text.splitlines(keepends=True)
    starts: list[int] = []  # each line's offset, counted once a line is reported (summing the lines
    # before each reported one was quadratic in a long report naming many other years)
    # Only a line with 年 can name a year (`_may_name_a_year`): the others are skipped in one pass.
    for index in [i for i, line in enumerate(lines) if "年" in line or _COMPATIBILITY_NIAN in line]:
        line = lines[index]
        years = _header_years(line)  # mostly none: no set to make
        for other in sorted(set(years) - {year}) if years else ():
            starts = starts or list(accumulate(map(len, lines), initial=0))
            offset = starts[index]
            message = f"line {line.strip()!r} at offset {offset} names {other}; the fiscal year is {year}"
            findings.append(_finding("year_mismatch", message, "report.fiscal_year", "report.fiscal_year"))
    return findings


def decode_findings(text: str) -> list[Finding]:
    """One `decode_errors` flag when reading replaced undecodable bytes by U+FFFD."""
    count = text.count(REPLACEMENT)
    if not count:
        return []
    message = (
        f"{count} undecodable byte sequence{'s' if count > 1 else ''} replaced by U+FFFD, "
        f"the first at offset {text.index(REPLACEMENT)}; values there have low confidence"
    )
    return [_finding("decode_errors", message, "report")]


def run_checks(
    result: ReportExtraction, text: str, tallies: Sequence[IndicatorTally] | None = None
) -> list[Finding]:
    """Every check over one result (with `met` already judged) and its document text; `tallies`:
    its projects' indicators tallied as they were handed on (`IndicatorTally`), else read from
    the result."""
    return (
        budget_findings(result)
        + (indicator_findings(result, text) if tallies is None else tallied_findings(result, tallies, text))
        + year_findings(result, text)
        + decode_findings(text)
    )
