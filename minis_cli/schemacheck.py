"""Validate a JSON value against minis-py's own JSON Schemas, reporting every problem with its place.

This reads the subset of JSON Schema (draft 2020-12) that minis.config.schema.json uses, with the same
meaning as the standard: type, enum, const, properties, required, items, minItems/maxItems,
minLength/maxLength, pattern, minimum/maximum, allOf/anyOf/oneOf/not and local ``$ref``. A keyword outside
that subset is an error, never silently ignored, so the schema cannot grow past what is checked here; the
test suite compares the verdicts with the `jsonschema` package on generated documents.

Why not `jsonschema` at run time: importing it costs 80-100 ms on every `minis-py lint` (it is a test
dependency only), and it reports problems in its own words, where minis-py wants the schema's
``errorMessage`` (which VS Code shows too) and a "what to try" line (``x-hint``) at the exact span.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .records import record
from .wording import plural

Path = tuple[str | int, ...]

ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$comment",
        "title",
        "description",
        "markdownDescription",
        "deprecated",
        "default",
        "examples",
        "errorMessage",
        "deprecationMessage",
    }
)
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@record(frozen=True)
class SchemaError:
    """One failed keyword: where in the document, which schema node, and which keyword of it."""

    path: Path
    node: dict[str, Any]
    keyword: str
    value: Any

    @property
    def message(self) -> str:
        custom = self.node.get("errorMessage")
        if custom:
            return str(custom)
        expected: Any = self.node.get(self.keyword)
        return {
            "type": f"must be {' or '.join(expected) if isinstance(expected, list) else expected}",
            "enum": "must be one of " + ", ".join(json.dumps(e) for e in expected or ()),
            "const": f"must be {json.dumps(expected)}",
            "required": f"needs {', '.join(expected or ())}",
            "pattern": f"must match {expected}",
            "minLength": "must not be empty" if expected == 1 else f"must have at least {plural(expected, 'character')}",
            "maxLength": f"must have at most {plural(expected, 'character')}",
            "minimum": f"must be at least {expected}",
            "maximum": f"must be at most {expected}",
            "minItems": f"must list at least {plural(expected, 'item')}",
            "maxItems": f"must list at most {plural(expected, 'item')}",
        }.get(self.keyword, "is not valid here")

    @property
    def hint(self) -> str | None:
        return self.node.get("x-hint")


class Validator:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        unknown = sorted(set(_keywords(schema)) - _KNOWN)
        if unknown:
            raise ValueError(f"schema keywords this validator does not implement: {', '.join(unknown)}")

    def errors(self, value: Any) -> list[SchemaError]:
        return list(self._check(self.schema, value, ()))

    def is_valid(self, value: Any) -> bool:
        return next(iter(self._check(self.schema, value, ())), None) is None

    def _resolve(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, not {ref}")
        node: Any = self.schema
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _check(self, node: dict[str, Any] | bool, value: Any, path: Path) -> Iterator[SchemaError]:
        if node is True:
            return
        if node is False:
            yield SchemaError(path, {}, "false", value)
            return
        if "$ref" in node:
            yield from self._check(self._resolve(node["$ref"]), value, path)
        if "type" in node:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_TYPES[t](value) for t in types):
                yield SchemaError(path, node, "type", value)
        if "enum" in node and not any(_equal(value, e) for e in node["enum"]):
            yield SchemaError(path, node, "enum", value)
        if "const" in node and not _equal(value, node["const"]):
            yield SchemaError(path, node, "const", value)
        if isinstance(value, dict):
            for key in node.get("required", ()):
                if key not in value:
                    yield SchemaError(path, node, "required", value)
                    break
            for key, child in node.get("properties", {}).items():
                if key in value:
                    yield from self._check(child, value[key], path + (key,))
        if isinstance(value, list):
            if "minItems" in node and len(value) < node["minItems"]:
                yield SchemaError(path, node, "minItems", value)
            if "maxItems" in node and len(value) > node["maxItems"]:
                yield SchemaError(path, node, "maxItems", value)
            if "items" in node:
                for index, item in enumerate(value):
                    yield from self._check(node["items"], item, path + (index,))
        if isinstance(value, str):
            if "minLength" in node and len(value) < node["minLength"]:
                yield SchemaError(path, node, "minLength", value)
            if "maxLength" in node and len(value) > node["maxLength"]:
                yield SchemaError(path, node, "maxLength", value)
            if "pattern" in node and not re.search(node["pattern"], value):
                yield SchemaError(path, node, "pattern", value)
        if _TYPES["number"](value):
            if "minimum" in node and value < node["minimum"]:
                yield SchemaError(path, node, "minimum", value)
            if "maximum" in node and value > node["maximum"]:
                yield SchemaError(path, node, "maximum", value)
        for child in node.get("allOf", ()):
            yield from self._check(child, value, path)
        if "anyOf" in node and not any(self._valid(child, value) for child in node["anyOf"]):
            yield SchemaError(path, node, "anyOf", value)
        if "oneOf" in node and sum(self._valid(child, value) for child in node["oneOf"]) != 1:
            yield SchemaError(path, node, "oneOf", value)
        if "not" in node and self._valid(node["not"], value):
            yield SchemaError(path, node, "not", value)

    def _valid(self, node: dict[str, Any] | bool, value: Any) -> bool:
        return next(iter(self._check(node, value, ())), None) is None


_KNOWN = ANNOTATIONS | {
    "$ref",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
}


def _keywords(node: Any) -> Iterator[str]:
    """Every keyword used anywhere in a schema (property names and x- extensions are not keywords)."""
    if not isinstance(node, dict):
        return
    for key, child in node.items():
        if key.startswith("x-"):
            continue
        yield key
        if key in ("properties", "$defs"):
            for sub in child.values():
                yield from _keywords(sub)
        elif key in ("allOf", "anyOf", "oneOf"):
            for sub in child:
                yield from _keywords(sub)
        elif key in ("items", "not"):
            yield from _keywords(child)


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1.0 is 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b
