"""Compiled regular expressions kept between processes, as Python keeps bytecode.

Compiling the pipeline's ~350 patterns is half of its import (~0.2 s of CPU in every process: the
CLI's start, each batch worker's), most of it `re` expanding a character class over a CJK range
(`[\\u4e00-\\u9fff]`: 20,992 code points) character by character, every time, in every process.
What a pattern compiles to — a list of opcodes, its flags and groups — depends only on the
pattern, its flags and the Python build. So it is kept in a file beside the package's bytecode
(`pipeline/__pycache__/regex.<cache tag>.bin`, under `sys.pycache_prefix` when one is set), and
a later process hands the kept opcodes to `_sre.compile`, the step `re` ends with, placing each
pattern in `re`'s own cache, where `re.compile` looks first:

    preload()            # pipeline/__init__.py: ~350 patterns in re's cache in a few ms
    import pipeline.x    # x's re.compile(...) calls find them there
    save()               # pipeline/process.py, once every stage is imported: rewrites the file
                         # only when a pattern was compiled that it lacks

The file is the opcodes' own cache, nothing more: a missing, truncated or foreign file (another
Python build: its header names the build) preloads nothing and every pattern is compiled as usual.
It is written to a temporary name and renamed (a killed process leaves the old file or the new one,
never half of one), and not at all where Python writes no bytecode (`sys.dont_write_bytecode`,
PYTHONDONTWRITEBYTECODE). It reads `re`'s internals (`re._cache`, `re._compiler`, `re._parser`), so
it acts only on the CPython minor version they were read from (3.11); elsewhere both do nothing.
"""

from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

SUPPORTED = (3, 11)
"""The CPython version whose `re` internals (`_cache` keyed by (type, pattern, flags), and
`_compiler.compile`'s steps) this module follows."""
_HEADER = f"{sys.version}|{getattr(_sre, 'MAGIC', None)}|{getattr(_sre, 'CODESIZE', None)}"

Entry = tuple[str, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""pattern, flags as given, flags compiled, opcodes, groups - 1, group index, index group."""


def supported() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info[:2] == SUPPORTED


def kept_path() -> Path:
    """Where this Python's kept opcodes live: beside the package's bytecode."""
    package = Path(__file__).resolve().parents[1]
    name = f"regex.{sys.implementation.cache_tag}.bin"
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix + str(package)) / name
    return package / "__pycache__" / name


REWRITE_SHARE = 0.1
"""The file is rewritten when more than this share of the patterns a process compiled were new
to it (a first run, patterns edited, another pipeline version): a few patterns built from a set,
whose alternatives come in a different order in each process (string hashing is randomised), are
new to it every time and alone would have it rewritten by every process."""

_kept: dict[tuple[str, int], Entry] = {}


def preload(path: Path | None = None) -> int:
    """Put the kept patterns into `re`'s cache; how many (0 for no usable file)."""
    if not supported():
        return 0
    try:
        header, entries = marshal.loads((path or kept_path()).read_bytes())
        if header != _HEADER:
            return 0
        patterns = [(entry, _build(entry)) for entry in entries]
    except Exception:  # any unreadable file is only a missing cache
        return 0
    for entry, compiled in patterns:
        re._cache[str, entry[0], entry[1]] = compiled  # type: ignore[attr-defined]
        _kept[entry[0], entry[1]] = entry
    return len(patterns)


def _build(entry: Entry) -> re.Pattern[str]:
    pattern, _, flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return compiled


def save(path: Path | None = None) -> bool:
    """Write the file anew — the string patterns in `re`'s cache — if more than `REWRITE_SHARE`
    of them are not in it; whether it did."""
    if not supported() or sys.dont_write_bytecode:
        return False
    keys = [(key[1], key[2]) for key in list(re._cache) if key[0] is str]  # type: ignore[attr-defined]
    new = [key for key in keys if key not in _kept]
    if len(new) <= REWRITE_SHARE * len(keys):
        return False
    try:
        _kept.update((key, _entry(*key)) for key in new)
        target = path or kept_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((_HEADER, [_kept[key] for key in keys])))
        os.replace(temporary, target)
    except (OSError, ValueError, re.error):
        return False
    return True


def _entry(pattern: str, flags: int) -> Entry:
    """What `re._compiler.compile(pattern, flags)` passes to `_sre.compile`."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed: Any = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex: dict[str, int] = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        pattern,
        flags,
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
