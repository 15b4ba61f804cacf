"""Validate JSON against our published JSON Schema with `jsonschema` (Draft 2020-12, formats
checked). Returns a list of problems as "path: message"; empty means valid."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


def check(instance: Any, schema: dict[str, Any]) -> list[str]:
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]
