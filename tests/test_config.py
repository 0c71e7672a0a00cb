from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import Config, resolve_config
from pipeline.core.errors import ConfigError


def test_order_is_defaults_file_env_flags(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text(
        'llm_model = "from-file"\nllm_concurrency = 3\nreview_threshold = 0.5\n', encoding="utf-8"
    )
    env = {"PIPELINE_CONFIG": str(file), "PIPELINE_LLM_CONCURRENCY": "4", "PIPELINE_SEND_ALL": "true"}
    config = resolve_config({"llm_concurrency": 5, "backend": None}, env=env)
    assert (config.llm_model, config.llm_concurrency, config.review_threshold, config.send_all) == (
        "from-file",
        5,
        0.5,
        True,
    )
    assert config.backend == "rules"


def test_openai_variables_are_a_fallback_only() -> None:
    env = {"OPENAI_API_KEY": "sk-openai", "OPENAI_BASE_URL": "http://x/v1", "PIPELINE_LLM_API_KEY": "sk-mine"}
    config = resolve_config(env=env)
    assert (config.llm_api_key, config.llm_base_url) == ("sk-mine", "http://x/v1")


def test_the_key_never_shows() -> None:
    config = Config(llm_api_key="sk-test-SECRET")
    assert "SECRET" not in repr(config)
    assert "SECRET" not in str(config.public_dict())


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PIPELINE_LLM_MODLE": "x"}, "unknown environment variable PIPELINE_LLM_MODLE"),
        ({"PIPELINE_LLM_CONCURRENCY": "many"}, "llm_concurrency must be int"),
        ({"PIPELINE_BACKEND": "magic"}, "backend must be one of"),
        ({"PIPELINE_CONFIG": "/nonexistent.toml"}, "config file not found"),
    ],
)
def test_bad_configuration_is_an_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_config(env=env)


def test_unknown_file_keys_are_an_error(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown config keys: colour"):
        resolve_config(env={"PIPELINE_CONFIG": str(file)})


def test_hybrid_is_the_default_once_a_model_is_configured() -> None:
    env = {"PIPELINE_LLM_BASE_URL": "http://127.0.0.1:1/v1", "PIPELINE_LLM_MODEL": "m"}
    assert resolve_config(env=env).backend == "hybrid"
    assert resolve_config({"backend": "rules"}, env=env).backend == "rules"
    assert resolve_config(env={}).backend == "rules"
