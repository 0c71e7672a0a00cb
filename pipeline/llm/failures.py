"""Which failures stop the whole run, and the one message that says what to fix.

A failure that every further request would repeat is *fatal*: HTTP 400, 401, 403, 404 and 422,
a 429 whose error code is `insufficient_quota` (OpenAI's "no credit left"; retrying it only burns
time), and an endpoint that still cannot be reached after the transport retries. The client then
latches the error in its `RunGate`, so no other request of the run is sent, and the batch stops.

One exception: a 400 that names `tool_choice` (DeepSeek/Qwen thinking mode refusing a forced tool)
is not fatal; the client falls back to `json` mode for the rest of the run (see client.py).

Worked example: a 401 becomes `LLMFatalError("the endpoint refused the API key (HTTP 401:
Incorrect API key provided): set llm_api_key (PIPELINE_LLM_API_KEY)")`.
"""

from __future__ import annotations

import openai

from pipeline.core.errors import LLMFatalError

FATAL_STATUS = frozenset({400, 401, 403, 404, 422})
QUOTA_CODES = frozenset({"insufficient_quota", "billing_hard_limit_reached"})
_MAX_DETAIL = 200


def error_message(error: openai.APIStatusError) -> str:
    """The server's own words (`{"error": {"message": …}}`), else openai's summary."""
    body = error.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return getattr(error, "message", "") or str(error)


def _detail(error: openai.APIStatusError) -> str:
    return f"HTTP {error.status_code}: {error_message(error)[:_MAX_DETAIL]}"


def is_quota_error(error: BaseException) -> bool:
    if not isinstance(error, openai.APIStatusError) or error.status_code != 429:
        return False
    return bool({str(error.code or ""), str(getattr(error, "type", "") or "")} & QUOTA_CODES)


def names_tool_choice(error: BaseException) -> bool:
    """A 400 refusing the forced tool choice (thinking modes of DeepSeek V4 and Qwen3)."""
    return (
        isinstance(error, openai.APIStatusError)
        and error.status_code == 400
        and "tool_choice" in error_message(error)
    )


def is_fatal(error: BaseException) -> bool:
    if is_quota_error(error):
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in FATAL_STATUS
    # An endpoint nobody answers at (refused, unknown host) after the retries: every chunk would fail.
    return isinstance(error, openai.APIConnectionError) and not isinstance(error, openai.APITimeoutError)


def fatal_error(error: BaseException, base_url: str | None) -> LLMFatalError:
    """The run-stopping error for `error`, naming the setting to fix (never the key itself)."""
    if is_quota_error(error):
        assert isinstance(error, openai.APIStatusError)
        fix = "the account of llm_api_key has no quota left: top it up or set another PIPELINE_LLM_API_KEY"
        return LLMFatalError(f"{fix} ({_detail(error)})")
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status in (401, 403):
            reason = (
                f"the endpoint refused the API key ({_detail(error)}): set llm_api_key (PIPELINE_LLM_API_KEY)"
            )
        elif status == 404:
            reason = (
                f"model or endpoint not found ({_detail(error)}): check llm_model (PIPELINE_LLM_MODEL) "
                "and llm_base_url (PIPELINE_LLM_BASE_URL)"
            )
        else:
            reason = (
                f"the endpoint rejected the request ({_detail(error)}): check llm_provider "
                "(PIPELINE_LLM_PROVIDER), llm_mode and llm_extra_body"
            )
        return LLMFatalError(reason)
    return LLMFatalError(
        f"cannot reach the LLM endpoint {base_url or '(none)'} ({type(error).__name__}): "
        "check llm_base_url (PIPELINE_LLM_BASE_URL) and that the server is running"
    )
