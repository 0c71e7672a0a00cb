"""The extraction prompt: a system message from prompts/<PROMPT_VERSION>.md plus one user message
per request, holding one or more chunks of one report.

The user message is, exactly (blocks joined by a blank line)::

    片段 1
    章节路径：二、打击欺诈骗取医疗保障基金专项行动经费 > （一）基本情况
    <<<CHUNK 3f9a1c2b7d4e
    <chunk text, verbatim>
    CHUNK 3f9a1c2b7d4e>>>

(`章节路径：（无）` when the chunk has no heading above it.) The tag is the first 12 hex digits of
the chunk text's sha256, so report text cannot close the block early: it would have to contain
the hash of itself. A report line reading `CHUNK>>>` followed by "ignore the rules above" stays
inside the block, and the prompt says the block is data, never instructions. Each chunk's text
sits between its fences unchanged, so a test server can recover it with `chunk_blocks()` and the
model's quotes can be located in it; the model names the block of each item in `chunk`.

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
CHUNK_OPEN = "<<<CHUNK "  # + tag + newline; the block ends with newline + "CHUNK " + tag + ">>>"
SECTION_LABEL = "章节路径："
BLOCK_LABEL = "片段 "
NO_SECTION = "（无）"
OP_ORDER = (">=", ">", "=", "<=", "<")
# A block header: its number, its section line and the tag its fences carry.
_HEADER = re.compile(
    rf"(?:^|\n\n){BLOCK_LABEL}(\d+)\n({SECTION_LABEL}[^\n]*)\n{re.escape(CHUNK_OPEN)}([0-9a-f]{{12}})\n"
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
        f"{BLOCK_LABEL}{number}\n{SECTION_LABEL}{section or NO_SECTION}\n{fenced(text)}"
        for number, text, section in request.blocks()
    )


def chunk_tag(text: str) -> str:
    """The fence tag of a chunk: 12 hex digits of its sha256 (deterministic, so answers cache)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def fenced(text: str) -> str:
    """`text` between its opening and closing fence, both carrying `chunk_tag(text)`."""
    tag = chunk_tag(text)
    return f"{CHUNK_OPEN}{tag}\n{text}{_close(tag)}"


def _close(tag: str) -> str:
    return f"\nCHUNK {tag}>>>"


def build_messages(prompt: Prompt, request: ChunkRequest) -> list[dict[str, str]]:
    """A fresh message list per call (a re-ask may append to it without touching ours)."""
    return [
        {"role": "system", "content": prompt.text},
        {"role": "user", "content": user_message(request)},
    ]


def chunk_blocks(user_content: str) -> list[tuple[int, str, str]]:
    """(block number, its section line, its chunk text) of every block of a user message built by
    `user_message`.

    A block ends at the first closing fence whose enclosed text hashes to the block's tag, so a
    section title or a chunk that itself contains fence-like text still round-trips. Raises
    LLMError when there is no block.
    """
    blocks = []
    position = 0
    while (header := _HEADER.search(user_content, position)) is not None:
        tag, close = header.group(3), _close(header.group(3))
        end = user_content.find(close, header.end())
        while end >= 0 and chunk_tag(user_content[header.end() : end]) != tag:
            end = user_content.find(close, end + 1)
        if end < 0:
            position = header.end()
            continue
        blocks.append((int(header.group(1)), header.group(2), user_content[header.end() : end]))
        position = end + len(close)
    if not blocks:
        raise LLMError("user message has no 片段 N / <<<CHUNK … CHUNK>>> block")
    return blocks
