"""The review at scale: `pipeline review --serve` latency and memory, `review --html` memory.

    python -m bench.review --reports 1000 10000      # builds the runs (copies + ingest), then measures
    python -m bench.review --run runs/big            # measures an existing run directory

Not part of `make bench`: a 10,000-report run takes minutes to ingest. The figures go into the
"Review at scale" section of bench/results.md (kept when `make bench` rewrites the rest).

Server: `pipeline review RUN --serve --port 0` in its own process, started from the run's parent
directory (where the sources' relative paths resolve). *open → first page* is from starting the
process to the queue page fully read (interpreter, imports, opening results.sqlite, the token
login redirect, the page); *in process* is the same without the interpreter and the CLI's
imports (`ReviewApp` opened and asked for `/` inside the bench process); the other latencies
are the median of 5 warm requests. *peak RSS* is the server's VmHWM after every request.
Static export: `pipeline review RUN --html` in a wrapper process; peak = `ru_maxrss` of its child.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench.corpus import copy_reports, sample_reports
from bench.report import REVIEW_MARKER as MARKER

BENCH_DIR = Path(__file__).resolve().parent
PIPELINE = [sys.executable, "-m", "pipeline.cli"]


def make_run(count: int, work: Path) -> Path:
    """`count` copies of the samples under new names, ingested with the rules backend."""
    copies = work / f"in{count}"
    copy_reports(sample_reports(), copies, count)
    run = work / f"run{count}"
    subprocess.run([*PIPELINE, "ingest", copies.name, "--out", run.name], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return run


def _vm_hwm_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else float("nan")


def _timed(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    with opener.open(url, data=data, timeout=60) as response:
        body = response.read().decode("utf-8")
    return time.perf_counter() - started, body


def _median(opener: urllib.request.OpenerDirector, url: str) -> float:
    return statistics.median(_timed(opener, url)[0] for _ in range(5))


def measure_open_in_process(run: Path) -> float:
    """Seconds from nothing open to the first queue page, in this process (no interpreter start,
    no CLI imports): opening results.sqlite, reading corrections.jsonl, rendering the page."""
    from pipeline.review.web import COOKIE, Request, ReviewApp

    started = time.perf_counter()
    app = ReviewApp(run, "t", ("h",))
    response = app.handle(Request("GET", "/", cookies={COOKIE: "t"}, host="h"))
    elapsed = time.perf_counter() - started
    app.queue.close()
    assert response.status == 200
    return round(elapsed, 4)


def measure_server(run: Path) -> dict[str, Any]:
    started = time.perf_counter()
    server = subprocess.Popen(
        [*PIPELINE, "review", run.name, "--serve", "--port", "0"], cwd=run.parent,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split("review: ", 1)[1].strip()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _, first = _timed(opener, url)
        opened = time.perf_counter() - started
        base = url.split("/?")[0]
        total = int(re.search(r"(\d+) in the queue", first)[1])  # type: ignore[index]
        item = re.search(r'href="/item/(\d+)', first)[1]  # type: ignore[index]
        token = re.search(r'name="token" value="([^"]+)"', _timed(opener, f"{base}/item/{item}")[1])[1]  # type: ignore[index]
        result = {
            "reports": len(list((run / "reports").glob("*.json"))),
            "queue_items": total,
            "open_to_first_page_s": round(opened, 3),
            "queue_page_s": _median(opener, f"{base}/"),
            "last_page_s": _median(opener, f"{base}/?offset={max(0, total - 50)}"),
            "filtered_page_s": _median(opener, f"{base}/?field=target&why=low_confidence"),
            "item_page_s": _median(opener, f"{base}/item/{item}"),
            "report_page_s": _median(opener, f"{base}/report/{item}"),
        }
        path = re.search(r'name="path" value="([^"]+)"', _timed(opener, f"{base}/item/{item}")[1])[1]  # type: ignore[index]
        form = urllib.parse.urlencode({"token": token, "id": item, "path": path, "decision": "skip"})
        result["decide_and_next_s"] = round(_timed(opener, f"{base}/decide", form.encode())[0], 4)
        result["server_peak_rss_mib"] = round(_vm_hwm_mib(server.pid), 1)
        result["open_in_process_s"] = measure_open_in_process(run)
        for key in ("queue_page_s", "last_page_s", "filtered_page_s", "item_page_s", "report_page_s"):
            result[key] = round(result[key], 4)
        return result
    finally:
        server.terminate()
        server.wait(10)
        (run / "corrections.jsonl").unlink(missing_ok=True)  # the bench's own skip


def measure_html(run: Path) -> dict[str, Any]:
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *PIPELINE, "review", run.name, "--html"],
        cwd=run.parent, capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall, peak_kib = done.stdout.split()
    pages = list((run / "review").glob("*.html"))
    return {
        "reports": len(list((run / "reports").glob("*.json"))),
        "wall_s": round(float(wall), 1),
        "peak_rss_mib": round(int(peak_kib) / 1024, 1),
        "pages": len(pages),
        "total_mb": round(sum(p.stat().st_size for p in pages) / 1e6, 1),
        "largest_page_kb": round(max(p.stat().st_size for p in pages) / 1e3, 1),
    }


def render(servers: list[dict[str, Any]], htmls: list[dict[str, Any]], load: float) -> str:
    lines = [
        MARKER, "",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, load average {load:.1f} at the end "
        "(other work on the machine stretches wall times, process start most).", "",
        "| reports | queue items | open → first page s (process start) | open → first page s (in process) "
        "| queue page s | last page s | filtered page s | item page s | whole report s | decide + next s "
        "| server peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for s in servers:
        lines.append(
            f"| {s['reports']} | {s['queue_items']} | {s['open_to_first_page_s']} | "
            f"{s['open_in_process_s']} | {s['queue_page_s']} | {s['last_page_s']} | {s['filtered_page_s']} | "
            f"{s['item_page_s']} | {s['report_page_s']} | "
            f"{s['decide_and_next_s']} | {s['server_peak_rss_mib']} |"
        )
    lines += ["", "| reports | `review --html` wall s | peak RSS MiB | pages | total MB | largest page kB |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    lines += [
        f"| {h['reports']} | {h['wall_s']} | {h['peak_rss_mib']} | {h['pages']} | {h['total_mb']} | "
        f"{h['largest_page_kb']} |"
        for h in htmls
    ]
    how = (__doc__ or "").split("Server: ")[1].replace("\n", " ").strip()
    lines += ["", f"How: `python -m bench.review`. {how}", ""]
    return "\n".join(lines)


def update_results(section: str, results: Path = BENCH_DIR / "results.md") -> None:
    """Replace (or add) the review section at the end of results.md."""
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    kept = text.split(MARKER)[0].rstrip("\n")
    results.write_text((kept + "\n\n" if kept else "") + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.review", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="*", default=[], help="build runs of these sizes")
    parser.add_argument("--run", type=Path, nargs="*", default=[], help="measure these run directories")
    parser.add_argument("--html-max", type=int, default=1000, help="static export only up to this size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-review-") as work:
        runs = [run.resolve() for run in args.run] + [make_run(n, Path(work)) for n in args.reports]
        servers = [measure_server(run) for run in runs]
        htmls = [measure_html(run) for run in runs if servers[runs.index(run)]["reports"] <= args.html_max]
    load = os.getloadavg()[0]
    section = render(servers, htmls, load)
    update_results(section)
    (BENCH_DIR / "review_results.json").write_text(
        json.dumps({"servers": servers, "html": htmls, "load_average": round(load, 1)}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(section)


if __name__ == "__main__":
    main()
