"""`drained`: a list's items handed on in order, each let go by the list as it is handed on; `Spool`:
the same for records past a limit kept in an unnamed file."""

from __future__ import annotations

import weakref
from pathlib import Path

from pipeline.core.handoff import Spool, drained
from pipeline.core.models import Indicator, Target, evidence_at


class Item:
    """A plain object a weak reference can watch."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_the_items_come_in_order_and_the_list_is_left_empty() -> None:
    items = [1, 2, 3]
    assert list(drained(items)) == [1, 2, 3]
    assert items == []
    assert list(drained([])) == []


def test_an_item_handed_on_is_no_longer_held_by_the_list() -> None:
    items = [Item("a"), Item("b"), Item("c")]
    watched = [weakref.ref(item) for item in items]
    alive_at_each = []
    for item in drained(items):
        alive_at_each.append([ref() is not None for ref in watched])
        del item  # the consumer has made its record from it
    # while `b` is handed on, `a` is gone; `c` is still waiting in the list
    assert alive_at_each == [[True, True, True], [False, True, True], [False, False, True]]
    assert all(ref() is None for ref in watched)


def test_a_spool_within_its_limit_holds_its_records_in_memory(tmp_path: Path) -> None:
    spool: Spool[str] = Spool(limit=3, directory=tmp_path)
    for name in ("a", "b", "c"):
        spool.append(name)
    assert (len(spool), spool.spilled, spool[1]) == (3, False, "b")
    assert list(spool.drained()) == ["a", "b", "c"]
    assert (len(spool), list(tmp_path.iterdir())) == (0, [])


def test_a_spool_past_its_limit_pickles_its_records_to_a_file_with_no_name(tmp_path: Path) -> None:
    with Spool[tuple[int, str]](limit=2, directory=tmp_path) as spool:
        for n in range(5):
            spool.append((n, f"第{n}项"))
            assert spool[0] == (0, "第0项")  # read back by index while it is written
        assert (len(spool), spool.spilled, spool[3]) == (5, True, (3, "第3项"))
        assert list(tmp_path.iterdir()) == []  # unlinked at once: nothing left on any exit
        assert list(spool.drained()) == [(n, f"第{n}项") for n in range(5)]
        assert len(spool) == 0


def test_a_spilled_record_read_back_is_a_new_object_and_the_spool_holds_none(tmp_path: Path) -> None:
    items = [Item("a"), Item("b"), Item("c")]
    watched = [weakref.ref(item) for item in items]
    spool: Spool[Item] = Spool(limit=1, directory=tmp_path)
    for item in drained(items):
        spool.append(item)
        del item
    assert [ref() is None for ref in watched] == [True, True, True]
    assert [item.name for item in spool.drained()] == ["a", "b", "c"]


def test_a_spool_without_a_directory_never_spills() -> None:
    spool: Spool[int] = Spool(limit=1)
    for n in range(4):
        spool.append(n)
    assert (spool.spilled, list(spool.drained())) == (False, [0, 1, 2, 3])


def test_a_spilled_record_comes_back_equal_with_its_slotted_parts(tmp_path: Path) -> None:
    target = Target(raw="≥95%", op=">=", value=95.0, unit="%")
    indicator = Indicator(
        name="验收合格率",
        target=target,
        evidence=(evidence_at("name", 10, 15), evidence_at("target", 16, 20)),
        field_confidence={"name": 0.9},
    )
    with Spool[Indicator](limit=0, directory=tmp_path) as spool:
        spool.append(indicator)
        (back,) = spool.drained()
    assert back == indicator and back is not indicator
    assert back.model_dump_json(indent=2) == indicator.model_dump_json(indent=2)
    assert (type(back.target), back.evidence[1].start) == (Target, 16)
