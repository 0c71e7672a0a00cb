"""Retries and re-asks: which failures are worth another try, how long to wait, what to resend.

Policy, in words:
- Retry what the server may answer differently next time: 429 (rate limit — but not
  `insufficient_quota`), any 5xx, a request that timed out and a connection that dropped without
  a response. Everything else (400, 401, 404, …) fails at once: asking again would get the same
  answer (failures.py decides which of those stop the run).
- A timeout is retried at most once: a request that ran into the read timeout or the total
  deadline was generating for minutes, and every retry is paid for again.
- Wait with exponential backoff and full jitter: before retry n the delay is drawn from
  `[0, min(max_delay, base_delay * 2**(n-1))]`, so many clients hitting one rate limit spread out.
- When the server says how long to wait (`Retry-After: 2`, `Retry-After: <HTTP date>`,
  `retry-after-ms`, or OpenAI's `x-ratelimit-reset-requests: 6m0s` / `x-ratelimit-reset-tokens:
  20ms` on a 429), never wait less than that — but at most `max_retry_after`, so a server that
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
import re
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
MAX_TIMEOUT_RETRIES = 1
RESET_HEADERS = ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
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


def is_timeout(error: BaseException) -> bool:
    return isinstance(error, openai.APITimeoutError | TimeoutError)


def is_transient(error: BaseException) -> bool:
    """True for failures another attempt may cure: 429 (not out of quota), 5xx, timeouts, drops."""
    if isinstance(error, openai.APIConnectionError | TimeoutError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        if error.status_code == 429:
            return str(error.code or "") != "insufficient_quota"
        return error.status_code >= 500
    return False


def duration_seconds(raw: str) -> float | None:
    """OpenAI's reset durations: `1s` → 1.0, `6m0s` → 360.0, `20ms` → 0.02, `1h2m` → 3720.0.

    A bare number is seconds; anything unreadable is None.
    """
    raw = raw.strip()
    if not raw:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    parts = _DURATION_PART.findall(raw)
    if not parts or "".join(n + u for n, u in parts) != raw:
        return None
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def retry_after_seconds(error: BaseException, now: float | None = None) -> float | None:
    """The wait the server asked for in `retry-after-ms` / `Retry-After`, in seconds, or None.

    >>> # Retry-After: 3            -> 3.0
    >>> # Retry-After: 0.5          -> 0.5 (non-standard, but some servers send it)
    >>> # Retry-After: <HTTP date>  -> seconds from now until then (never negative)
    """
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    asked = _reset_seconds(headers) if error.status_code == 429 else None
    standard = _retry_after(headers, now)
    if standard is None or asked is None:
        return standard if asked is None else asked
    return max(standard, asked)


def _reset_seconds(headers: Any) -> float | None:
    """When the exhausted limit resets: the reset of the limit whose `x-ratelimit-remaining-*`
    is 0 (the longest, if both are); when none says 0, the sooner of the two."""
    resets: dict[str, float] = {}
    for name in RESET_HEADERS:
        value = duration_seconds(headers.get(name) or "")
        if value is not None:
            resets[name] = value
    exhausted = [v for k, v in resets.items() if headers.get(k.replace("reset", "remaining")) == "0"]
    if exhausted:
        return max(exhausted)
    return min(resets.values(), default=None)


def _retry_after(headers: Any, now: float | None) -> float | None:
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
    """Attempts (and timeouts) of `with_transport_retries`, kept even when the call finally fails."""

    attempts: int = 0
    timeouts: int = 0

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
        try:
            return await call()
        except BaseException as error:
            count.timeouts += is_timeout(error)
            raise

    def worth_retrying(error: BaseException) -> bool:
        return is_transient(error) and not (is_timeout(error) and count.timeouts > MAX_TIMEOUT_RETRIES)

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info("retrying LLM request in %.2fs after %s", wait, type(error).__name__)

    retrying = AsyncRetrying(
        sleep=policy.sleep,
        stop=stop_after_attempt(policy.max_retries + 1),
        wait=_BackoffWait(policy),
        retry=retry_if_exception(worth_retrying),
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
