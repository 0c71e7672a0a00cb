"""The extraction prompt: a system message from prompts/<PROMPT_VERSION>.md plus one user message per chunk.

The user message is, exactly::

    章节路径：二、打击欺诈骗取医疗保障基金专项行动经费 > （一）基本情况
    <<<CHUNK 3f9a1c2b7d4e
    <chunk text, verbatim>
    CHUNK 3f9a1c2b7d4e>>>

(`章节路径：（无）` when the chunk has no heading above it.) The tag is the first 12 hex digits of
the chunk text's sha256, so report text cannot close the block early: it would have to contain
the hash of itself. A report line reading `CHUNK>>>` followed by "ignore the rules above" stays
inside the block, and the prompt says the block is data, never instructions. The chunk text
sits between the fences unchanged, so a test server can recover it with `chunk_text()` and the
model's quotes can be located in it. `prompt_hash()` (sha256 of the prompt file, prefixed
`sha256:`) goes into cache keys, so editing the prompt file invalidates cached answers even
before the version is bumped.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from pipeline.core.errors import LLMError
from pipeline.llm.types import ChunkRequest

PROMPT_VERSION = "extract_indicators.v1"
PROMPT_DIR = Path(__file__).resolve().parents[2] / "prompts"
CHUNK_OPEN = "<<<CHUNK "  # + tag + newline; the block ends with newline + "CHUNK " + tag + ">>>"
_FENCE = re.compile(r"<<<CHUNK ([0-9a-f]{12})\n")
SECTION_LABEL = "章节路径："
NO_SECTION = "（无）"


@cache
def system_prompt(version: str = PROMPT_VERSION) -> str:
    path = PROMPT_DIR / f"{version}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LLMError(f"cannot read prompt: {exc}", path) from exc


def prompt_hash(version: str = PROMPT_VERSION) -> str:
    digest = hashlib.sha256(system_prompt(version).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:16]}"


def user_message(request: ChunkRequest) -> str:
    section = request.section or NO_SECTION
    tag = chunk_tag(request.text)
    return f"{SECTION_LABEL}{section}\n{CHUNK_OPEN}{tag}\n{request.text}{_close(tag)}"


def chunk_tag(text: str) -> str:
    """The fence tag of a chunk: 12 hex digits of its sha256 (deterministic, so answers cache)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _close(tag: str) -> str:
    return f"\nCHUNK {tag}>>>"


def build_messages(request: ChunkRequest) -> list[dict[str, str]]:
    """A fresh message list per call (a re-ask may append to it without touching ours)."""
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": user_message(request)},
    ]


def chunk_text(user_content: str) -> str:
    """The chunk text inside a user message built by `user_message`.

    The block is the one whose tag matches the hash of what it encloses, so a section title or a
    chunk that itself contains fence-like text still round-trips. Raises LLMError when there is
    no such block.
    """
    for fence in _FENCE.finditer(user_content):
        tag = fence.group(1)
        end = user_content.rfind(_close(tag))
        if end >= fence.end() and chunk_tag(user_content[fence.end() : end]) == tag:
            return user_content[fence.end() : end]
    raise LLMError("user message has no <<<CHUNK … CHUNK>>> block")
