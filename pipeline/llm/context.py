"""A prompt the server cut to fit its context window, told from the prompt tokens it reports.

Ollama cuts a prompt longer than its context (`num_ctx`, 2–4 K tokens by default) without an
error: it drops tokens from the front — our system prompt — and answers from the rest, reporting
the tokens it actually read as `usage.prompt_tokens`. An answer built that way is not a careful
reading of the report, so the run stops (a fatal error: every further request is as long).

The test: the tokens the server reports are fewer than the fewest the request can hold. That
floor is counted from the exact message text of the body: at least `CJK_TOKENS_PER_CHAR` tokens
per CJK character and `OTHER_TOKENS_PER_CHAR` per other character — below every tokenizer we
know (DeepSeek V4's gives 0.51–0.55 tokens per character on our request bodies, about 60 %
Chinese, i.e. roughly 0.7 per CJK character and 0.3 per other; the floor here is 0.5 and 0.2).

Worked example: a body of 4,900 CJK and 3,200 other characters holds at least
4,900 × 0.5 + 3,200 × 0.2 = 3,090 tokens (DeepSeek's tokenizer: about 4,300). A server reporting
2,048 prompt tokens read only part of it → `PromptCut`. One reporting 4,096 (a 4 K context
that cut ~200 tokens) passes: a cut smaller than the gap between the floor and the true count
cannot be told without the model's own tokenizer. A server that reports no usage (0) is not judged.

What to set is the server's context size: Ollama's OpenAI-compatible endpoint has no request
field for it (its documentation says to use a Modelfile), so the fix is `OLLAMA_CONTEXT_LENGTH`
on the server or `PARAMETER num_ctx` in a Modelfile; the preset's `context_advice` says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

CJK_TOKENS_PER_CHAR = 0.5
OTHER_TOKENS_PER_CHAR = 0.2
GENERIC_ADVICE = "raise the server's context size (16384 tokens or more) so no request is cut"


_NOT_CJK = re.compile("[^\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def message_text(message: dict[str, Any]) -> str:
    """The text of a chat message, whether `content` is a string or a list of text parts."""
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def min_prompt_tokens(messages: Sequence[dict[str, Any]]) -> int:
    """The fewest tokens any tokenizer we know turns the text of `messages` into.

    >>> min_prompt_tokens([{"role": "user", "content": "培训班次 ≥10个"}])  # 5 CJK, 4 other: 3.3
    3
    """
    cjk = other = 0
    for message in messages:
        text = message_text(message)
        count = _cjk_count(text)
        cjk += count
        other += len(text) - count
    return math.floor(cjk * CJK_TOKENS_PER_CHAR + other * OTHER_TOKENS_PER_CHAR)


@lru_cache(maxsize=64)  # the system prompt is the same text in every request of a run
def _cjk_count(text: str) -> int:
    return len(_NOT_CJK.sub("", text))


def cut_prompt_reason(
    reported: int, messages: Sequence[dict[str, Any]], base_url: str | None, advice: str | None
) -> str | None:
    """The one-line fatal message when `reported` prompt tokens are fewer than `messages` hold,
    else None."""
    if reported <= 0:
        return None
    chars = sum(len(message_text(m)) for m in messages)
    if reported >= chars * max(CJK_TOKENS_PER_CHAR, OTHER_TOKENS_PER_CHAR):
        return None  # at or above the floor whatever the characters are: no need to count them
    floor = min_prompt_tokens(messages)
    if reported >= floor:
        return None
    return (
        f"the LLM server at {base_url or '(none)'} cut the prompt to fit its context window: it read "
        f"{reported} prompt tokens of a request holding at least {floor}; {advice or GENERIC_ADVICE}"
    )
