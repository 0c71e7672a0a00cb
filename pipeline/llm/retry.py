"""Retries and re-asks: which failures are worth another try, how long to wait, what to resend.

Policy, in words:
- Retry what the server may answer differently next time: 429 (rate limit), any 5xx, a
  request that timed out and a connection that dropped without a response. Everything else
  (400, 401, 404, …) fails at once: asking again would get the same answer.
- Wait with exponential backoff and full jitter: before retry n the delay is drawn from
  `[0, min(max_delay, base_delay * 2**(n-1))]`, so many clients hitting one rate limit spread out.
- When the server says how long to wait (`Retry-After: 2`, `Retry-After: <HTTP date>` or
  `retry-after-ms`), never wait less than that — but at most `max_retry_after`, so a server that
  asks for an hour cannot stall a batch.
- At most `max_retries` retries (so `max_retries + 1` requests) per model call.

Worked example (base_delay=1, max_delay=30): a 429 with `Retry-After: 5` on the first request
waits max(uniform(0, 1), 5) = 5 s; a 500 on the second waits uniform(0, 2) s.

Re-asks are for a bad *answer* (invalid JSON, wrong schema, truncated), not a failed request:
client.py re-asks with `reask_messages` — a NEW list holding the original prompt, the bad answer
and what was wrong with it — at most `llm_max_reasks` times, counted apart from retries.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

log = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
MAX_REASON_CHARS = 1500
REASK_PROMPT = (
    "上面的回答无法使用：{reason}\n"
    "请针对同一段文本重新回答：只输出一个符合要求结构的 JSON 对象；无法确定的值填 null，不要编造；"
    "引文（quotes）必须是原文中逐字出现的片段。"
)


@dataclass(frozen=True)
class RetryPolicy:
    """How many transport retries, and the bounds of the wait before each.

    `sleep` is injectable so tests can record the delays (and keep them tiny) without patching.
    """

    max_retries: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 60.0
    sleep: Sleep = field(default=asyncio.sleep, compare=False)


def is_transient(error: BaseException) -> bool:
    """True for failures another attempt may cure: 429, 5xx, timeouts, dropped connections."""
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code == 429 or error.status_code >= 500
    return False


def retry_after_seconds(error: BaseException, now: float | None = None) -> float | None:
    """The wait the server asked for in `retry-after-ms` / `Retry-After`, in seconds, or None.

    >>> # Retry-After: 3            -> 3.0
    >>> # Retry-After: 0.5          -> 0.5 (non-standard, but some servers send it)
    >>> # Retry-After: <HTTP date>  -> seconds from now until then (never negative)
    """
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class _BackoffWait:
    """tenacity wait: full-jitter exponential backoff, raised to any capped Retry-After."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._policy = policy
        self._jitter = wait_random_exponential(multiplier=policy.base_delay, max=policy.max_delay)

    def __call__(self, state: RetryCallState) -> float:
        delay = self._jitter(state)
        error = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(error) if error is not None else None
        if asked is not None:
            delay = max(delay, min(asked, self._policy.max_retry_after))
        return delay


@dataclass
class RetryCount:
    """Attempts made by `with_transport_retries`, kept even when the call finally fails."""

    attempts: int = 0

    @property
    def retries(self) -> int:
        return max(self.attempts - 1, 0)


async def with_transport_retries(
    call: Callable[[], Awaitable[T]], policy: RetryPolicy, count: RetryCount
) -> T:
    """Await `call()`, retrying transient failures under `policy`; re-raise the last error.

    `count.attempts` is incremented once per attempt, so the caller knows how many requests were
    sent even when this raises.
    """

    async def attempt() -> T:
        count.attempts += 1
        return await call()

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info("retrying LLM request in %.2fs after %s", wait, type(error).__name__)

    retrying = AsyncRetrying(
        sleep=policy.sleep,
        stop=stop_after_attempt(policy.max_retries + 1),
        wait=_BackoffWait(policy),
        retry=retry_if_exception(is_transient),
        before_sleep=before_sleep,
        reraise=True,
    )
    return await retrying(attempt)


class BadAnswer(Exception):
    """A response arrived but is unusable (malformed, schema-invalid or truncated)."""

    def __init__(self, output: str, reason: str) -> None:
        super().__init__(reason)
        self.output = output
        self.reason = reason


def raw_output(completion: Any) -> str:
    """The text the model produced: the tool call's arguments, or the message content."""
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return ""
    message = choices[0].message
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments or "")
    return str(message.content or "")


def reask_messages(original: Sequence[dict[str, Any]], output: str, reason: str) -> list[dict[str, Any]]:
    """A new message list: the original prompt, the bad answer, and what was wrong with it.

    Only the latest bad answer is shown (not every earlier one), so a re-ask costs about one
    prompt plus one answer, however many times it happens.
    """
    return [
        *(dict(m) for m in original),
        {"role": "assistant", "content": output or "（空回答）"},
        {"role": "user", "content": REASK_PROMPT.format(reason=reason)},
    ]
