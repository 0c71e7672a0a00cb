"""Report fields: title, kind, the year evaluated, the reporting unit and where it is.

- title: the report's own title — the first line that names a self-evaluation report (not a
  cover letter `关于报送…的函`, not `附件1：…`), joined with the short title lines right above it
  and a `(2024年度)` line right below; else the first lines of the text.
- fiscal_year: the year the title evaluates (2024年度 / 2024年), else the first `XXXX年度` in the
  text; never a filing date.
- report_kind: 整体支出 → department; 项目 → project (title first, then the text).
- agency: a labelled unit (预算部门名称：苏州市医疗保障局), else the unit the title starts with,
  else the first place + 医保局/医疗保障局 in the text (宿州市医保局 → 宿州市医疗保障局).
- province/city/county: the place names inside the agency's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.vocab import AGENCY_LABELS, AGENCY_NAME_SUFFIXES, DEPARTMENT_WORDS, PROJECT_WORDS

_SUFFIXES = "|".join(sorted(AGENCY_NAME_SUFFIXES, key=len, reverse=True))
_AGENCY = re.compile(r"[\u4e00-\u9fff（）()]{2,24}?(?:" + _SUFFIXES + ")")
_LABELLED = re.compile(
    "(?:" + "|".join(re.escape(label) for label in AGENCY_LABELS) + r")"
    r"\s*[:：\t|]\s*\|?\s*(?:[(（]公章[)）])?\s*"
    r"(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:" + _SUFFIXES + "))"
)
_ABBREVIATED = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,6}?(?:省|市|县|区))医保局")
_YEAR_OF_REPORT = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?")
_YEAR_DU = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度")
_LETTER = re.compile(r"关于.*的(?:函|通知|报告)$|^附件|^索\s*引")
_PROVINCE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|自治区)")
_CITY = re.compile(r"[\u4e00-\u9fff]{2,4}?市(?!级)")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:县|区)(?!级)")
_SELF = ("我市", "全市", "本市", "我县", "全县", "我区", "全区", "市级")


@dataclass(frozen=True)
class ReportFields:
    title: Found | None = None
    report_kind: Found | None = None
    fiscal_year: Found | None = None
    agency: Found | None = None
    province: Found | None = None
    city: Found | None = None
    county: Found | None = None


@dataclass(frozen=True)
class _Line:
    text: str
    start: int


def _lines(text: str, limit: int = 60) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append(_Line(raw.strip(), pos + raw.index(raw.strip()[0])))
        pos += len(raw) + 1
        if len(out) >= limit:
            break
    return out


def _titleish(line: _Line, limit: int = 40) -> bool:
    return (
        len(line.text) <= limit
        and not re.search(r"[。，,；：:|]", line.text)
        and "\t" not in line.text
        and re.search(r"[\u4e00-\u9fff]", line.text) is not None
    )


def _names_a_report(line: _Line) -> bool:
    words = ("报告" in line.text or "自评表" in line.text) and ("自评" in line.text or "绩效" in line.text)
    return words and _titleish(line, 60) and not _LETTER.search(line.text)


def _title_lines(lines: list[_Line]) -> list[_Line]:
    for i, line in enumerate(lines):
        if _names_a_report(line):
            first = i
            while first > 0 and i - first < 3 and _titleish(lines[first - 1]) and first - 1 < 3:
                first -= 1
            last = (
                i + 1 if i + 1 < len(lines) and re.fullmatch(r"[(（].{2,20}[)）]", lines[i + 1].text) else i
            )
            return lines[first : last + 1]
    head = [ln for ln in lines[:2] if _titleish(ln) and not re.match(r"[一二三四五六七八九十]+、", ln.text)]
    if len(head) == 2 and not re.fullmatch(r"[(（].*[)）]", head[1].text):
        head = head[:1]
    return head


def _title(text: str) -> Found | None:
    chosen = _title_lines(_lines(text))
    if not chosen:
        return None
    end = chosen[-1].start + len(chosen[-1].text)
    return Found("".join(line.text for line in chosen), chosen[0].start, end)


def _fiscal_year(text: str, title: Found | None) -> Found | None:
    if title is not None:
        m = _YEAR_OF_REPORT.search(text, title.start, title.end)
        if m:
            return Found(int(m.group("year")), m.start("year"), m.end("year"))
    m = _YEAR_DU.search(text, 0, 3000)
    return Found(int(m.group("year")), m.start("year"), m.end("year")) if m else None


def _kind(text: str, title: Found | None) -> Found | None:
    scopes = [(title.start, title.end)] if title else []
    scopes.append((0, min(len(text), 4000)))
    for start, end in scopes:
        for words, kind in ((DEPARTMENT_WORDS, "department"), (PROJECT_WORDS, "project")):
            hits = [m for w in words if (m := re.search(re.escape(w), text[start:end]))]
            if hits:
                m = min(hits, key=lambda h: h.start())
                return Found(kind, start + m.start(), start + m.end())
    return None


def _agency(text: str, title: Found | None) -> Found | None:
    m = _LABELLED.search(text, 0, 4000)
    if m:
        return Found(m.group("name"), m.start("name"), m.end("name"))
    if title is not None:
        head = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", text[title.start : title.end])
        offset = title.end - title.start - len(head)
        m = _AGENCY.match(head)
        if m and not m.group(0).startswith(_SELF):
            return Found(m.group(0), title.start + offset, title.start + offset + m.end())
    for m in _ABBREVIATED.finditer(text):
        if not m.group("place").startswith(_SELF):
            return Found(m.group("place") + "医疗保障局", m.start(), m.end())
    return None


def _places(text: str, agency: Found | None) -> tuple[Found | None, Found | None, Found | None]:
    """Province, city and county inside the agency's name, outermost first."""
    if agency is None:
        return None, None, None
    name, pos = str(agency.value), 0
    found: list[Found | None] = []
    exact = text[agency.start : agency.end] == name
    for pattern in (_PROVINCE, _CITY, _COUNTY):
        m = pattern.match(name, pos)
        if m is None or m.group(0).startswith(_SELF):
            found.append(None)
            continue
        start, end = (
            (agency.start + m.start(), agency.start + m.end()) if exact else (agency.start, agency.end)
        )
        found.append(Found(m.group(0), start, end))
        pos = m.end()
    return found[0], found[1], found[2]


def find_report_fields(text: str) -> ReportFields:
    title = _title(text)
    agency = _agency(text, title)
    province, city, county = _places(text, agency)
    return ReportFields(
        title=title,
        report_kind=_kind(text, title),
        fiscal_year=_fiscal_year(text, title),
        agency=agency,
        province=province,
        city=city,
        county=county,
    )


_PROJECT_LABEL = re.compile(
    r"项目名称\s*[:：|\t]?\s*\|?\s*\n?\s*(?P<name>[^|\t\n:：]{2,40}?)"
    r"(?=\s*[|\t\n]|项目实施单位|实施单位|主管部门|\s+主管)"
)
_FUND_NAME = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?)(?P<name>[\u4e00-\u9fff（）()]{4,40}?(?:补助资金|专项资金|专项经费))"
)


def find_project_name(text: str, labelled: bool = True) -> Found | None:
    """A project report's project: its 项目名称 label (`labelled`), or the first
    `YYYY年…补助资金` the text names."""
    for pattern in (_PROJECT_LABEL,) if labelled else (_FUND_NAME,):
        m = pattern.search(text, 0, 4000)
        if m:
            name = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", m.group("name")).strip()
            if len(name) >= 2:
                return Found(name, m.end("name") - len(name), m.end("name"))
    return None
