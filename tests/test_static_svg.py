"""Every SVG the site serves is well-formed XML: a browser shows nothing at all for a broken
one (a duplicate attribute was enough to blank the "never done" pictogram on every question)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}svg"


def _served_svgs() -> list[tuple[str, Path]]:
    found = []
    for finder in finders.get_finders():
        for relative, storage in finder.list(ignore_patterns=[]):
            if relative.endswith(".svg"):
                found.append((relative, Path(storage.path(relative))))
    return sorted(found)


def test_there_are_svgs_to_check() -> None:
    assert any(name.endswith("pictograms/level-0.svg") for name, _path in _served_svgs())


@pytest.mark.parametrize(("name", "path"), _served_svgs(), ids=lambda value: str(value))
def test_svg_is_well_formed(name: str, path: Path) -> None:
    try:
        root = ET.fromstring(path.read_bytes())  # noqa: S314 - our own files, not untrusted input
    except ET.ParseError as error:
        pytest.fail(f"{name} is not well-formed XML: {error}")
    assert root.tag == SVG_NAMESPACE, f"{name}: root element is {root.tag}, not an SVG"
