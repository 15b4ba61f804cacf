"""The OpenAPI 3.1 description of the reporting API (served at /reporting/api/openapi.json)."""

from __future__ import annotations

from typing import Any

from reporting.indicators import COUNTS, DIMENSIONS

_SUPPRESSED = {"type": "string", "enum": ["<5", "hidden"], "description": "a withheld small cell"}
_COUNT = {"oneOf": [{"type": "integer", "minimum": 0}, _SUPPRESSED]}
_NUMBER = {"oneOf": [{"type": "number"}, {"type": "null"}, _SUPPRESSED]}


def _row_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "key": {"type": ["string", "null"], "description": "the group's key (id, code or YYYY-MM)"},
        "label": {"type": ["string", "null"]},
    }
    properties.update({name: _COUNT for name in COUNTS})
    properties.update(
        {"module_hours": _NUMBER, "median_days_to_return": _NUMBER, "share_qualified_and_returned": _NUMBER}
    )
    required = ["key", "label", "started", "with_plan", "qualified", "returned", "qualified_and_returned",
                "module_hours", "median_days_to_return", "share_qualified_and_returned"]
    return {"type": "object", "properties": properties, "required": required}


def openapi_document() -> dict[str, Any]:
    date_param = {"in": "query", "schema": {"type": "string", "format": "date"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Reintegra programme figures",
            "version": "1.0.0",
            "description": (
                "Aggregated programme figures of a period (cohort by intake date). Session-authenticated; "
                "managers see exact figures of all records, funders only their own funding lines with small "
                "cells withheld (\"<5\" or \"hidden\") and only the figures that cannot be subtracted from one "
                "another. Counting rules: the glossary on /reporting/."
            ),
        },
        "paths": {
            "/reporting/api/report/": {
                "get": {
                    "summary": "Figures of a period, in total and per breakdown",
                    "parameters": [
                        {**date_param, "name": "start", "description": "first day (YYYY-MM-DD)"},
                        {**date_param, "name": "end", "description": "last day, included (YYYY-MM-DD)"},
                    ],
                    "responses": {
                        "200": {
                            "description": "the figures",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
                        },
                        "400": {"description": "a bad period"},
                        "403": {"description": "a role without access"},
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
            "schemas": {
                "Row": _row_schema(),
                "Report": {
                    "type": "object",
                    "required": ["period", "suppressed", "total", "breakdowns"],
                    "properties": {
                        "period": {
                            "type": "object", "required": ["start", "end"],
                            "properties": {"start": {"type": "string", "format": "date"},
                                           "end": {"type": "string", "format": "date"}},
                        },
                        "suppressed": {"type": "boolean"},
                        "total": {"$ref": "#/components/schemas/Row"},
                        "breakdowns": {
                            "type": "object",
                            "required": DIMENSIONS,
                            "properties": {
                                name: {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}
                                for name in DIMENSIONS
                            },
                        },
                    },
                },
            },
        },
        "security": [{"session": []}],
    }
