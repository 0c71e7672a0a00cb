"""Which files a run is about: every file under the input paths, and the few skipped by rule.

Every file found is accounted for: it is read, or it gets an error line (an unsupported type is a
failure with a reason, never silently dropped). Skipped by rule, and counted, are only:

- `hidden`: a name starting with `.`, at any depth below a folder given (a hidden folder counts once,
  its contents are not walked);
- `run directory`: the run's own output folder when it lies inside an input folder;
- `README`: files named `README*` (any case): a folder's description, not a report.

A path named directly is kept whatever its name (reading a named `README.txt` or `.notes.txt` is
what the user asked for); a named path that does not exist is listed in `missing`. A path inside
the run directory is never an input, named or found (`--out` inside an input folder, or a symlink
into the run: its `results.xlsx` and `review.html` are not reports).

FIFOs, sockets, devices and broken symlinks are kept among the files, never opened (only `stat`ed,
`special.special_file_reason`): reading one fails at once with the reason, so each is one error
line of the run, not a hang and not a silent omission. Names are kept as `os.fsdecode` gives them
(undecodable bytes as lone surrogates; `pipeline.core.paths` shows them safely).

    in/a.docx  in/b.png  in/.DS_Store  in/README.md  in/sub/c.doc
    → files (a.docx, b.png, sub/c.doc), skipped {"hidden": 1, "README": 1}
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.special import is_inside, special_file_reason


@dataclass(frozen=True)
class Discovery:
    files: tuple[Path, ...] = ()
    skipped: Mapping[str, int] = field(default_factory=dict)
    missing: tuple[Path, ...] = ()


def discover(paths: Iterable[str | Path], exclude: Path | None = None) -> Discovery:
    """Expand files and folders into the files to account for, in a stable (sorted) order."""
    files: list[Path] = []
    missing: list[Path] = []
    skipped: Counter[str] = Counter()
    for entry in map(Path, paths):
        if exclude is not None and is_inside(entry, exclude):
            skipped["run directory"] += 1
        elif entry.is_dir():
            files += _walk(entry, exclude, skipped)
        elif entry.exists() or special_file_reason(entry) is not None:  # a broken symlink does not "exist"
            files.append(entry)
        else:
            missing.append(entry)
    return Discovery(tuple(files), dict(skipped), tuple(missing))


def _links_inside(path: Path, excluded: Path) -> bool:
    """A file found by the walk that lies in `excluded`: only a symbolic link can (the walk never
    enters a directory in it, nor follows a link to one), so only a link is resolved — resolving
    every file cost the run ~0.2 ms per report."""
    return path.is_symlink() and is_inside(path, excluded)


def _walk(root: Path, excluded: Path | None, skipped: Counter[str]) -> list[Path]:
    found: list[Path] = []
    for directory, subdirs, names in os.walk(root):
        base = Path(directory)
        kept_dirs = []
        for name in sorted(subdirs):
            if name.startswith("."):
                skipped["hidden"] += 1
            elif excluded is not None and is_inside(base / name, excluded):
                skipped["run directory"] += 1
            else:
                kept_dirs.append(name)
        subdirs[:] = kept_dirs  # os.walk descends only into these, in this order
        for name in names:
            rule = skip_rule(name)
            if rule is not None:
                skipped[rule] += 1
            elif excluded is not None and _links_inside(base / name, excluded):
                skipped["run directory"] += 1  # a symlink into the run directory
            elif (base / name).is_file() or special_file_reason(base / name) is not None:
                found.append(base / name)
    return sorted(found)


def skip_rule(name: str) -> str | None:
    """The rule that skips a file found in a folder walk, or None to keep it."""
    if name.startswith("."):
        return "hidden"
    if name.upper().startswith("README"):
        return "README"
    return None
