"""What a browser would send for a page's form when the user touches nothing.

Tests that post a form "as the browser would" read the rendered page instead of writing
the POST by hand, so a default the page shows (the first option of a select without a
blank choice, a checked box) is sent exactly as a user would send it.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, index: int) -> None:
        super().__init__(convert_charrefs=True)
        self.index = index
        self.form_count = -1
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._multiple = False
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: (value or "") for key, value in attrs}
        if tag == "form":
            self.form_count += 1
            self.inside = self.form_count == self.index
            return
        if not self.inside or "disabled" in attr:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    self.values.append((name, attr.get("value", "on")))
                return
            self.values.append((name, attr.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_options = name, []
            self._multiple = "multiple" in attr
        elif tag == "option" and self._select is not None:
            self._option_value = attr.get("value")
            self._option_selected = "selected" in attr
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._option_value is None and self._select is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            self._select_options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            if self._multiple:
                self.values.extend((self._select, value) for value in chosen)
            elif chosen:
                self.values.append((self._select, chosen[-1]))
            elif self._select_options:  # a single select shows (and sends) its first option
                self.values.append((self._select, self._select_options[0][0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.values.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None


def form_as_sent(html: str, *, index: int = 0) -> dict[str, str | list[str]]:
    """The values the index-th form of `html` submits untouched (multi-valued names as lists)."""
    reader = _FormReader(index)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.values:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data
