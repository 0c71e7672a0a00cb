"""The few elements of a web page the HTML reader keeps whole: a table, a `<pre>`.

The reader (`pipeline.ingest.html`) reads a page as a stream of parser events and turns prose into
lines as it goes; only an element that cannot be read before its end — a table (data or layout?
how wide is each row?) or a `<pre>` (its text kept line by line) — is kept, as a tree of these
small records, and dropped once read. They hold what the reading needs: the tag name, the
attributes, and the children in order (an element or a string of text). No parent links, so a
tree is freed as soon as the reader lets it go.

    <tr><td rowspan=2>产出</td><td>12期</td></tr>
    → Element("tr", {}, [Element("td", {"rowspan": "2"}, ["产出"]), Element("td", {}, ["12期"])])

Strings inside `<script>`, `<style>`, `<template>` and ruby annotations (`<rt>`, `<rp>`) are not
the page's text and are never kept (`TEXTLESS`); comments, doctypes and processing instructions
are not either.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

TEXTLESS = frozenset({"script", "style", "template", "rt", "rp"})
"""Elements whose strings are not shown as text (nor their descendants' strings)."""

NO_ATTRIBUTES: Mapping[str, str] = MappingProxyType({})


@dataclass(slots=True)
class Element:
    """One element: name, attributes, children (elements and strings) in document order."""

    name: str
    attrs: Mapping[str, str]
    children: list[Element | str] = field(default_factory=list)

    def get(self, attribute: str) -> str | None:
        return self.attrs.get(attribute)

    def elements(self, *names: str) -> list[Element]:
        """The child elements named one of `names` (not deeper ones)."""
        return [child for child in self.children if isinstance(child, Element) and child.name in names]

    def contains(self, name: str) -> bool:
        """Whether an element named `name` lies anywhere below this one."""
        elements = (child for child in self.children if isinstance(child, Element))
        return any(child.name == name or child.contains(name) for child in elements)

    def strings(self) -> Iterator[str]:
        """Every string of text below this element, in document order."""
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child.strings()
