"""Configuration, resolved once into a frozen object.

Order (later wins): defaults < config file < `PIPELINE_*` environment < CLI flags.

- The config file is TOML: `$PIPELINE_CONFIG` if set, else `pipeline.toml` in the project root if it
  exists (`project_root()`: the checkout this package runs from, never the current directory, so
  a command behaves the same from any folder). Its keys are the field names below
  (`llm_model = "deepseek-chat"`).
- Paths: a relative `cache_dir` in the config file is relative to the file's folder; the default
  is `<project root>/.cache`; one given in the environment or as a flag is taken as typed (relative
  to where the command runs). `Config.cache_dir` is always absolute once resolved.
- Environment: `PIPELINE_<FIELD>` in upper case (`PIPELINE_LLM_MODEL`). Table fields
  (`llm_extra_body`, `llm_prices`) take a JSON object there (`PIPELINE_LLM_EXTRA_BODY='{"top_p": 0.9}'`).
- CLI flags arrive as a dict of field → value; `None` means "flag not given".

The backend defaults to `rules`, or to `hybrid` when the file or `PIPELINE_LLM_*` names both an
endpoint (`llm_base_url`) and a model. `OPENAI_BASE_URL` / `OPENAI_API_KEY` are never read: a
variable set for another tool must not send report text (or its key) to an endpoint nobody chose.
Unknown keys in the file or unknown `PIPELINE_*` variables are an error, so a typo never silently
falls back to a default. Every error names where the bad value came from (the variable, the file
and key, or the flag), lists the valid values, and suggests the nearest one:

    PIPELINE_LLM_MODE: llm_mode must be one of auto, tools, json_schema, json, md_json, not 'jsn'
    (did you mean 'json'?)

The API key is kept out of `repr()` and of `public_dict()`.

Worked example: `llm_prices = {"deepseek-v4": {"input": 0.28, "cached_input": 0.028, "output": 0.42}}`
(US$ or ¥ — any currency — per million tokens) lets `pipeline summary` estimate a run's cost.
An optional `batch` entry is the fraction of those prices the provider's Batch API charges
(default 0.5: OpenAI and DashScope bill batch requests at half price).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.core.errors import ConfigError
from pipeline.core.settings_check import check_settings

BACKENDS = ("rules", "llm", "hybrid")
# `auto`: the provider preset's mode (pipeline/llm/providers.py). `json_schema` is response_format
# json_schema, `json` is response_format json_object, `md_json` a fenced block in plain text.
LLM_MODES = ("auto", "tools", "json_schema", "json", "md_json")
LLM_PROVIDERS = ("generic", "openai", "deepseek", "qwen", "vllm", "ollama", "llamacpp")
PRICE_KEYS = frozenset({"input", "cached_input", "output", "batch"})
CONFIG_FILE = "pipeline.toml"
DEFAULT_CACHE_DIR = ".cache"
# Fields whose value is one of a fixed list (checked by `_check_choice`).
# Settings only the LLM client reads (`llm_prices` is not one: `pipeline summary` prices a run).
LLM_SETTINGS = frozenset(
    {
        "llm_base_url",
        "llm_api_key",
        "llm_model",
        "llm_provider",
        "llm_mode",
        "llm_extra_body",
        "llm_temperature",
        "llm_max_tokens",
        "llm_timeout",
        "llm_deadline",
        "llm_concurrency",
        "llm_max_retries",
        "llm_max_reasks",
        "llm_pack_chars",
        "llm_max_response_kb",
        "llm_batch_max_requests",
        "llm_batch_max_mb",
        "send_all",
    }
)
_CHOICES: dict[str, tuple[str, ...]] = {
    "backend": BACKENDS,
    "llm_mode": LLM_MODES,
    "llm_provider": LLM_PROVIDERS,
}
# Variables that configure the environment of the tool, not a Config field.
_NON_FIELD_ENV = {"PIPELINE_CONFIG", "PIPELINE_SHARD_COUNT"}


@dataclass(frozen=True)
class Config:
    backend: str = "rules"
    cache_dir: str = ".cache"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_model: str | None = None
    llm_provider: str = "generic"
    llm_mode: str = "auto"
    llm_extra_body: dict[str, Any] = field(default_factory=dict, hash=False)
    llm_prices: dict[str, dict[str, float]] = field(default_factory=dict, hash=False)
    llm_temperature: float = 0.0
    llm_max_tokens: int = 8192
    llm_timeout: float = 300.0  # a long answer takes minutes; read timeout: longest silence between two bytes
    llm_deadline: float = 900.0  # total time one request may take, keep-alive bytes or not
    llm_concurrency: int = 8
    llm_max_retries: int = 5
    llm_max_reasks: int = 2
    chunk_max_chars: int = 3000
    llm_pack_chars: int = 6000  # small chunks of one report share a request up to this much text; 0: never
    send_all: bool = False
    review_threshold: float = 0.7
    workers: int = 0
    max_file_mb: float = 50.0
    convert_timeout: float = 120.0
    # Per-report bounds (README "Limits"); ranges of every numeric field: `settings_check`.
    report_timeout_s: float = 300.0
    report_memory_mb: int = 1536
    max_archive_mb: int = 100
    max_archive_ratio: float = 100.0
    max_sheet_rows: int = 200_000
    max_html_nodes: int = 500_000
    llm_max_response_kb: int = 1024
    # Provider batch (`ingest --llm-batch`): per input file, OpenAI's limits by default.
    llm_batch_max_requests: int = 50_000
    llm_batch_max_mb: float = 200.0

    def __post_init__(self) -> None:
        check_settings(dataclasses.asdict(self))
        for name in _CHOICES:
            _check_choice(name, getattr(self, name))
        if 0 < self.llm_pack_chars < 200:
            raise ConfigError(f"llm_pack_chars must be 0 or >= 200, not {self.llm_pack_chars}")
        if self.llm_deadline < self.llm_timeout:
            raise ConfigError(
                f"llm_deadline >= llm_timeout is required, not {self.llm_deadline:g} < {self.llm_timeout:g}"
            )
        _check_tables(self.llm_extra_body, self.llm_prices)

    @property
    def llm_configured(self) -> bool:
        """An endpoint and a model are named: only then does any text leave the machine."""
        return bool(self.llm_base_url) and bool(self.llm_model)

    def public_dict(self) -> dict[str, Any]:
        """Every field but the API key: safe to print, log or hash into a cache key."""
        data = dataclasses.asdict(self)
        data["llm_api_key"] = "***" if self.llm_api_key else None
        return data


def _check_tables(extra_body: Any, prices: Any) -> None:
    if not isinstance(extra_body, dict):
        raise ConfigError("llm_extra_body must be a table / JSON object")
    if not isinstance(prices, dict):
        raise ConfigError("llm_prices must be a table / JSON object of model -> prices")
    for model, price in prices.items():
        ok = isinstance(price, dict) and set(price) <= PRICE_KEYS
        if not ok or not all(isinstance(v, int | float) and v >= 0 for v in price.values()):
            raise ConfigError(
                f"llm_prices.{model} must hold non-negative numbers for {', '.join(sorted(PRICE_KEYS))}"
            )


_FIELDS = {f.name: f for f in fields(Config)}


_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def checkout_root(package_dir: Path = _PACKAGE_DIR) -> Path | None:
    """The checkout `package_dir` (the `pipeline/` folder) belongs to: its parent when that holds
    `pyproject.toml`; None for an installed copy, which has no such folder."""
    root = package_dir.parent
    return root if (root / "pyproject.toml").is_file() else None


def project_root() -> Path:
    """The checkout this package runs from (`checkout_root`); for an installed copy, the current
    directory."""
    return checkout_root() or Path.cwd()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`" (did you mean 'json'?)"` for a near miss, `""` otherwise."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_choice(name: str, value: Any, origin: str | None = None) -> None:
    """Refuse a value outside `name`'s fixed list, naming where it came from when that is known."""
    choices = _CHOICES.get(name)
    if choices is not None and value not in choices:
        hint = did_you_mean(str(value), choices)
        where = f"{origin}: " if origin else ""
        raise ConfigError(f"{where}{name} must be one of {', '.join(choices)}, not {value!r}{hint}")


def _coerce(name: str, raw: Any, origin: str) -> Any:
    kind = type(getattr(Config(), name)) if getattr(Config(), name) is not None else str
    if isinstance(raw, str) and kind is not str:
        try:
            if kind is dict:
                value = json.loads(raw)
                if not isinstance(value, dict):
                    raise ValueError(raw)
                return value
            if kind is bool:
                if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                    raise ValueError(raw)
                return raw.lower() in {"1", "true", "yes"}
            return kind(raw)
        except ValueError as exc:
            what = "a JSON object" if kind is dict else kind.__name__
            raise ConfigError(f"{origin}: {name} must be {what}, not {raw!r}") from exc
    return raw


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path) from exc
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        hints = "".join(did_you_mean(key, _FIELDS) for key in unknown)
        raise ConfigError(f"unknown config keys: {', '.join(unknown)}{hints}", path)
    return {k: _coerce_or_defer(k, v, str(path)) for k, v in data.items()}


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in env.items():
        if not key.startswith("PIPELINE_") or key in _NON_FIELD_ENV:
            continue
        name = key.removeprefix("PIPELINE_").lower()
        if name not in _FIELDS:
            known = [f"PIPELINE_{field.upper()}" for field in _FIELDS]
            raise ConfigError(f"unknown environment variable {key}{did_you_mean(key, known)}")
        values[name] = _coerce_or_defer(name, raw, key)
    return values


@dataclass(frozen=True)
class _Invalid:
    """An LLM-only setting that failed to parse: an error only for a command that uses the LLM."""

    error: ConfigError


def _coerce_or_defer(name: str, raw: Any, origin: str) -> Any:
    try:
        return _coerce(name, raw, origin)
    except ConfigError as exc:
        if name not in LLM_SETTINGS:
            raise
        return _Invalid(exc)


def _config_file(env: Mapping[str, str]) -> Path | None:
    if env.get("PIPELINE_CONFIG"):
        path = Path(env["PIPELINE_CONFIG"])
        if not path.is_file():
            raise ConfigError("config file not found", path)
        return path
    default = project_root() / CONFIG_FILE
    return default if default.is_file() else None


def resolve_config(
    flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None, llm: bool | None = None
) -> Config:
    """Resolve defaults < file < env < flags into one frozen Config.

    `llm` says whether the command uses the LLM: True (`llm check`), False (`summary`, `export`,
    `review`, `read`, `merge`), or None to decide by the backend (the `rules` backend does not).
    A command that does not use it is not stopped by a bad LLM-only setting (`LLM_SETTINGS`, e.g.
    `PIPELINE_LLM_MODE=jsn`): the bad value is left out and its default used. One that does fails
    with the usual message naming the variable and the valid values.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    file = _config_file(env)
    if file is not None:
        from_file = _from_file(file)
        if isinstance(from_file.get("cache_dir"), str):  # relative to the file, not to the cwd
            from_file["cache_dir"] = str(file.parent / from_file["cache_dir"])
        values.update(from_file)
        origins.update({name: f"{file}: {name}" for name in from_file})
    from_env = _from_env(env)
    values.update(from_env)
    origins.update({name: f"PIPELINE_{name.upper()}" for name in from_env})
    for name, value in (flags or {}).items():
        if name not in _FIELDS:
            raise ConfigError(f"unknown option {name}{did_you_mean(name, _FIELDS)}")
        if value is not None:
            values[name] = value
            origins[name] = f"--{name.replace('_', '-')}"
    if not _uses_llm(values, llm):
        values = _without_bad_llm_settings(values, origins)
    for name, value in values.items():
        if isinstance(value, _Invalid):
            raise value.error
        _check_choice(name, value, origins[name])
    values["cache_dir"] = str(Path(values.get("cache_dir") or project_root() / DEFAULT_CACHE_DIR).absolute())
    config = Config(**values)
    if "backend" not in values and config.llm_configured:
        # The default whenever a model is configured: rules and LLM cross-check each other.
        config = dataclasses.replace(config, backend="hybrid")
    return config


def _uses_llm(values: Mapping[str, Any], llm: bool | None) -> bool:
    """`llm`, or when None: the backend given, else the default backend (`hybrid` when an endpoint
    and a model are named, see the module docstring) is not `rules`."""
    if llm is not None:
        return llm
    backend = values.get("backend")
    if backend is None:
        return bool(values.get("llm_base_url")) and bool(values.get("llm_model"))
    return backend != "rules"


def _without_bad_llm_settings(values: Mapping[str, Any], origins: Mapping[str, str]) -> dict[str, Any]:
    """`values` less every LLM-only setting that would fail (type, choice, range or consistency)."""
    kept: dict[str, Any] = {}
    for name, value in values.items():
        if name in LLM_SETTINGS and not _valid_alone(name, value, origins[name]):
            continue
        kept[name] = value
    try:
        Config(**kept)
    except ConfigError:  # two LLM settings that are fine alone but not together (deadline < timeout)
        return {name: value for name, value in kept.items() if name not in LLM_SETTINGS}
    return kept


def _valid_alone(name: str, value: Any, origin: str) -> bool:
    if isinstance(value, _Invalid):
        return False
    try:
        _check_choice(name, value, origin)
        Config(**{name: value})
    except ConfigError:
        return False
    return True
