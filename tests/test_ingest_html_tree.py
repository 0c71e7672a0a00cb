"""The kept elements of a web page: children by name, nested names, strings in order."""

from __future__ import annotations

from pipeline.ingest.html_tree import NO_ATTRIBUTES, Element


def test_children_by_name_descendants_and_strings_in_document_order() -> None:
    cell = Element("td", {"rowspan": "2"}, ["产出", Element("b", NO_ATTRIBUTES, ["指标"]), "值"])
    row = Element("tr", NO_ATTRIBUTES, ["\n", cell, Element("th", NO_ATTRIBUTES, ["12期"])])
    table = Element("table", NO_ATTRIBUTES, [Element("caption", NO_ATTRIBUTES, ["表1"]), row])

    assert [e.name for e in row.elements("td", "th")] == ["td", "th"]
    assert table.elements("tr") == [row]
    assert (table.contains("b"), table.contains("table"), row.contains("caption")) == (True, False, False)
    assert list(table.strings()) == ["表1", "\n", "产出", "指标", "值", "12期"]
    assert (cell.get("rowspan"), cell.get("colspan")) == ("2", None)
