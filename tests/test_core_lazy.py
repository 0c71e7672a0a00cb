"""lazy_attributes: a package's names imported from their submodule on first lookup, not before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.lazy import lazy_attributes


def test_a_name_is_looked_up_in_its_submodule() -> None:
    attribute = lazy_attributes("pipeline.core", {"ConfigError": "errors", "resolve_config": "config"})

    from pipeline.core.config import resolve_config
    from pipeline.core.errors import ConfigError

    assert (attribute("ConfigError"), attribute("resolve_config")) == (ConfigError, resolve_config)


def test_an_unknown_name_is_an_attribute_error_naming_the_package() -> None:
    attribute = lazy_attributes("pipeline.core", {"ConfigError": "errors"})

    with pytest.raises(AttributeError, match=r"^module 'pipeline.core' has no attribute 'nothing'$"):
        attribute("nothing")


def test_importing_one_submodule_of_a_lazy_package_leaves_its_siblings_unimported() -> None:
    code = (
        "import sys\n"
        "import pipeline.export.atomic\n"
        "before = 'pipeline.export.run' in sys.modules\n"
        "from pipeline.export import export_run\n"
        "print(before, 'pipeline.export.run' in sys.modules, export_run.__module__)\n"
    )
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, check=True)
    assert done.stdout.split() == ["False", "True", "pipeline.export.run"]
