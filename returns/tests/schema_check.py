"""A small JSON Schema checker for the keywords our hand-over schema uses (jsonschema is not
installed here). Returns a list of problems as "path: message"; empty means valid."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlparse

TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}
KNOWN = {"$schema", "$id", "title", "description", "type", "additionalProperties", "required", "properties",
         "items", "enum", "const", "pattern", "format", "minimum", "maximum", "oneOf"}


def check(instance: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    unknown = set(schema) - KNOWN
    assert not unknown, f"{path}: keyword(s) the checker does not know: {unknown}"
    problems: list[str] = []
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not check(instance, s, path)]
        if len(matching) != 1:
            problems.append(f"{path}: matches {len(matching)} of oneOf")
        return problems
    kind = schema.get("type")
    if kind == "integer":
        if not isinstance(instance, int) or isinstance(instance, bool):
            return [f"{path}: not an integer"]
    elif kind == "number":
        if not isinstance(instance, int | float) or isinstance(instance, bool):
            return [f"{path}: not a number"]
    elif kind is not None and not isinstance(instance, TYPES[kind]):
        return [f"{path}: not {kind}"]
    if "const" in schema and instance != schema["const"]:
        problems.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        problems.append(f"{path}: {instance!r} not in {schema['enum']}")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        problems.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if schema.get("format") == "date" and isinstance(instance, str):
        try:
            dt.date.fromisoformat(instance)
        except ValueError:
            problems.append(f"{path}: not a date")
    if schema.get("format") == "uri" and isinstance(instance, str):
        parsed = urlparse(instance)
        if not (parsed.scheme and parsed.netloc):
            problems.append(f"{path}: not an absolute URI")
    if "minimum" in schema and isinstance(instance, int | float) and instance < schema["minimum"]:
        problems.append(f"{path}: below {schema['minimum']}")
    if "maximum" in schema and isinstance(instance, int | float) and instance > schema["maximum"]:
        problems.append(f"{path}: above {schema['maximum']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                problems.append(f"{path}: {key} missing")
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                problems.extend(check(value, properties[key], f"{path}.{key}"))
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}: unexpected {key}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            problems.extend(check(item, schema["items"], f"{path}[{index}]"))
    return problems
