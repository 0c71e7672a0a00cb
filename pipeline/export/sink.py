"""The shape every export writer shares: stream reports into a temporary file, then commit.

`export_run` feeds each corrected report to every sink (`add`), then `close`s them all, and only
when every sink closed cleanly `commit`s them (each an atomic rename). Any error `discard`s all
temporaries, so a failed export leaves the previous exports untouched.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.export.atomic import commit, temp_path_for
from pipeline.export.load import LoadedReport


class TempFileSink:
    """Base class: owns `target` and the temporary `temp` it is written to first."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = temp_path_for(target)

    def add(self, report: LoadedReport) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish writing `temp` (flush, close handles)."""

    def commit(self) -> None:
        commit(self.temp, self.target)

    def discard(self) -> None:
        try:
            self.close()
        finally:
            self.temp.unlink(missing_ok=True)
