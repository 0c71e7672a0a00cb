"""Legacy office files → Office Open XML with LibreOffice headless, many files per process start.

`.doc`/`.wps` (and RTF under those names) become `.docx`; a Kingsoft `.et` that xlrd cannot read
becomes `.xlsx`. The converted file is then read by the ordinary docx/xlsx reader, so offsets point
into the converted document's text (the original is binary; there is nothing else to point into).

Why one `soffice --convert-to` per batch rather than a listener: starting LibreOffice costs about a
second, converting a small report a few hundredths of one (measured: 6 `.doc` in one call 1.2 s,
3 in three calls 2.9 s). A batch converts up to `BATCH_FILES` files in one process; a UNO listener
would need LibreOffice's own Python, which the project's virtualenv cannot import.

Results are cached by content: `CONVERTED_DIR/<sha256>.docx` under the cache directory, written by
rename, so a killed conversion leaves nothing half-written and a file is converted once however many
runs read it. `convert_all` fills the cache for a whole batch before workers start; `converted`
(one file, on demand) is what `read_document` uses, and finds the batch's work already done.

A batch that times out is retried file by file, so one file that hangs LibreOffice fails alone
("conversion failed: LibreOffice timed out after 120 s") and the others are converted. A batch's
limit is the per-file timeout plus `EXTRA_SECONDS_PER_FILE` for each further file.

    >>> converter = LibreOffice(cache_dir=Path(".cache"), timeout=120)   # doctest: +SKIP
    >>> converter.convert_all([(Path("a.doc"), "docx", "3f…"), (Path("b.wps"), "docx", "9c…")])
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.core.errors import IngestError

Target = Literal["docx", "xlsx"]
CONVERTED_DIR = "converted"
BATCH_FILES = 20
EXTRA_SECONDS_PER_FILE = 15  # a batch's time limit: the per-file timeout plus this per further file
BINARIES = ("soffice", "libreoffice")
PACKAGES: dict[Target, str] = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}
# `--convert-to` filter names; the `MS Word 2007 XML` filter is what Word's own .docx is.
_FILTERS: dict[Target, str] = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


@dataclass(frozen=True)
class Job:
    """One file to convert: its path, the format wanted and the sha256 of its content (cache key)."""

    source: Path
    target: Target
    sha256: str


def find_soffice() -> str | None:
    """The LibreOffice binary on PATH, or None."""
    return next((found for name in BINARIES if (found := shutil.which(name))), None)


def missing_message(target: Target) -> str:
    """The one line a user sees when LibreOffice is absent: what to install."""
    return (
        f"conversion failed: LibreOffice is not installed (install the Debian package "
        f"{PACKAGES[target]}; `soffice` must be on PATH)"
    )


class LibreOffice:
    """Converts files into `cache_dir/converted/`, one LibreOffice process per batch of files."""

    def __init__(self, cache_dir: Path, timeout: float) -> None:
        self.out_dir = cache_dir / CONVERTED_DIR
        self.timeout = timeout

    def cached(self, job: Job) -> Path:
        return self.out_dir / f"{job.sha256}.{job.target}"

    def converted(self, job: Job) -> Path:
        """The converted file for `job`, converting it now if the cache lacks it."""
        path = self.cached(job)
        if path.is_file():
            return path
        failures = self.convert_all([job])
        if path.is_file():
            return path
        raise IngestError(failures.get(job.source, "conversion failed"), job.source, kind="conversion_failed")

    def convert_all(self, jobs: Sequence[Job]) -> dict[Path, str]:
        """Convert every job not yet cached; return the reason for each that failed."""
        todo = [job for job in jobs if not self.cached(job).is_file()]
        if not todo:
            return {}
        binary = find_soffice()
        if binary is None:
            return {job.source: missing_message(job.target) for job in todo}
        self.out_dir.mkdir(parents=True, exist_ok=True)
        failures: dict[Path, str] = {}
        # Scratch space beside the cache, so finished files move in by rename (same filesystem).
        with tempfile.TemporaryDirectory(dir=self.out_dir, prefix=".soffice-") as scratch:
            for target in PACKAGES:
                group = [job for job in todo if job.target == target]
                for start in range(0, len(group), BATCH_FILES):
                    failures |= self._batch(binary, Path(scratch), group[start : start + BATCH_FILES])
        return failures

    def _batch(self, binary: str, scratch: Path, jobs: Sequence[Job]) -> dict[Path, str]:
        """One LibreOffice run over `jobs`; after a timeout, each unfinished job alone."""
        budget = self.timeout + EXTRA_SECONDS_PER_FILE * (len(jobs) - 1)
        timed_out = self._run(binary, scratch, jobs, budget)
        left = [job for job in jobs if not self.cached(job).is_file()]
        if timed_out and len(jobs) > 1:  # one file may have hung the batch: give each its own run
            failures: dict[Path, str] = {}
            for job in left:
                failures |= self._batch(binary, scratch, [job])
            return failures
        return {job.source: _failure(job, timed_out, self.timeout) for job in left}

    def _run(self, binary: str, scratch: Path, jobs: Sequence[Job], timeout: float) -> bool:
        """Convert `jobs` in one process; move each output into the cache. True if it timed out."""
        with _staged(scratch, jobs) as (inputs, out):
            command = [
                binary,
                "--headless",
                "--norestore",
                "--nolockcheck",
                # A private profile: a desktop LibreOffice (or another run) using the default one
                # would otherwise receive the job and this call would return at once, converting nothing.
                f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
                "--convert-to",
                _FILTERS[jobs[0].target],
                "--outdir",
                str(out),
                *map(str, inputs),
            ]
            timed_out = _run_bounded(command, timeout)
            for index, job in enumerate(jobs):
                produced = out / f"{index}.{job.target}"
                if produced.is_file() and produced.stat().st_size > 0:
                    os.replace(produced, self.cached(job))
        return timed_out


def _failure(job: Job, timed_out: bool, timeout: float) -> str:
    if timed_out:
        return f"conversion failed: LibreOffice timed out after {timeout:g} s"
    kind = "Word" if job.target == "docx" else "spreadsheet"
    return f"conversion failed: LibreOffice could not convert it (damaged, encrypted or not a {kind} file)"


@contextlib.contextmanager
def _staged(scratch: Path, jobs: Sequence[Job]) -> Iterator[tuple[list[Path], Path]]:
    """Links named `0.doc`, `1.doc`… to the sources, and an empty output directory.

    LibreOffice names each output after its input's stem, so two `报告.doc` from different folders
    would overwrite each other; numbered names cannot collide. The suffix tells LibreOffice's type
    detection where to start (`.doc` for Word and WPS files, `.xls` for Kingsoft sheets).
    """
    stage = Path(tempfile.mkdtemp(dir=scratch, prefix="in-"))
    out = Path(tempfile.mkdtemp(dir=scratch, prefix="out-"))
    inputs = []
    try:
        for index, job in enumerate(jobs):
            link = stage / f"{index}{'.doc' if job.target == 'docx' else '.xls'}"
            link.symlink_to(job.source.resolve())
            inputs.append(link)
        yield inputs, out
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def _run_bounded(command: list[str], timeout: float) -> bool:
    """Run `command` in its own process group; kill the whole group after `timeout`. True if killed."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a timeout kills LibreOffice's helpers too
    ) as process:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return True
        except BaseException:  # Ctrl-C: do not leave LibreOffice running behind us
            os.killpg(process.pid, signal.SIGKILL)
            raise
    return False
