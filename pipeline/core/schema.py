"""Loading and validating against the versioned JSON schemas in `pipeline/schemas/` (package data,
read through importlib.resources, so an installed wheel finds them as an editable install does).

The schema hash (sha256 of the file's canonical JSON, prefixed `sha256:`) goes into every
output's `extractor.schema_hash` and into LLM cache keys, so a schema change is visible in both.

Validation runs once per report on the hot path, so it is done in two steps:

1. a validator compiled from the schema (`fastjsonschema`: the schema turned into one Python
   function, ~20× faster than walking it) says whether the document is valid — nearly always;
2. only when it is not, `jsonschema` (Draft 2020-12) lists every violation, so the messages are
   exactly the ones it gives (`indicators/0/value: 'x' is not of type 'number'`).

The compiled validator follows draft 7, whose semantics equal 2020-12's for the keywords our
schemas use (type, enum, const, properties, required, additionalProperties, items as one schema,
minimum/maximum, minLength, anyOf, `$ref` with no sibling keywords); tests/test_core_schema.py
checks both validators agree on valid and broken documents, and that each schema file is a valid
2020-12 schema (checked there rather than at every load, which would import jsonschema into
every process).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

from pipeline.core.errors import SchemaError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_DIR = resources.files("pipeline") / "schemas"  # package data
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
    return schema


@cache
def schema_hash(name: str = REPORT_SCHEMA) -> str:
    digest = hashlib.sha256(canonical_json(load_schema(name)).encode()).hexdigest()
    return f"sha256:{digest[:16]}"


@cache
def _compiled(name: str, empty: frozenset[str] = frozenset()) -> Callable[[Any], Any]:
    """The schema compiled to one function that raises `JsonSchemaException` on the first
    violation (compiled once per process; ~20 ms). It compiles a copy with its `$ref`s inlined
    (`inline_refs`): fastjsonschema rewrites every `$ref` of the schema it is given into an
    absolute URI, which would change the cached schema and with it `schema_hash`, and it
    validates a referenced definition by a function call that formats the item's path first,
    which took half of the validation of a report (0.84 → 0.39 ms). The price: the generated
    code is longer, ~4 MiB more resident memory in each process that validates.

    `empty`: top-level array properties held to be empty (`{"type": "array", "maxItems": 0}`)
    instead of checked item by item — for a caller that checks the rest of a document, its records
    checked elsewhere. Their item schemas (projects, indicators, evidence …) are most of the
    report schema: without them the validator's source is 73 KB instead of 230, generated and
    compiled in ~20 ms instead of ~65, what a one-report process pays for its only check."""
    schema = inline_refs(load_schema(name))
    for key in empty:
        schema["properties"][key] = {"type": "array", "maxItems": 0}
    try:
        return fastjsonschema.compile(schema)
    except fastjsonschema.JsonSchemaDefinitionException as exc:
        raise SchemaError(f"cannot compile schema: {exc}", str(SCHEMA_DIR / name)) from exc


_ANNOTATIONS = frozenset({"description", "title", "$comment"})
_LOCAL_DEF = "#/$defs/"


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` with every `{"$ref": "#/$defs/x"}` replaced by definition `x` (itself
    inlined) and `$defs` dropped: the same constraints, with no reference left to resolve.

    Worked example: `{"properties": {"a": {"$ref": "#/$defs/num"}}, "$defs": {"num": {"type":
    "number"}}}` → `{"properties": {"a": {"type": "number"}}}`. A schema it cannot inline
    exactly — a `$ref` elsewhere, one beside a keyword that constrains (only `description`,
    `title` and `$comment` may stand beside it), or definitions that refer to themselves — is
    returned as a plain copy.
    """
    definitions = schema.get("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if ref is None:
            return {key: inline(value, seen) for key, value in node.items() if key != "$defs"}
        if not isinstance(ref, str) or not ref.startswith(_LOCAL_DEF):
            raise _NotInlinable
        name = ref.removeprefix(_LOCAL_DEF)
        if name not in definitions or name in seen:
            raise _NotInlinable
        if set(node) - {"$ref"} - _ANNOTATIONS:
            raise _NotInlinable
        return inline(definitions[name], (*seen, name))

    try:
        inlined: dict[str, Any] = inline(schema, ())
    except _NotInlinable:
        return copy.deepcopy(schema)
    return inlined


class _NotInlinable(Exception):
    """A `$ref` that `inline_refs` cannot replace by its definition."""


@cache
def _validator(name: str) -> Draft202012Validator:
    # Imported here: only an invalid document (or a test) needs jsonschema's full error list.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name))


def is_valid(document: Any, name: str = REPORT_SCHEMA, empty: frozenset[str] = frozenset()) -> bool:
    """Whether `document` satisfies the schema, by the compiled validator; with `empty`, whether
    it does with those top-level arrays empty (a document with items in one is not valid there).

    Worked example: `is_valid(rest | {"projects": []}, empty=frozenset({"projects"}))` gives the
    whole schema's answer for a document whose projects list is empty, without compiling the
    schema of a project."""
    try:
        _compiled(name, empty)(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def validation_errors(document: Any, name: str = REPORT_SCHEMA) -> list[str]:
    """Every violation as `path: message`, sorted by path; empty when valid."""
    if is_valid(document, name):
        return []
    errors = _validator(name).iter_errors(document)
    found = ["/".join(str(p) for p in err.absolute_path) + ": " + err.message for err in errors]
    return sorted(found)


def validate_report(document: Any, path: str | None = None) -> None:
    """Raise SchemaError naming the first few violations."""
    errors = validation_errors(document)
    if errors:
        raise SchemaError("output breaks report.schema.json: " + "; ".join(errors[:5]), path)
