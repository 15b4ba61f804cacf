"""The project's former hand-written JCS (RFC 8785), kept as a second opinion for the tests.

certificates/credentials.py now canonicalises with Trail of Bits' `rfc8785`; the tests check
that the library gives exactly the bytes this walk gave (so nothing signed before changes
meaning), for generated documents, issued credentials and the W3C vectors. It covers what
our documents hold: strings, integers, booleans, null, lists, objects (no floats).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def _parts(value: Any, out: list[str]) -> None:
    if value is None or value is True or value is False:
        out.append(json.dumps(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for position, key in enumerate(sorted(value, key=lambda k: k.encode("utf-16-be"))):
            if position:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _parts(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _parts(item, out)
        out.append("]")
    else:
        raise TypeError(f"not canonicalisable: {type(value).__name__}")


def walked(value: Any) -> bytes:
    out: list[str] = []
    _parts(value, out)
    return "".join(out).encode("utf-8")
