"""`pipeline cache stats` and `pipeline cache clear`: inspect or empty the LLM answer cache.

The cache lives in `cache_dir` (config file, `PIPELINE_CACHE_DIR`, or `--cache-dir`; default
`.cache/`). See pipeline/llm/cache.py for what is stored and how entries are keyed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import PLAIN_HELP, app, pipeline_errors
from pipeline.core.config import resolve_config

cache_app = typer.Typer(
    no_args_is_help=True, help="Inspect or empty the LLM answer cache.", rich_markup_mode=PLAIN_HELP
)
app.add_typer(cache_app, name="cache")

CacheDirOption = Annotated[
    Path | None, typer.Option("--cache-dir", help="Cache directory (default: the configured cache_dir).")
]


def _cache_dir(flag: Path | None) -> Path:
    config = resolve_config({"cache_dir": str(flag) if flag is not None else None})
    return Path(config.cache_dir)


def _human_size(size: int) -> str:
    """`512` → `512 B`, `1536` → `1.5 KiB`, `3_500_000` → `3.3 MiB`."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


@cache_app.command("stats")
@pipeline_errors
def stats_command(cache_dir: CacheDirOption = None) -> None:
    """Print the number of cached answers, their size on disk and the cache path."""
    from pipeline.llm.cache import cache_stats  # here: `pipeline --help` must not load the cache

    stats = cache_stats(_cache_dir(cache_dir))
    typer.echo(f"path: {stats.path}")
    typer.echo(f"entries: {stats.entries}")
    typer.echo(f"size: {_human_size(stats.size_bytes)} ({stats.size_bytes} bytes)")


@cache_app.command("clear")
@pipeline_errors
def clear_command(cache_dir: CacheDirOption = None) -> None:
    """Remove every cached answer."""
    from pipeline.llm.cache import clear_cache

    directory = _cache_dir(cache_dir)
    removed = clear_cache(directory)
    typer.echo(f"removed {removed} entries from {directory.resolve()}")
