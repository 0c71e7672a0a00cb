"""Where the shared data folder sits, seen from the tests: `../shared` beside the repository, or
beside the folder of worktrees the repository may be checked out in. Relative to this file,
never an absolute path; tests that need it skip when it is absent."""

from __future__ import annotations

from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def shared_dir(*parts: str) -> Path:
    """`../shared/<parts>` of the repository (or of its worktree folder); the first that exists,
    else the repository's own (absent) one."""
    for base in (_REPO.parent, _REPO.parent.parent):
        found = base.joinpath("shared", *parts)
        if found.is_dir():
            return found
    return _REPO.parent.joinpath("shared", *parts)
