"""Every numeric setting is typed and ranged; a bad one stops the command with one line naming it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.core.config import Config, resolve_config
from pipeline.core.errors import ConfigError
from pipeline.core.settings_check import SETTING_BOUNDS, check_setting


def test_the_table_covers_every_numeric_field_and_the_defaults_pass() -> None:
    numeric = {
        f.name for f in dataclasses.fields(Config) if isinstance(getattr(Config(), f.name), int | float)
    } - {"send_all"}
    assert numeric == set(SETTING_BOUNDS)
    for name in SETTING_BOUNDS:
        check_setting(name, getattr(Config(), name))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("workers", 1.5, "workers must be a whole number in [0, 64], not 1.5"),
        ("workers", -1, "workers must be a whole number in [0, 64], not -1"),
        ("workers", 1000, "workers must be a whole number in [0, 64], not 1000"),
        ("workers", True, "workers must be a whole number in [0, 64], not True"),
        ("llm_timeout", 0, "llm_timeout must be a number in (0, 3600], not 0"),
        ("llm_timeout", float("nan"), "llm_timeout must be a number in (0, 3600], not nan"),
        ("report_timeout_s", -5.0, "report_timeout_s must be a number in (0, 86400], not -5.0"),
        (
            "report_memory_mb",
            "lots",
            "report_memory_mb must be a whole number in [64, 1048576], not 'lots'",
        ),
        ("llm_temperature", float("inf"), "llm_temperature must be a number in [0, 2], not inf"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(name: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config(**{name: value})  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_an_int_is_a_valid_float_setting() -> None:
    assert Config(llm_timeout=30).llm_timeout == 30


def test_bad_values_from_the_file_and_the_environment_are_refused(tmp_path: Path) -> None:
    toml = tmp_path / "pipeline.toml"
    toml.write_text("workers = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^workers must be a whole number in \[0, 64\], not 1.5$"):
        resolve_config({}, {"PIPELINE_CONFIG": str(toml)})
    with pytest.raises(ConfigError, match=r"^workers must be a whole number in \[0, 64\], not -1$"):
        resolve_config({}, {"PIPELINE_WORKERS": "-1"})
    with pytest.raises(ConfigError, match=r"^llm_timeout must be a number in \(0, 3600\], not nan$"):
        resolve_config({}, {"PIPELINE_LLM_TIMEOUT": "nan"}, llm=True)  # only a command using the LLM
