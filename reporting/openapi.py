"""The OpenAPI 3.1 description of the reporting API (served at /reporting/api/openapi.json)."""

from __future__ import annotations

from typing import Any

from reporting.indicators import COUNTS, DIMENSIONS

_SUPPRESSED = {
    "type": "string", "enum": ["withheld"],
    "description": "withheld for funders, so that no group of fewer than 5 people can be worked out",
}
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
                "Aggregated programme figures of a period (cohort by intake date). Session-authenticated "
                "(the sessionid cookie of a logged-in user; without one the answer is 401). Managers see exact "
                "figures of all records. Funders see only their own funding lines; the totals of a period with "
                "at least 10 entrants always, and every other figure unless it could reveal a group of 1 to 4 "
                "people (then \"withheld\"; the withheld cells are the fewest that protect every small group, "
                "see reporting/suppression.py). Funders may count only the periods they are offered: the last "
                "12 full months and their own reporting periods; any other period answers 400. "
                "Counting rules: the glossary on /reporting/."
            ),
        },
        "paths": {
            "/reporting/api/report/": {
                "get": {
                    "summary": "Figures of a period, in total and per breakdown",
                    "description": (
                        "start and end come together. Without either, the default period: the last 12 months "
                        "for managers, the last 12 full months for funders. Only one of them answers 400 naming "
                        "the missing one."
                    ),
                    "parameters": [
                        {**date_param, "name": "start", "description": "first day (YYYY-MM-DD); needs end"},
                        {**date_param, "name": "end", "description": "last day, included (YYYY-MM-DD); needs start"},
                    ],
                    "responses": {
                        "200": {
                            "description": "the figures",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
                        },
                        "400": {
                            "description": (
                                "a bad period: a date that is not YYYY-MM-DD, an end before the start, start or "
                                "end alone, or (funders) a period not offered to them"
                            ),
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
                        },
                        "401": {
                            "description": "not logged in",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                        "403": {
                            "description": "a role without access (only managers and funders)",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Errors": {
                    "type": "object", "required": ["errors"],
                    "properties": {"errors": {"type": "object", "description": "field name → its errors"}},
                },
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
