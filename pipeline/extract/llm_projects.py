"""Which project an indicator or a budget the model read belongs to.

Policy:

- A department report (整体支出, `report_kind == "department"`) has one project, named after the
  department (its agency; else the title).
- A report is multi-project when two or more level-1 sections that answered look like project
  names (`一、城乡医疗救助“一站式”结算服务管理系统维护费`), not like report chapters
  (`一、项目概况`, `四、项目绩效情况`: titles with 情况, 概况, 问题, 措施, …). There, an item goes to
  the project the model named (matched to a section title when one contains the other, ignoring
  punctuation), else to its chunk's section, else to the default project.
- Otherwise the report has one project: the name the model gave most often, else the report
  title, else the agency, else the file stem.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.chunk import Chunk
from pipeline.domain.headings import heading_title
from pipeline.domain.names import name_key

# Words of level-1 headings that are chapters of a report rather than the name of a project.
CHAPTER_WORDS = (
    "情况", "概况", "问题", "措施", "建议", "说明", "附件", "结果", "目标", "名称", "信息", "分析",
    "自评", "评价", "报告", "职能", "职责",
)  # fmt: skip


def section_title(heading: str) -> str:
    """`一、城乡医疗救助“一站式”结算服务管理系统维护费` → `城乡医疗救助“一站式”结算服务管理系统维护费`."""
    return heading_title(heading)


def is_project_section(title: str) -> bool:
    return bool(title) and not any(word in title for word in CHAPTER_WORDS)


@dataclass(frozen=True)
class ProjectNamer:
    department: bool
    sections: tuple[str, ...]  # project section titles, in text order
    default: str

    @property
    def multi(self) -> bool:
        return not self.department and len(self.sections) >= 2

    def name(self, given: str | None, chunk: Chunk) -> str:
        if not self.multi:
            return self.default
        if given and given.strip():
            return self._match_section(given.strip())
        top = section_title(chunk.top_section or "")
        return top if top in self.sections else self.default

    def _match_section(self, given: str) -> str:
        """The section the name spells (ignoring punctuation), else the first that contains it
        or is contained in it, else the name as given."""
        key = name_key(given)
        keys = [(title, name_key(title)) for title in self.sections]
        exact = [title for title, other in keys if other == key]
        partial = [title for title, other in keys if key and other and (key in other or other in key)]
        return next(iter(exact + partial), given)


def project_namer(
    answered: list[Chunk],
    given_names: list[str],
    report_kind: str | None,
    agency: str | None,
    title: str | None,
    path: str,
) -> ProjectNamer:
    """`answered` are the chunks the model answered; `given_names` every `project` it wrote."""
    sections: list[str] = []
    for chunk in answered:
        top = section_title(chunk.top_section or "")
        if is_project_section(top) and top not in sections:
            sections.append(top)
    department = report_kind == "department"
    named = Counter(n.strip() for n in given_names if n and n.strip())
    fallbacks = (agency, title) if department else (*(n for n, _ in named.most_common(1)), title, agency)
    default = next((n for n in fallbacks if n), Path(path).stem or "report")
    return ProjectNamer(department, tuple(sections), default)
