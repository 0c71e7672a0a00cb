"""`pipeline llm check`: one tiny request that says what works — reachable, key, model, mode.

The request is the provider preset's real body shape (mode, token field, extra body) with a
two-line prompt, so a setting that would refuse every chunk of a run is found for the price of a
few tokens. Each check is a `Verdict`; one that fails says which setting to change.

Worked example against DeepSeek with the `generic` preset (thinking on, forced tool refused):

    reachable  ok    https://api.deepseek.com/v1 answered
    api key    ok    accepted
    model      ok    <model> exists
    mode       FAIL  the endpoint refused mode tools (HTTP 400: Thinking mode does not support this
                     tool_choice): set PIPELINE_LLM_PROVIDER=deepseek (or PIPELINE_LLM_MODE=json)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import openai

from pipeline.core.config import Config
from pipeline.core.errors import LLMError
from pipeline.llm.client import make_client, redact
from pipeline.llm.failures import error_message, is_quota_error
from pipeline.llm.prompt import Prompt
from pipeline.llm.providers import effective_mode, preset, sampling_fields
from pipeline.llm.retry import BadAnswer
from pipeline.llm.wire import parse_answer, request_body

CHECK_MESSAGES = (
    {"role": "system", "content": "只输出一个 JSON 对象。"},
    {"role": "user", "content": '请原样返回 JSON：{"indicators": []}'},
)
CHECK_TOKENS = 256  # enough for a reasoning model to think a little and still answer


@dataclass(frozen=True)
class Verdict:
    what: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{self.what:<10} {'ok' if self.ok else 'FAIL':<5} {self.detail}"


def check_endpoint(config: Config) -> list[Verdict]:
    """The verdicts, in order; the first failure ends the list (later checks cannot run)."""
    if not config.llm_configured:
        raise LLMError(
            "no LLM configured: set PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL (or pipeline.toml)"
        )
    return asyncio.run(_check(config))


async def _check(config: Config) -> list[Verdict]:
    client = make_client(config, Prompt("check", ""), use_cache=False)  # sends its own messages
    mode = effective_mode(config)
    sampling = {**sampling_fields(config), **_token_limit(config)}
    body = request_body(config.llm_model or "", CHECK_MESSAGES, mode, sampling)
    secret = config.llm_api_key or ""
    try:
        completion = await client.send_body(body)
    except openai.APIStatusError as exc:
        return _refused(config, mode, exc, secret)
    except openai.APIConnectionError as exc:
        return [
            Verdict(
                "reachable", False, f"{config.llm_base_url}: {type(exc).__name__}: set PIPELINE_LLM_BASE_URL"
            )
        ]
    finally:
        await client.aclose()
    verdicts = [
        Verdict("reachable", True, f"{config.llm_base_url} answered"),
        Verdict("api key", True, "accepted"),
        Verdict("model", True, f"{config.llm_model} exists"),
    ]
    try:
        parse_answer(completion, mode, CHECK_TOKENS)
    except BadAnswer as bad:
        detail = f"mode {mode}: no usable JSON came back ({bad.reason[:120]}); try PIPELINE_LLM_MODE=json"
        return [*verdicts, Verdict("mode", False, detail)]
    advice = preset(config).context_advice
    verdicts.append(Verdict("mode", True, f"{mode} answered with valid JSON"))
    return verdicts + ([Verdict("context", True, advice)] if advice else [])


def _token_limit(config: Config) -> dict[str, int]:
    return {preset(config).token_field: CHECK_TOKENS}


def _refused(config: Config, mode: str, exc: openai.APIStatusError, secret: str) -> list[Verdict]:
    detail = redact(f"HTTP {exc.status_code}: {error_message(exc)[:160]}", secret)
    reachable = Verdict("reachable", True, f"{config.llm_base_url} answered")
    if exc.status_code in (401, 403):
        return [reachable, Verdict("api key", False, f"{detail}: set PIPELINE_LLM_API_KEY")]
    key_ok = Verdict("api key", True, "accepted")
    if is_quota_error(exc):
        return [reachable, Verdict("api key", False, f"{detail}: the account has no quota left")]
    if exc.status_code == 404:
        return [reachable, key_ok, Verdict("model", False, f"{detail}: set PIPELINE_LLM_MODEL")]
    fix = "set PIPELINE_LLM_PROVIDER (or PIPELINE_LLM_MODE=json); check PIPELINE_LLM_EXTRA_BODY"
    model = Verdict("model", True, f"{config.llm_model} (not refused)")
    return [
        reachable,
        key_ok,
        model,
        Verdict("mode", False, f"the endpoint refused mode {mode} ({detail}): {fix}"),
    ]
