"""The extraction prompt: a system message from prompts/<PROMPT_VERSION>.md plus one user message
per request, holding one or more chunks of one report.

The user message is, exactly (blocks joined by a blank line)::

    片段 1
    章节路径：二、打击欺诈骗取医疗保障基金专项行动经费 > （一）基本情况
    <<<CHUNK
    <chunk text, verbatim>
    CHUNK>>>

(`章节路径：（无）` when the chunk has no heading above it.) Each chunk's text sits between
`CHUNK_OPEN` and `CHUNK_CLOSE` unchanged, so a test server can recover it with `chunk_blocks()`
and the model's quotes can be located in it; the model names the block of each item in `chunk`.

The system prompt is static text first (providers cache a repeated prefix), rendered once: its
`{comparators}` slot is filled by `comparator_lines` from the comparator vocabulary the caller
passes in (this layer does not own the vocabulary). `prompt_hash()` covers the rendered text, so
a vocabulary or prompt edit gives new cache keys even before the version is bumped.

Worked example: `comparator_lines({"≥": ">="}, {"不低于": ">="}, {"以上": ">="})` →
`- `>=`：≥ 不低于 … 以上（写在数字后）`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.core.errors import LLMError
from pipeline.llm.types import ChunkRequest

PROMPT_VERSION = "extract_indicators.v2"
PROMPT_DIR = resources.files("pipeline") / "prompts"  # package data (importlib.resources)
CHUNK_OPEN = "<<<CHUNK\n"
CHUNK_CLOSE = "\nCHUNK>>>"
SECTION_LABEL = "章节路径："
BLOCK_LABEL = "片段 "
NO_SECTION = "（无）"
OP_ORDER = (">=", ">", "=", "<=", "<")
_BLOCK = re.compile(
    rf"(?:^|\n\n){BLOCK_LABEL}(\d+)\n({SECTION_LABEL}[^\n]*)\n{re.escape(CHUNK_OPEN)}(.*?){re.escape(CHUNK_CLOSE)}"
    rf"(?=\n\n{BLOCK_LABEL}\d+\n{SECTION_LABEL}|$)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Prompt:
    """The rendered system prompt and its hash (what cache keys record)."""

    version: str
    text: str

    @property
    def hash(self) -> str:
        return "sha256:" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def comparator_lines(symbols: Mapping[str, str], before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """One line per op listing every written form: symbols, words before the number, words after it."""
    lines = []
    for op in OP_ORDER:
        forms = [s for s, o in symbols.items() if o == op] + [w for w, o in before.items() if o == op]
        suffixes = [w for w, o in after.items() if o == op]
        tail = f" {' '.join(suffixes)}（写在数字后）" if suffixes else ""
        lines.append(f"- `{op}`：{' '.join(forms)}{tail}")
    return "\n".join(lines)


@cache
def prompt_template(version: str = PROMPT_VERSION) -> str:
    path = PROMPT_DIR / f"{version}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LLMError(f"cannot read prompt: {exc}", str(path)) from exc


def render_prompt(comparators: str, version: str = PROMPT_VERSION) -> Prompt:
    """The system prompt with its comparator section (`comparator_lines(...)`) filled in."""
    return Prompt(version, prompt_template(version).replace("{comparators}", comparators))


def user_message(request: ChunkRequest) -> str:
    return "\n\n".join(
        f"{BLOCK_LABEL}{number}\n{SECTION_LABEL}{section or NO_SECTION}\n{CHUNK_OPEN}{text}{CHUNK_CLOSE}"
        for number, text, section in request.blocks()
    )


def build_messages(prompt: Prompt, request: ChunkRequest) -> list[dict[str, str]]:
    """A fresh message list per call (a re-ask may append to it without touching ours)."""
    return [
        {"role": "system", "content": prompt.text},
        {"role": "user", "content": user_message(request)},
    ]


def chunk_blocks(user_content: str) -> list[tuple[int, str, str]]:
    """(block number, its section line, its chunk text) of every block of a user message built by
    `user_message`. A chunk that itself contains the delimiter text still round-trips unless it
    also contains a whole block header. Raises LLMError when there is no block."""
    blocks = [(int(m.group(1)), m.group(2), m.group(3)) for m in _BLOCK.finditer(user_content)]
    if not blocks:
        raise LLMError("user message has no 片段 N / <<<CHUNK … CHUNK>>> block")
    return blocks
