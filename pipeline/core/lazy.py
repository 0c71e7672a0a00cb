"""Package attributes imported on first use (PEP 562 module `__getattr__`).

Importing any submodule runs its package's `__init__` first. A package whose `__init__` imports
every submodule to re-export their names makes `import pipeline.export.atomic` load openpyxl too.
A package that re-exports through `lazy_attributes` instead imports a submodule only when one
of its names is first looked up:

    # pipeline/example/__init__.py
    if TYPE_CHECKING:                      # type checkers and readers see the real imports
        from pipeline.example.heavy import build
    __getattr__ = lazy_attributes(__name__, {"build": "heavy"})

    import pipeline.example.light          # does not import pipeline.example.heavy
    from pipeline.example import build     # now it does
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: name → `getattr(package.where[name], name)`."""

    def attribute(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return attribute
