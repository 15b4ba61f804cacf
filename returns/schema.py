"""The hand-over package's JSON Schema (returns/handover_schema.json), served at
/returns/handover-schema.json and described in docs/handover.md."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "handover_schema.json"


@lru_cache(maxsize=1)
def handover_schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
