"""Kept opcodes of compiled patterns: a preloaded pattern is the one `re` compiles, a bad file is
no cache, and the file is written only where bytecode is and only when enough is new to it."""

from __future__ import annotations

import marshal
import re
import sys
from pathlib import Path

import pytest

from pipeline.core import regex_cache

pytestmark = pytest.mark.skipif(not regex_cache.supported(), reason="re internals of CPython 3.11 only")

# The shapes the pipeline's patterns take: CJK classes, named groups, lookarounds, flags.
PATTERNS = [
    (r"[\u3400-\u4dbf\u4e00-\u9fff]+", 0),
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元|%)", 0),
    (r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", 0),
    (r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)(?P<title>[^\n]*)$", re.MULTILINE),
    (r"pdf|DOCX?", re.IGNORECASE),
    (r"(\w)\1", 0),
]
TEXTS = ["一、项目概况\n预算 100.5万元，执行率 98%", "（二） 产出指标\nDOC pdf aa 绩效  目标", ""]
ORIGINAL = re._compiler.compile  # type: ignore[attr-defined]


def _found(pattern: re.Pattern[str]) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for text in TEXTS for m in pattern.finditer(text)]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty `re` cache and no kept patterns, with bytecode written."""
    _forget(monkeypatch)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _compile_all() -> None:
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)


def _saved(tmp_path: Path) -> Path:
    """The file written after compiling `PATTERNS` into an empty cache."""
    kept = tmp_path / "regex.bin"
    _compile_all()
    assert regex_cache.save(kept) is True
    return kept


def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process's state: nothing in re's cache, nothing kept."""
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(regex_cache, "_kept", {})


def test_a_preloaded_pattern_is_the_one_re_compiles_and_is_not_compiled_again(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = _saved(tmp_path)
    _forget(monkeypatch)
    assert regex_cache.preload(kept) == len(PATTERNS)

    def refuse(pattern: str, flags: int = 0) -> None:
        raise AssertionError(f"compiled again: {pattern!r}")

    monkeypatch.setattr(re._compiler, "compile", refuse)  # type: ignore[attr-defined]
    for pattern, flags in PATTERNS:
        preloaded, compiled = re.compile(pattern, flags), ORIGINAL(pattern, flags)
        assert (preloaded.pattern, preloaded.flags, preloaded.groups, preloaded.groupindex) == (
            compiled.pattern,
            compiled.flags,
            compiled.groups,
            compiled.groupindex,
        )
        assert _found(preloaded) == _found(compiled)
    assert _found(re.compile(PATTERNS[1][0])) == [
        ((10, 17), ("100.5", "万元"), {"num": "100.5", "unit": "万元"}),
        ((22, 25), ("98", "%"), {"num": "98", "unit": "%"}),
    ]


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00not marshal", marshal.dumps(("another python", [])), marshal.dumps(("x", "y", "z"))],
)
def test_an_unusable_file_preloads_nothing(fresh: None, tmp_path: Path, content: bytes) -> None:
    kept = tmp_path / "regex.bin"
    kept.write_bytes(content)
    assert regex_cache.preload(kept) == 0
    assert regex_cache.preload(tmp_path / "missing.bin") == 0
    assert re._cache == {}  # type: ignore[attr-defined]


def test_a_truncated_file_preloads_nothing(fresh: None, tmp_path: Path) -> None:
    kept = _saved(tmp_path)
    kept.write_bytes(kept.read_bytes()[:-7])
    assert regex_cache.preload(kept) == 0


def test_nothing_is_written_where_python_writes_no_bytecode(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _compile_all()
    assert regex_cache.save(tmp_path / "regex.bin") is False
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_rewritten_only_when_enough_patterns_are_new_to_it(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = _saved(tmp_path)
    assert regex_cache.save(kept) is False  # nothing new
    re.compile("新的一个")  # one in seven: more than a tenth
    assert regex_cache.save(kept) is True
    monkeypatch.setattr(regex_cache, "REWRITE_SHARE", 0.2)
    re.compile("又一个")  # one in eight: not more than a fifth
    assert regex_cache.save(kept) is False
    _forget(monkeypatch)
    assert regex_cache.preload(kept) == len(PATTERNS) + 1


def test_the_file_lies_beside_the_packages_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    package = Path(regex_cache.__file__).resolve().parents[1]
    name = f"regex.{sys.implementation.cache_tag}.bin"
    monkeypatch.setattr(sys, "pycache_prefix", None)
    assert regex_cache.kept_path() == package / "__pycache__" / name
    monkeypatch.setattr(sys, "pycache_prefix", "/tmp/prefix")
    assert regex_cache.kept_path() == Path("/tmp/prefix" + str(package)) / name
