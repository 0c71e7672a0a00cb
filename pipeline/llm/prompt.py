"""The extraction prompt: a system message from prompts/<PROMPT_VERSION>.md plus one user message per chunk.

The user message is, exactly::

    章节路径：二、打击欺诈骗取医疗保障基金专项行动经费 > （一）基本情况
    <<<CHUNK
    <chunk text, verbatim>
    CHUNK>>>

(`章节路径：（无）` when the chunk has no heading above it.) The chunk text sits between
`CHUNK_OPEN` and `CHUNK_CLOSE` unchanged, so a test server can recover it with `chunk_text()` and
the model's quotes can be located in it. `prompt_hash()` (sha256 of the prompt file, prefixed
`sha256:`) goes into cache keys, so editing the prompt file invalidates cached answers even
before the version is bumped.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from pipeline.core.errors import LLMError
from pipeline.llm.types import ChunkRequest

PROMPT_VERSION = "extract_indicators.v1"
PROMPT_DIR = resources.files("pipeline") / "prompts"  # package data (importlib.resources)
CHUNK_OPEN = "<<<CHUNK\n"
CHUNK_CLOSE = "\nCHUNK>>>"
SECTION_LABEL = "章节路径："
NO_SECTION = "（无）"


@cache
def system_prompt(version: str = PROMPT_VERSION) -> str:
    path = PROMPT_DIR / f"{version}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LLMError(f"cannot read prompt: {exc}", str(path)) from exc


def prompt_hash(version: str = PROMPT_VERSION) -> str:
    digest = hashlib.sha256(system_prompt(version).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:16]}"


def user_message(request: ChunkRequest) -> str:
    section = request.section or NO_SECTION
    return f"{SECTION_LABEL}{section}\n{CHUNK_OPEN}{request.text}{CHUNK_CLOSE}"


def build_messages(request: ChunkRequest) -> list[dict[str, str]]:
    """A fresh message list per call (a re-ask may append to it without touching ours)."""
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": user_message(request)},
    ]


def chunk_text(user_content: str) -> str:
    """The chunk text inside a user message built by `user_message`.

    The first `CHUNK_OPEN` and the last `CHUNK_CLOSE` delimit it, so a chunk that itself contains
    the delimiter text still round-trips. Raises LLMError when the delimiters are missing.
    """
    start = user_content.find(CHUNK_OPEN)
    end = user_content.rfind(CHUNK_CLOSE)
    if start < 0 or end < start + len(CHUNK_OPEN):
        raise LLMError("user message has no <<<CHUNK … CHUNK>>> block")
    return user_content[start + len(CHUNK_OPEN) : end]
