"""The extraction prompt, rendered with the comparator vocabulary (the LLM layer cannot import it).

Every written comparator form of the field (`pipeline.domain.comparators`, which the rules
backend reads too) is listed in the prompt, generated from that vocabulary — never copied — so
the two backends read targets the same way.
"""

from __future__ import annotations

from functools import cache

from pipeline.domain.comparators import PREFIX_WORD_OPS, SUFFIX_WORD_OPS, SYMBOL_OPS
from pipeline.llm.prompt import Prompt, comparator_lines, render_prompt


@cache
def extraction_prompt() -> Prompt:
    return render_prompt(comparator_lines(SYMBOL_OPS, PREFIX_WORD_OPS, SUFFIX_WORD_OPS))
