"""Validation of the output contract: the compiled validator on the hot path, jsonschema's messages.

`validation_errors` asks the compiled validator first and, only for an invalid document, lists
jsonschema's (Draft 2020-12) messages; these tests hold the two validators to the same verdict on
valid outputs (every sample report through the rules backend, every gold fixture) and on documents
broken one way each, and pin the exact message of an invalid report.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pipeline.core.config import resolve_config
from pipeline.core.errors import SchemaError
from pipeline.core.schema import (
    REPORT_SCHEMA,
    SCHEMA_DIR,
    canonical_json,
    inline_refs,
    is_valid,
    load_schema,
    schema_hash,
    validate_report,
    validation_errors,
)
from pipeline.process import extract_file

REPO = Path(__file__).resolve().parents[1]
REPORTS = sorted((REPO / "evals" / "reports").glob("*.txt"))
FIXTURES = sorted((REPO / "evals" / "fixtures").glob("*.json"))
SCHEMAS = sorted(path.name for path in SCHEMA_DIR.glob("*.schema.json"))


def jsonschema_errors(document: Any, name: str = REPORT_SCHEMA) -> list[str]:
    """The reference: every violation by jsonschema alone, as `validation_errors` words them."""
    errors = Draft202012Validator(load_schema(name)).iter_errors(document)
    return sorted("/".join(str(p) for p in err.absolute_path) + ": " + err.message for err in errors)


@pytest.fixture(scope="module")
def outputs() -> list[dict[str, Any]]:
    config = resolve_config({"backend": "rules"}, env={})
    return [extract_file(path, config).to_json_dict() for path in REPORTS]


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_file_is_a_valid_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(load_schema(name))


def test_rules_outputs_of_the_samples_are_valid_by_both_validators(outputs: list[dict[str, Any]]) -> None:
    assert len(outputs) == len(REPORTS) > 0
    for output in outputs:
        assert (is_valid(output), validation_errors(output), jsonschema_errors(output)) == (True, [], [])


def test_gold_fixtures_get_the_same_verdict_from_both_validators() -> None:
    if not FIXTURES:
        pytest.skip("no gold fixtures")
    for path in FIXTURES:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        assert is_valid(fixture) == (jsonschema_errors(fixture) == []), path.name
        assert validation_errors(fixture) == jsonschema_errors(fixture), path.name


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


# One break of the contract each, covering every keyword the schemas use.
BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "wrong type": _set(("report", "fiscal_year"), "2024"),
    "bool is not an integer": _set(("report", "fiscal_year"), True),
    "null not allowed": _set(("source", "path"), None),
    "missing required key": _drop(("source", "sha256")),
    "unknown key": _set(("report", "unexpected"), 1),
    "outside the enum": _set(("report", "report_kind"), "整体"),
    "below the minimum": _set(("projects", 0, "indicators", 0, "evidence", 0, "start"), -1),
    "above the maximum": _set(("projects", 0, "indicators", 0, "confidence"), 1.5),
    "array instead of object": _set(("projects", 0, "budget"), []),
    "item of the wrong type": _set(("projects", 0, "indicators", 0), "培训班次"),
    "empty string": _set(("projects", 0, "indicators", 0, "name"), ""),
}


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_a_broken_output_is_rejected_by_both_with_jsonschemas_messages(
    kind: str, outputs: list[dict[str, Any]]
) -> None:
    document = copy.deepcopy(next(o for o in outputs if o["projects"] and o["projects"][0]["indicators"]))
    BREAKS[kind](document)
    reference = jsonschema_errors(document)
    assert reference, f"{kind}: the break must break the schema"
    assert is_valid(document) is False
    assert validation_errors(document) == reference


EMPTIED = frozenset({"projects", "budget_lines", "flags", "review"})


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_the_validator_of_the_rest_gives_the_wholes_verdict_with_the_record_lists_empty(
    kind: str, outputs: list[dict[str, Any]]
) -> None:
    document = copy.deepcopy(next(o for o in outputs if o["projects"] and o["projects"][0]["indicators"]))
    assert is_valid(document, empty=EMPTIED) is False  # records in a list held to be empty
    BREAKS[kind](document)
    rest = document | {key: [] for key in EMPTIED}
    assert is_valid(rest, empty=EMPTIED) == is_valid(rest) == (jsonschema_errors(rest) == [])


def test_the_validator_of_the_rest_checks_that_the_record_lists_are_arrays(
    outputs: list[dict[str, Any]],
) -> None:
    rest = outputs[0] | {key: [] for key in EMPTIED}
    assert is_valid(rest, empty=EMPTIED) is True
    assert is_valid(rest | {"flags": {}}, empty=EMPTIED) is False
    assert is_valid({key: value for key, value in rest.items() if key != "flags"}, empty=EMPTIED) is False


def test_validate_report_names_the_file_and_the_violations(outputs: list[dict[str, Any]]) -> None:
    document = copy.deepcopy(outputs[0])
    document["report"]["fiscal_year"] = "2024"
    document["report"]["report_kind"] = "整体"
    kinds = load_schema()["properties"]["report"]["properties"]["report_kind"]["enum"]
    with pytest.raises(SchemaError) as raised:
        validate_report(document, "a.txt")
    assert str(raised.value) == (
        "a.txt: output breaks report.schema.json: "
        "report/fiscal_year: '2024' is not of type 'integer', 'null'; "
        f"report/report_kind: '整体' is not one of {kinds!r}"
    )


@pytest.mark.parametrize("name", SCHEMAS)
def test_validating_leaves_the_schema_and_its_hash_unchanged(name: str) -> None:
    on_disk = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    digest = hashlib.sha256(canonical_json(on_disk).encode()).hexdigest()[:16]
    validation_errors({}, name)  # compiles the validator (which rewrites the `$ref`s it is given)
    assert (load_schema(name), schema_hash(name)) == (on_disk, f"sha256:{digest}")


NUM = {"type": "number"}


def test_inline_refs_replaces_each_local_ref_by_its_definition() -> None:
    schema = {
        "$id": "x",
        "properties": {"a": {"$ref": "#/$defs/num", "description": "an a"}, "b": {"$ref": "#/$defs/pair"}},
        "$defs": {"num": NUM, "pair": {"type": "array", "items": {"$ref": "#/$defs/num"}}},
    }
    assert inline_refs(schema) == {
        "$id": "x",
        "properties": {"a": NUM, "b": {"type": "array", "items": NUM}},
    }
    assert "$defs" in schema  # the schema given is left as it was


@pytest.mark.parametrize(
    "node",
    [
        {"$ref": "other.json#/x"},  # not a local definition
        {"$ref": "#/$defs/missing"},
        {"$ref": "#/$defs/num", "minimum": 0},  # a constraint beside the reference
        {"$ref": "#/$defs/tree"},  # a definition that refers to itself
    ],
)
def test_a_schema_inline_refs_cannot_inline_exactly_comes_back_as_a_copy(node: dict[str, Any]) -> None:
    schema = {"properties": {"a": node}, "$defs": {"num": NUM, "tree": {"items": {"$ref": "#/$defs/tree"}}}}
    assert inline_refs(schema) == schema


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_shipped_schemas_inline_completely(name: str) -> None:
    assert '"$ref"' not in json.dumps(inline_refs(load_schema(name)))
