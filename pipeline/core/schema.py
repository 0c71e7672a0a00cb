"""Loading and validating against the versioned JSON schemas in `pipeline/schemas/` (package data,
read through importlib.resources, so an installed wheel finds them as an editable install does).

The schema hash (sha256 of the file's canonical JSON, prefixed `sha256:`) goes into every
output's `extractor.schema_hash` and into LLM cache keys, so a schema change is visible in both.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.core.errors import SchemaError

SCHEMA_DIR = resources.files("pipeline") / "schemas"
REPORT_SCHEMA = "report.schema.json"


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: equal values give equal strings."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@cache
def load_schema(name: str = REPORT_SCHEMA) -> dict[str, Any]:
    path = SCHEMA_DIR / name
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemaError(f"cannot load schema: {exc}", str(path)) from exc
    Draft202012Validator.check_schema(schema)
    return schema


def schema_hash(name: str = REPORT_SCHEMA) -> str:
    digest = hashlib.sha256(canonical_json(load_schema(name)).encode()).hexdigest()
    return f"sha256:{digest[:16]}"


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


def validation_errors(document: Any, name: str = REPORT_SCHEMA) -> list[str]:
    """Every violation as `path: message`, sorted by path; empty when valid."""
    errors = _validator(name).iter_errors(document)
    found = ["/".join(str(p) for p in err.absolute_path) + ": " + err.message for err in errors]
    return sorted(found)


def validate_report(document: Any, path: str | None = None) -> None:
    """Raise SchemaError naming the first few violations."""
    errors = validation_errors(document)
    if errors:
        raise SchemaError("output breaks report.schema.json: " + "; ".join(errors[:5]), path)
