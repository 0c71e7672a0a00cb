"""The hostile-folder case: good reports next to a zip bomb, a GBK-bytes file name and a FIFO argument.

    python -m bench.hostile [--timeout 300] [--rows 40000]

Builds the folder in a temporary directory, runs `pipeline ingest FOLDER FIFO --out RUN` as a child
process and prints its wall time, exit code and the peak resident memory of the whole process tree
(the CLI plus its workers, sampled from /proc every 50 ms), then how many good reports came out
and how many error lines the run wrote. `--rows N` also times the ingest of one N-row indicator
table (the linear-extraction goal); `--kill` counts the workers still alive 5 s after `kill -9`
of the main process. Figures, not a test: run it on a quiet machine and paste what it prints.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from pipeline_testing.procs import process_alive

ROOT = Path(__file__).resolve().parent.parent
GOOD = sorted((ROOT / "evals" / "reports").glob("*.txt"))
GBK_NAME = "绩效自评报告".encode("gbk") + b".txt"


def bomb_docx(inflated_mb: int) -> bytes:
    """A valid .docx whose document.xml inflates to `inflated_mb` MB of one repeated paragraph."""
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    tail = b"</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            block = paragraph * 1000
            for _ in range(inflated_mb * (1 << 20) // len(block)):
                member.write(block)
            member.write(tail)
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def build_folder(root: Path) -> tuple[Path, Path]:
    folder = root / "in"
    folder.mkdir()
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    # Same report under a GBK name, one byte longer so it is not recorded as a duplicate.
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as named:
        named.write(GOOD[0].read_bytes() + b"\n")
    (folder / "bomb.docx").write_bytes(bomb_docx(200))
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    return folder, fifo


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory (kB) of `root_pid` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(command: list[str], timeout: float) -> tuple[float, int, int | None, str]:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    code: int | None = None
    while time.perf_counter() - start < timeout:
        code = child.poll()
        if code is not None:
            break
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.05)
    else:
        _kill_tree(child.pid)
        child.wait()
    elapsed = time.perf_counter() - start
    output = child.stdout.read().decode("utf-8", "replace") if child.stdout else ""
    return elapsed, peak, code, output


def _kill_tree(pid: int) -> None:
    """Kill `pid` and its descendants (the timed-out run only)."""
    for child in _descendants(pid):
        _kill(child)
    _kill(pid)


def _descendants(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == pid:
                found.append(int(entry))
                found.extend(_descendants(int(entry)))
    return found


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 9)


def kill_9_survivors(cli: list[str], root: Path, rows: int) -> dict[str, object]:
    """Start an ingest whose workers are busy for minutes, `kill -9` the main process once two
    workers are running, and count the workers still alive 5 s later."""
    folder = root / "busy"
    folder.mkdir()
    for n in range(2):
        (folder / f"table{n}.txt").write_text(table_report(rows + n), encoding="utf-8")
    command = [
        *cli,
        "ingest",
        str(folder),
        "--out",
        str(root / "krun"),
        "--backend",
        "rules",
        "--workers",
        "2",
    ]
    main = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = [pid for pid in _descendants(main.pid) if b"spawn_main" in _cmdline(pid)]
    time.sleep(3)  # the workers are importing / extracting: the moment a crash would hit
    _kill(main.pid)
    main.wait()
    time.sleep(5)
    alive = [pid for pid in workers if process_alive(pid)]
    for pid in alive:  # clean up after the measurement (the old code leaves them running)
        _kill(pid)
    return {"case": "kill -9 of the main process", "workers_seen": len(workers), "alive_after_5s": len(alive)}


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def table_report(rows: int) -> str:
    lines = ["一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"]
    for n in range(rows):
        lines.append(f"产出指标\t数量指标\t培训人次第{n}项\t≥{n % 90 + 10}人\t{n % 90 + 12}人\t1\t1")
    return "项目支出绩效自评报告\n" + "\n".join(lines) + "\n"


def time_table(cli: list[str], root: Path, rows: int, timeout: float) -> dict[str, object]:
    """Wall time of `ingest` over one report holding one `rows`-row indicator table (one worker)."""
    table = root / f"table{rows}"
    table.mkdir()
    (table / "table.txt").write_text(table_report(rows), encoding="utf-8")
    command = [*cli, "ingest", str(table), "--out", str(root / f"trun{rows}"), "--backend", "rules"]
    elapsed, peak, code, output = run_measured([*command, "--workers", "1"], timeout)
    return {
        "case": f"one {rows}-row indicator table",
        "wall_s": round(elapsed, 1),
        "peak_rss_mb": round(peak / 1024),
        "exit": code if code is not None else f"killed after {timeout:.0f} s",
        "last_line": output.strip().splitlines()[-1] if output.strip() else "",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--rows", type=int, default=0, help="also time one table of this many rows")
    parser.add_argument("--kill", action="store_true", help="also count workers alive 5 s after kill -9")
    parser.add_argument("--skip-folder", action="store_true", help="leave out the hostile-folder case")
    args = parser.parse_args(argv)
    cli = [sys.executable, "-m", "pipeline.cli"]
    with tempfile.TemporaryDirectory(prefix="pipeline-hostile-") as work:
        root = Path(work)
        if args.kill:
            print(json.dumps(kill_9_survivors(cli, root, 40_000)))
        if args.skip_folder:
            if args.rows:
                print(json.dumps(time_table(cli, root, args.rows, args.timeout)))
            return
        folder, fifo = build_folder(root)
        run = root / "run"
        command = [*cli, "ingest", str(folder), str(fifo), "--out", str(run), "--backend", "rules"]
        elapsed, peak, code, output = run_measured(command, args.timeout)
        reports = len(list((run / "reports").glob("*.json"))) if (run / "reports").is_dir() else 0
        errors = (run / "errors.jsonl").read_bytes().count(b"\n") if (run / "errors.jsonl").exists() else 0
        exports = sorted(p.name for p in [*run.glob("results.*"), *run.glob("*.csv")]) if run.is_dir() else []
        print(
            json.dumps(
                {
                    "case": "folder: good reports + 200 MB docx bomb + GBK name + FIFO argument",
                    "wall_s": round(elapsed, 1),
                    "peak_rss_mb": round(peak / 1024),
                    "exit": code if code is not None else f"killed after {args.timeout:.0f} s",
                    "reports_written": reports,
                    "error_lines": errors,
                    "exports": exports,
                },
                ensure_ascii=False,
            )
        )
        print("output tail:", " | ".join(output.strip().splitlines()[-6:]))
        if args.rows:
            print(json.dumps(time_table(cli, root, args.rows, args.timeout)))


if __name__ == "__main__":
    main()
