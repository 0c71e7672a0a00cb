"""The harnesses' strict known failures: a case lists its problems, and an empty list passes.

A case named in `known` (with the reason it fails) must still fail, and is reported as an xfail;
once it passes, the test fails until the case comes off `known`, so the list never goes stale.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pytest


def expect_no_problems(found: list[str], known: Mapping[Hashable, str], case: Hashable) -> None:
    """No problem found, or a known failure still failing (a strict xfail)."""
    if case in known:
        assert found, f"a known failure passes now: take {case!r} off its list of known failures"
        pytest.xfail(known[case])
    assert found == []
