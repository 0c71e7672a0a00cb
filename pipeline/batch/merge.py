"""`pipeline merge RUN… --out RUN`: the run directories of a sharded ingest, made one run again.

Each shard of `pipeline ingest … --shard I/N` wrote a normal run directory holding its share of
the input (`pipeline.batch.shard`). Merging them:

1. checks every input is a run directory with a run record (`run.json`) and no unfinished round
   of provider batches (`ingest --llm-batch`: its reports are not assembled yet), all under one
   configuration hash and one shard count, no share twice, and no share missing (unless
   `allow_partial`); each input is locked meanwhile, so no `ingest` writes it during the merge;
2. builds the merged run in a hidden staging folder beside `--out`: the result files of every
   shard (hard links where the filesystem allows, they are never modified in place), the
   `superseded/` results, and `manifest.jsonl`, `errors.jsonl` and `corrections.jsonl`
   concatenated in shard order. Two shards holding the same result file or the same source path
   is an error (a share taken twice, or a file edited between the shard runs);
3. writes the merged run record (a complete merge is a whole run: `ingest` without `--shard`
   resumes it) and rebuilds every export from the merged results (`export_run`, then `finish`,
   which the command line uses for the review pages);
4. renames the staging folder to `--out`: a merge killed at any point leaves no `--out` at all,
   only a hidden `.<out>.merging-<pid>-…` folder that the next merge into that `--out` removes.

The exports stream the results in file-name order, the same order an unsharded run uses, and a
result file's name depends only on its source path; duplicates (identical bytes) are always in one
shard, recorded there exactly as an unsharded run records them. So the merged exports equal those
of one unsharded run over the same input, row for row.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.llm_batch import load_round
from pipeline.batch.state import SUPERSEDED_DIR, BatchError, read_manifest, run_lock
from pipeline.core.config import Config
from pipeline.export import ExportReport, export_run
from pipeline.export.atomic import fsync_dir
from pipeline.export.corrections import CORRECTIONS_FILE
from pipeline.export.load import ERRORS_FILE, MANIFEST_FILE, REPORTS_DIR, require_run_dir
from pipeline.export.run_record import RunRecord, read_run_record, write_run_record

STAGING_MARK = ".merging-"
_LOGS = (MANIFEST_FILE, ERRORS_FILE, CORRECTIONS_FILE)


class MergeError(BatchError):
    """Runs that cannot be merged (another configuration, a share twice or missing, `--out` taken)."""

    stage = "merge"


@dataclass(frozen=True)
class Share:
    """One input run directory and its run record."""

    run_dir: Path
    record: RunRecord


@dataclass(frozen=True)
class MergeResult:
    out: Path
    record: RunRecord
    export: ExportReport


def merge_runs(
    runs: Sequence[Path],
    out: Path,
    config: Config,
    allow_partial: bool = False,
    finish: Callable[[Path], object] | None = None,
) -> MergeResult:
    """Merge `runs` into the new run directory `out` (steps 1–4 of the module docstring)."""
    shares = sorted((_share(run) for run in runs), key=lambda share: share.record.shards)
    record = merged_record([share.record for share in shares], [s.run_dir for s in shares], allow_partial)
    _check_out(out, runs)
    with contextlib.ExitStack() as locks:
        for share in shares:
            locks.enter_context(run_lock(share.run_dir))
        with _staging(out) as stage:
            _combine(shares, stage)
            write_run_record(stage, record)
            export = export_run(stage, config)
            if finish is not None:
                finish(stage)
    files = tuple(out / path.name for path in export.files)  # where they are now, not the staging folder
    return MergeResult(out, record, dataclasses.replace(export, files=files))


def merged_record(records: Sequence[RunRecord], runs: Sequence[Path], allow_partial: bool) -> RunRecord:
    """The run record of the merge, or the MergeError that says why these runs do not fit together."""
    if not records:
        raise MergeError("no runs to merge")
    for name, values in (
        ("configuration hash", [r.config_hash for r in records]),
        ("shard count", [r.shard_count for r in records]),
    ):
        if len(set(values)) > 1:
            listed = ", ".join(f"{run}: {value}" for run, value in zip(runs, values, strict=True))
            raise MergeError(f"the runs differ in {name} ({listed}); merge only shards of one ingest")
    owner: dict[int, Path] = {}
    for run, record in zip(runs, records, strict=True):
        for index in record.shards:
            if index in owner:
                raise MergeError(f"shard {index}/{record.shard_count} is in both {owner[index]} and {run}")
            owner[index] = run
    count = records[0].shard_count
    missing = sorted(set(range(count)) - set(owner))
    if missing and not allow_partial:
        listed = ", ".join(f"{index}/{count}" for index in missing)
        raise MergeError(f"shard(s) {listed} missing (--allow-partial merges without them)")
    shards = tuple(sorted(owner))
    if not missing:  # every share: a whole run again
        count, shards = 1, (0,)
    return RunRecord(records[0].config_hash, count, shards, dict(records[0].skipped_by_rule))


def _share(run: Path) -> Share:
    require_run_dir(run)
    record = read_run_record(run)
    if record is None:
        raise MergeError("no run record (run.json): ingest it again with this version to merge it", run)
    round_ = load_round(run)
    if round_ is not None and not round_.done:
        raise MergeError(
            f"its provider batches are not finished: run `pipeline ingest {run} --resume` until it ends",
            run,
        )
    return Share(run, record)


def _check_out(out: Path, runs: Sequence[Path]) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise MergeError("already exists: merge writes a new run directory", out)
    target = out.resolve()
    if any(run.resolve() == target for run in runs):
        raise MergeError("--out is one of the runs to merge", out)


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A folder to build `out` in, renamed to `out` when the block succeeds, removed otherwise."""
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(parent, out.name)
    holder = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING_MARK}{os.getpid()}-", dir=parent))
    try:
        stage = holder / out.name  # the run keeps its name: the review pages show it
        stage.mkdir()
        yield stage
        os.rename(stage, out)  # atomic; replaces nothing but an empty folder
        fsync_dir(parent)
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def _remove_abandoned(parent: Path, name: str) -> None:
    """Delete staging folders of merges into `name` that were killed (their process is gone)."""
    prefix = f".{name}{STAGING_MARK}"
    for folder in parent.glob(f"{_glob_escape(prefix)}*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _combine(shares: Sequence[Share], stage: Path) -> None:
    """Step 2: result files, superseded results and the three logs of every share into `stage`."""
    owner: dict[str, Path] = {}
    for share in shares:
        for path in read_manifest(share.run_dir):
            if path in owner:
                raise MergeError(
                    f"{path} is in both {owner[path]} and {share.run_dir} "
                    "(a share taken twice, or the file changed between the shard runs)"
                )
            owner[path] = share.run_dir
    (stage / REPORTS_DIR).mkdir()
    for share in shares:
        _link_all(share.run_dir / REPORTS_DIR, stage / REPORTS_DIR, clash=share.run_dir)
        if (share.run_dir / SUPERSEDED_DIR).is_dir():
            (stage / SUPERSEDED_DIR).mkdir(exist_ok=True)
            _link_all(share.run_dir / SUPERSEDED_DIR, stage / SUPERSEDED_DIR, clash=None)
    for log in _LOGS:
        _concatenate([share.run_dir / log for share in shares], stage / log)


def _link_all(source: Path, target: Path, clash: Path | None) -> None:
    """Hard-link (or copy) every visible file of `source` into `target`; a name already there is
    an error when `clash` names the run (results), else the first one is kept (superseded)."""
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue  # temporaries of a killed writer
        destination = target / path.name
        if destination.exists():
            if clash is not None:
                raise MergeError(f"result {path.name} is in two runs (the second: {clash})")
            continue
        try:
            os.link(path, destination)
        except OSError:  # another filesystem, or one without hard links
            shutil.copy2(path, destination)


def _concatenate(sources: Sequence[Path], target: Path) -> None:
    """Append each existing source to `target`, each ending in a newline (a torn last line stays
    one bad line, which readers skip, instead of swallowing the next run's first line)."""
    parts = [path.read_bytes() for path in sources if path.is_file()]
    if not parts:
        return
    target.write_bytes(b"".join(part if part.endswith(b"\n") or not part else part + b"\n" for part in parts))
