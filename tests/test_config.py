from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import Config, project_root, resolve_config
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


def test_openai_variables_are_never_read() -> None:
    env = {"OPENAI_API_KEY": "sk-openai", "OPENAI_BASE_URL": "http://x/v1", "PIPELINE_LLM_MODEL": "m"}
    config = resolve_config(env=env)
    assert (config.llm_api_key, config.llm_base_url, config.backend) == (None, None, "rules")


def test_a_key_and_model_without_an_endpoint_keep_the_rules_backend() -> None:
    env = {"PIPELINE_LLM_API_KEY": "sk-mine", "PIPELINE_LLM_MODEL": "m"}
    assert resolve_config(env=env).backend == "rules"


def test_extra_body_and_prices_are_tables_in_the_file_and_json_in_the_environment(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text(
        'llm_provider = "qwen"\n[llm_extra_body]\ntop_p = 0.8\n[llm_prices.m]\ninput = 0.3\noutput = 1.2\n',
        encoding="utf-8",
    )
    config = resolve_config(env={"PIPELINE_CONFIG": str(file)})
    assert (config.llm_provider, config.llm_extra_body, config.llm_prices) == (
        "qwen",
        {"top_p": 0.8},
        {"m": {"input": 0.3, "output": 1.2}},
    )
    env = {"PIPELINE_LLM_EXTRA_BODY": '{"thinking": {"type": "disabled"}}'}
    assert resolve_config(env=env).llm_extra_body == {"thinking": {"type": "disabled"}}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PIPELINE_LLM_EXTRA_BODY": "[1]"}, "llm_extra_body must be a JSON object"),
        ({"PIPELINE_LLM_EXTRA_BODY": "{nope"}, "llm_extra_body must be a JSON object"),
        ({"PIPELINE_LLM_PRICES": '{"m": {"input": -1}}'}, "llm_prices.m must hold non-negative numbers"),
        ({"PIPELINE_LLM_PRICES": '{"m": {"inptu": 1}}'}, "llm_prices.m must hold non-negative numbers"),
        ({"PIPELINE_LLM_PROVIDER": "azure"}, "llm_provider must be one of generic, openai, deepseek"),
        ({"PIPELINE_LLM_DEADLINE": "10"}, "llm_deadline >= llm_timeout"),
    ],
)
def test_bad_llm_tables_are_an_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_config(env=env, llm=True)


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
        resolve_config(env=env, llm=True)


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


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"PIPELINE_LLM_MODE": "jsn"},
            "PIPELINE_LLM_MODE: llm_mode must be one of auto, tools, json_schema, json, md_json, not 'jsn' "
            "(did you mean 'json'?)",
        ),
        (
            {"PIPELINE_BACKEND": "rule"},
            "PIPELINE_BACKEND: backend must be one of rules, llm, hybrid, not 'rule' (did you mean 'rules'?)",
        ),
        (
            {"PIPELINE_BACKEND": "magic"},
            "PIPELINE_BACKEND: backend must be one of rules, llm, hybrid, not 'magic'",
        ),
        (
            {"PIPELINE_REVIEW_TRESHOLD": "0.5"},
            "unknown environment variable PIPELINE_REVIEW_TRESHOLD "
            "(did you mean 'PIPELINE_REVIEW_THRESHOLD'?)",
        ),
    ],
)
def test_errors_name_the_variable_list_the_values_and_suggest(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(env=env, llm=True)
    assert str(caught.value) == message


def test_file_and_flag_errors_name_their_origin(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text('llm_mode = "tool"\nmax_file_mb = 5\n', encoding="utf-8")
    with pytest.raises(ConfigError) as from_file:
        resolve_config(env={"PIPELINE_CONFIG": str(file)}, llm=True)
    with pytest.raises(ConfigError) as from_flag:
        resolve_config({"backend": "hybird"}, env={})
    with pytest.raises(ConfigError) as unknown_key:
        file.write_text("max_file_md = 5\n", encoding="utf-8")
        resolve_config(env={"PIPELINE_CONFIG": str(file)})

    assert str(from_file.value) == (
        f"{file}: llm_mode: llm_mode must be one of auto, tools, json_schema, json, md_json, not 'tool' "
        "(did you mean 'tools'?)"
    )
    assert str(from_flag.value) == (
        "--backend: backend must be one of rules, llm, hybrid, not 'hybird' (did you mean 'hybrid'?)"
    )
    assert str(unknown_key.value) == f"{file}: unknown config keys: max_file_md (did you mean 'max_file_mb'?)"


def test_the_cache_is_found_from_the_project_or_the_config_file_never_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_config(env={}).cache_dir == str(project_root() / ".cache")
    file = tmp_path / "conf" / "p.toml"
    file.parent.mkdir()
    file.write_text('cache_dir = "cache"\n', encoding="utf-8")
    assert resolve_config(env={"PIPELINE_CONFIG": str(file)}).cache_dir == str(tmp_path / "conf" / "cache")
    assert resolve_config(env={"PIPELINE_CACHE_DIR": "/abs/cache"}).cache_dir == "/abs/cache"


def test_project_root_is_the_checkout() -> None:
    assert (project_root() / "pyproject.toml").is_file()
    assert (project_root() / "pipeline" / "core" / "config.py").is_file()


@pytest.mark.parametrize(
    "env",
    [
        {"PIPELINE_LLM_MODE": "jsn"},
        {"PIPELINE_LLM_CONCURRENCY": "many"},
        {"PIPELINE_LLM_TIMEOUT": "nan"},
        {"PIPELINE_LLM_EXTRA_BODY": "[1]"},
        {"PIPELINE_LLM_DEADLINE": "10"},  # below the default llm_timeout: fine alone, not together
        {"PIPELINE_SEND_ALL": "perhaps"},
        {"PIPELINE_LLM_BATCH_MAX_REQUESTS": "0"},  # read by `ingest --llm-batch` only
    ],
)
def test_a_bad_llm_setting_does_not_stop_a_command_without_the_llm(env: dict[str, str]) -> None:
    defaults = resolve_config(env={})
    assert resolve_config(env=env, llm=False) == defaults  # summary, export, review, read, merge
    assert resolve_config(env=env) == defaults  # rules backend: decided by the backend
    setting = next(iter(env)).removeprefix("PIPELINE_").lower()
    with pytest.raises(ConfigError, match=setting):
        resolve_config({"backend": "llm"}, env=env)  # a command that uses it still fails, naming it


def test_the_llm_is_used_when_a_model_makes_hybrid_the_default() -> None:
    env = {"PIPELINE_LLM_BASE_URL": "http://127.0.0.1:1/v1", "PIPELINE_LLM_MODEL": "m"}
    with pytest.raises(ConfigError, match="PIPELINE_LLM_MODE: llm_mode must be one of"):
        resolve_config(env=env | {"PIPELINE_LLM_MODE": "jsn"})
    lenient = resolve_config({"backend": "rules"}, env=env | {"PIPELINE_LLM_MODE": "jsn"})
    assert (lenient.backend, lenient.llm_mode, lenient.llm_model) == ("rules", "auto", "m")
    with pytest.raises(ConfigError, match="workers must be"):  # not an LLM setting: always checked
        resolve_config(env={"PIPELINE_WORKERS": "-1"}, llm=False)
