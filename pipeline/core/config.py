"""Configuration, resolved once into a frozen object.

Order (later wins): defaults < config file < `PIPELINE_*` environment < CLI flags.

- The config file is TOML: `$PIPELINE_CONFIG` if set, else `./pipeline.toml` if it exists. Its keys
  are the field names below (`llm_model = "deepseek-chat"`).
- Environment: `PIPELINE_<FIELD>` in upper case (`PIPELINE_LLM_MODEL`). The LLM endpoint and key
  fall back to `OPENAI_BASE_URL` / `OPENAI_API_KEY` when no `PIPELINE_` value is set anywhere.
- CLI flags arrive as a dict of field → value; `None` means "flag not given".

The backend defaults to `rules`, or to `hybrid` when an LLM endpoint and model are configured.
Unknown keys in the file or unknown `PIPELINE_*` variables are an error, so a typo never silently
falls back to a default. The API key is kept out of `repr()` and of `public_dict()`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.core.errors import ConfigError
from pipeline.core.settings_check import check_settings

BACKENDS = ("rules", "llm", "hybrid")
LLM_MODES = ("tools", "json", "md_json")
# Variables that configure the environment of the tool, not a Config field.
_NON_FIELD_ENV = {"PIPELINE_CONFIG"}


@dataclass(frozen=True)
class Config:
    backend: str = "rules"
    cache_dir: str = ".cache"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_model: str | None = None
    llm_mode: str = "tools"
    llm_temperature: float = 0.0
    llm_max_tokens: int = 4096
    llm_timeout: float = 60.0
    llm_concurrency: int = 8
    llm_max_retries: int = 5
    llm_max_reasks: int = 2
    chunk_max_chars: int = 3000
    send_all: bool = False
    review_threshold: float = 0.7
    workers: int = 0
    # Per-report bounds (README "Limits"); ranges of every numeric field: `settings_check`.
    report_timeout_s: float = 300.0
    report_memory_mb: int = 1024
    max_archive_mb: int = 100
    max_archive_ratio: float = 100.0
    max_sheet_rows: int = 200_000
    max_html_nodes: int = 500_000
    llm_max_response_kb: int = 1024

    def __post_init__(self) -> None:
        check_settings(dataclasses.asdict(self))
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")
        if self.llm_mode not in LLM_MODES:
            raise ConfigError(f"llm_mode must be one of {', '.join(LLM_MODES)}, not {self.llm_mode!r}")

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key) and bool(self.llm_model)

    def public_dict(self) -> dict[str, Any]:
        """Every field but the API key: safe to print, log or hash into a cache key."""
        data = dataclasses.asdict(self)
        data["llm_api_key"] = "***" if self.llm_api_key else None
        return data


_FIELDS = {f.name: f for f in fields(Config)}


def _coerce(name: str, raw: Any, origin: str) -> Any:
    kind = type(getattr(Config(), name)) if getattr(Config(), name) is not None else str
    if isinstance(raw, str) and kind is not str:
        try:
            if kind is bool:
                if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                    raise ValueError(raw)
                return raw.lower() in {"1", "true", "yes"}
            return kind(raw)
        except ValueError as exc:
            raise ConfigError(f"{origin}: {name} must be {kind.__name__}, not {raw!r}") from exc
    return raw


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path) from exc
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"unknown config keys: {', '.join(unknown)}", path)
    return {k: _coerce(k, v, str(path)) for k, v in data.items()}


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in env.items():
        if not key.startswith("PIPELINE_") or key in _NON_FIELD_ENV:
            continue
        name = key.removeprefix("PIPELINE_").lower()
        if name not in _FIELDS:
            raise ConfigError(f"unknown environment variable {key}")
        values[name] = _coerce(name, raw, key)
    return values


def _config_file(env: Mapping[str, str]) -> Path | None:
    if env.get("PIPELINE_CONFIG"):
        path = Path(env["PIPELINE_CONFIG"])
        if not path.is_file():
            raise ConfigError("config file not found", path)
        return path
    default = Path("pipeline.toml")
    return default if default.is_file() else None


def resolve_config(flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Resolve defaults < file < env < flags into one frozen Config."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    file = _config_file(env)
    if file is not None:
        values.update(_from_file(file))
    values.update(_from_env(env))
    for name, value in (flags or {}).items():
        if name not in _FIELDS:
            raise ConfigError(f"unknown option {name}")
        if value is not None:
            values[name] = value
    if not values.get("llm_base_url") and env.get("OPENAI_BASE_URL"):
        values["llm_base_url"] = env["OPENAI_BASE_URL"]
    if not values.get("llm_api_key") and env.get("OPENAI_API_KEY"):
        values["llm_api_key"] = env["OPENAI_API_KEY"]
    config = Config(**values)
    if "backend" not in values and config.llm_configured:
        # The default whenever a model is configured: rules and LLM cross-check each other.
        config = dataclasses.replace(config, backend="hybrid")
    return config
