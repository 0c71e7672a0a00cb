"""The inputs of a run: the files under the given paths, and the legacy office files converted
up front — shared by `pipeline ingest` (`runner`), `pipeline extract` and the provider batch.

Kept apart from `runner` so that `pipeline extract` of one report does not import the run
machinery and the exports (openpyxl, rich) it never uses: start-up is part of its cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.config import Config
from pipeline.ingest import (
    LEGACY_SUFFIXES,
    SUPPORTED_SUFFIXES,
    Discovery,
    ReadOptions,
    convert_legacy,
    discover,
    is_supported,
)

if TYPE_CHECKING:
    from pipeline.batch.state import BatchError


def discover_inputs(paths: Iterable[str | Path], run_dir: Path) -> Discovery:
    """The files of the run, or one error (nothing written yet) when there is nothing to do."""
    given = [Path(path) for path in paths]
    if not given:
        raise _nothing_to_do("no input paths given")
    found = discover(given, exclude=run_dir)
    if found.missing:
        raise _nothing_to_do(f"no such file or folder: {', '.join(map(str, found.missing))}")
    where = ", ".join(map(str, given))
    if not found.files:
        skipped = ", ".join(f"{n} {rule}" for rule, n in found.skipped.items())
        raise _nothing_to_do(
            f"no report files found in {where}: it is empty" + (f" (skipped: {skipped})" if skipped else "")
        )
    if not any(map(is_supported, found.files)):
        suffixes = Counter(path.suffix.lower() or "(none)" for path in found.files)
        listed = ", ".join(f"{n} {suffix}" for suffix, n in sorted(suffixes.items()))
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise _nothing_to_do(
            f"no report files found in {where}: {listed}, none of a supported type ({supported})"
        )
    return found


def _nothing_to_do(message: str) -> BatchError:
    # Imported here: `pipeline extract` meets this error only when there is nothing to read, and
    # the module holding it (the run directory's bookkeeping) costs ~5 ms of its start-up.
    from pipeline.batch.state import BatchError

    return BatchError(message)


def convert_up_front(paths: Sequence[Path], config: Config, note: Callable[[str], None]) -> None:
    """Convert the legacy office files among `paths` in batches; `note` the start and shared causes."""
    legacy = [path for path in paths if path.suffix.lower() in LEGACY_SUFFIXES]
    if not legacy:
        return
    note(f"converting {len(legacy)} .doc/.wps/.et files with LibreOffice")
    failures = convert_legacy(legacy, ReadOptions.from_config(config))
    # One line for a cause every file shares (LibreOffice missing), not one per file.
    for reason, count in Counter(failures.values()).most_common():
        if count > 1:
            note(f"{count} files: {reason}")
