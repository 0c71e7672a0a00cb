"""Repairs of OCR errors in figures, each edit recorded so confidence can drop and review can see it.

OCR reads `0` as `O`/`o` and `1` as `l`/`I` inside digit runs: a letter is repaired only inside a
figure that starts with a digit and touches no Latin word, so words and codes are never touched.
`≥` read as `2` is repaired only where the caller proves it (`misread_geq`), or — for a rate
target — where the row itself proves it (`rate_geq_read_as_2`):

    >>> r = repair_digits("≥1OO人次，覆盖率9O%")
    >>> r.text, [(e.start, e.before, e.after) for e in r.edits]
    ('≥100人次，覆盖率90%', [(2, 'O', '0'), (3, 'O', '0'), (11, 'O', '0')])
    >>> repair_digits("OK").edits
    ()
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LOOKALIKES: dict[str, str] = {"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"}
# A figure: starts with a digit not glued to a Latin word, runs on over digits and lookalikes,
# and is not followed by a Latin letter: `1OO人次`, `9O%`, `2O2l年`. `ISO9001`, `O2O`, `No.1` stay.
_FIGURE = re.compile(r"(?<![A-Za-z])\d[\dOo〇lI]*(?![A-Za-z])")
_LOOKALIKE = re.compile(r"[Oo〇lI]")


@dataclass(frozen=True)
class OcrEdit:
    """One character changed: `text[start]` was `before`, is now `after`, for `reason`."""

    start: int
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class Repaired:
    """The repaired text (same length as the input) and every edit made."""

    text: str
    edits: tuple[OcrEdit, ...]

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def repair_digits(text: str) -> Repaired:
    """Lookalike letters inside digit runs made digits (see the module docstring)."""
    # Built from slices between the edits, not from `list(text)`: one str object per character
    # would cost ~80 bytes per CJK character (a 50 MB report: gigabytes).
    pieces: list[str] = []
    edits: list[OcrEdit] = []
    cursor = 0
    for figure in _FIGURE.finditer(text):
        for match in _LOOKALIKE.finditer(figure.group(0)):
            at = figure.start() + match.start()
            after = _LOOKALIKES[match.group(0)]
            pieces += (text[cursor:at], after)
            cursor = at + 1
            edits.append(OcrEdit(at, match.group(0), after, "digit_lookalike"))
    if not edits:
        return Repaired(text, ())
    pieces.append(text[cursor:])
    return Repaired("".join(pieces), tuple(edits))


def has_lookalike(text: str) -> bool:
    """Whether `text` holds a letter `repair_digits` can make a digit: a text without one has
    nothing to repair (a cheap test before the repair, for the many cells that need none)."""
    return _LOOKALIKE.search(text) is not None


def misread_geq(text: str, at: int) -> Repaired:
    """`text[at]` (a `2`) read as `≥`. Only the caller can prove it — e.g. a target column whose
    other cells all start with ≥ and where `2` would make the value 100 times too large (`2100%`)."""
    if text[at : at + 1] != "2":
        raise ValueError(f"no '2' at {at} in {text!r}")
    return Repaired(text[:at] + "≥" + text[at + 1 :], (OcrEdit(at, "2", "≥", "geq_read_as_2"),))


# `2` + a rate of at most 100 % (`290%`, `299.5%`, `2100%`): `200%` or `2%` never match.
_TWO_THEN_RATE = re.compile(r"2((?:100|[1-9]\d?)(?:\.\d+)?)%")
_RATE = re.compile(r"(\d+(?:\.\d+)?)%")
_FULL_RATE = 100.0


def rate_geq_read_as_2(target: str, actual: str | None) -> Repaired | None:
    """A rate target whose `≥` OCR read as `2`, when the row proves it: the target reads `2` and a
    rate of at most 100 % (`290%`), and the row's actual is a rate of at most 100 % too — a share
    measured against a target of 290 % makes no form's sense, `≥90%` does. The caller still checks
    that the column writes `≥` elsewhere (OCR misreads a glyph it reads right in other cells).

        >>> rate_geq_read_as_2("290%", "88.5%").text
        '≥90%'
        >>> rate_geq_read_as_2("200%", "150%"), rate_geq_read_as_2("290%", "310%")
        (None, None)
    """
    if actual is None or not _TWO_THEN_RATE.fullmatch(target):
        return None
    measured = _RATE.fullmatch(actual)
    if measured is None or float(measured.group(1)) > _FULL_RATE:
        return None
    return misread_geq(target, 0)
