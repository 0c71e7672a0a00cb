"""Every numeric setting's type and range, checked once when the configuration is built.

A setting from the TOML file, a `PIPELINE_*` variable or a flag is checked against one table, so
`workers = 1.5`, `PIPELINE_WORKERS=-1`, `llm_timeout = nan` or `workers = 1000` stop the command
at start with one line naming the setting instead of a traceback (or a run with 1,000 processes):

    >>> check_setting("workers", 1.5)
    Traceback (most recent call last):
    pipeline.core.errors.ConfigError: workers must be a whole number in [0, 64], not 1.5

Ranges are inclusive; a bound of `None` is open. `True`/`False` are not numbers here, although
Python counts them as ints. Adding a numeric field to `Config` without a row here is an error
(`test_settings_check` asserts the table covers every field).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pipeline.core.errors import ConfigError


@dataclass(frozen=True)
class Bound:
    """A numeric setting: whole number or not, its inclusive range, and whether 0 is excluded."""

    integer: bool
    low: float
    high: float
    low_open: bool = False  # (low, high]: a timeout of 0 is no timeout at all

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} in {'(' if self.low_open else '['}{_plain(self.low)}, {_plain(self.high)}]"


SETTING_BOUNDS: dict[str, Bound] = {
    "llm_temperature": Bound(False, 0.0, 2.0),
    "llm_max_tokens": Bound(True, 1, 1_000_000),
    "llm_timeout": Bound(False, 0.0, 3600.0, low_open=True),
    "llm_deadline": Bound(False, 0.0, 86_400.0, low_open=True),  # and >= llm_timeout (Config)
    "llm_concurrency": Bound(True, 1, 64),
    "llm_max_retries": Bound(True, 0, 20),
    "llm_max_reasks": Bound(True, 0, 10),
    "llm_max_response_kb": Bound(True, 1, 65_536),
    "llm_batch_max_requests": Bound(True, 1, 1_000_000),
    "llm_batch_max_mb": Bound(False, 0.0, 1_048_576.0, low_open=True),
    "chunk_max_chars": Bound(True, 200, 1_000_000),
    "llm_pack_chars": Bound(True, 0, 1_000_000),  # 0: never pack; else >= 200 (Config)
    "review_threshold": Bound(False, 0.0, 1.0),
    "workers": Bound(True, 0, 64),
    "report_timeout_s": Bound(False, 0.0, 86_400.0, low_open=True),
    "report_memory_mb": Bound(True, 64, 1_048_576),
    "max_archive_mb": Bound(True, 1, 65_536),
    "max_archive_ratio": Bound(False, 1.0, 1_000_000.0),
    "max_sheet_rows": Bound(True, 1, 100_000_000),
    "max_html_nodes": Bound(True, 1, 100_000_000),
    "max_file_mb": Bound(False, 0.0, 1_048_576.0, low_open=True),
    "convert_timeout": Bound(False, 0.0, 86_400.0, low_open=True),
}


def check_setting(name: str, value: Any) -> None:
    """Raise `ConfigError` unless `value` is of the setting's type and within its range."""
    bound = SETTING_BOUNDS.get(name)
    if bound is None:
        return
    if not _in_range(bound, value):
        raise ConfigError(f"{name} must be {bound.describe()}, not {value!r}")


def check_settings(values: dict[str, Any]) -> None:
    """`check_setting` for every field of a configuration (`dataclasses.asdict(config)`)."""
    for name, value in values.items():
        check_setting(name, value)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _in_range(bound: Bound, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if bound.integer and not isinstance(value, int):
        return False
    if not math.isfinite(value):
        return False
    above = value > bound.low if bound.low_open else value >= bound.low
    return above and value <= bound.high
