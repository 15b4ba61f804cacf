"""What every walk through a role's day checks on each page, in Debian's Chromium.

- no response of the site (page, htmx request, asset) answers 4xx/5xx;
- every link on the page can be followed by this user (fetched with the same cookies);
- no horizontal overflow on a 390 px phone;
- no untranslated string: the page shows none of the English source strings the message
  catalogue translates for the page's language (staff pages: German), and a participant page
  shows none of the German ones either — English only where it is marked as the fallback
  (`lang="en"` on the element).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from accounts.tests.login import totp_code, totp_device_for
from tests.browser import PASSWORD, PHONE, chromium, new_page

#: pages allowed to be wider than a phone: none since issue 24 (every table scrolls inside
#: `.table-scroll`, tests/test_wcag_staff.py measures the pages once listed here at 320 px);
#: add an entry only with the reason, so each walk still fails on any new overflow
KNOWN_PHONE_OVERFLOW: tuple[str, ...] = ()

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
#: links a walk does not fetch: leaving (logout), switching language (POST forms anyway)
SKIPPED_LINKS = re.compile(r"/logout/|^mailto:|^tel:|^#|^javascript:")


def _po_entries(language: str) -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) of the translated, non-fuzzy entries of a catalogue."""
    from portal.tests.test_translations import parse_po

    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    _header, entries = parse_po(path.read_text(encoding="utf-8"))
    return [(e.context, e.msgid, "".join(e.msgstr)) for e in entries
            if e.msgid and "".join(e.msgstr) and not e.fuzzy and not e.obsolete]


def _telling(text: str) -> bool:
    """A source string long enough to be recognised in running text, without placeholders."""
    return len(text) >= 14 and " " in text and "%" not in text and "{" not in text and "\n" not in text


@lru_cache(maxsize=16)
def leftovers_for(language: str, *, participant: bool) -> frozenset[str]:
    """Strings that must not appear on a page in `language`: the English source of what the
    catalogue translates, and for participant pages also the German wording."""
    strings: set[str] = set()
    for context, msgid, msgstr in _po_entries(language if language != "en" else "de"):
        if participant and context != "participant":
            continue
        if language != "en" and _telling(msgid) and msgid != msgstr:
            strings.add(msgid)
    if participant and language not in ("de",):
        strings |= {msgstr for context, msgid, msgstr in _po_entries("de")
                    if context == "participant" and _telling(msgstr) and msgstr != msgid}
    return frozenset(strings)


#: the page's own text without what is marked as another language (fallbacks, language names)
_VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const root = document.querySelector('main') || document.body;
  const copy = root.cloneNode(true);
  copy.querySelectorAll('[lang]').forEach(el => { if (el.lang !== lang) el.remove(); });
  copy.querySelectorAll('script, style, option').forEach(el => el.remove());
  return copy.innerText || copy.textContent;
}"""


@dataclass
class Walk:
    """One user's browser tab, collecting every problem instead of stopping at the first."""

    page: Any
    base: str
    phone: bool
    participant: bool = False
    problems: list[str] = field(default_factory=list)
    followed: set[str] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("response", self._on_response)

    def _on_response(self, response: Any) -> None:
        url = response.url
        if url.startswith(self.base) and response.status >= 400 and not url.endswith("/favicon.ico"):
            self.problems.append(f"{response.status} {url.removeprefix(self.base)}")

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.check()

    def check(self) -> None:
        """The checks of the page now shown; call after each navigation."""
        page = self.page
        page.wait_for_load_state("networkidle")
        here = page.url.removeprefix(self.base)
        self.pages.append(here)
        if self.phone:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0 and here.split("?")[0] not in KNOWN_PHONE_OVERFLOW:
                self.problems.append(f"{here}: {overflow}px wider than the phone")
        language = page.get_attribute("html", "lang") or ""
        text = page.evaluate(_VISIBLE_TEXT)
        for leftover in sorted(leftovers_for(language, participant=self.participant)):
            if leftover in text:
                self.problems.append(f"{here} [{language}]: untranslated {leftover!r}")
        self._follow_links(here)

    def _follow_links(self, here: str) -> None:
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            if not href or SKIPPED_LINKS.search(href) or href.startswith(("http://", "https://")) and not \
                    href.startswith(self.base):
                continue
            target = href.removeprefix(self.base).split("#")[0]
            if not target.startswith("/"):
                target = here.rsplit("/", 1)[0] + "/" + target if not target.startswith("?") else \
                    here.split("?")[0] + target
            if target in self.followed:
                continue
            self.followed.add(target)
            status = self.page.request.get(self.base + target, max_redirects=5).status
            if status >= 400:
                self.problems.append(f"{here}: link {target} answers {status}")

    def submit(self, selector: str = "main form[method=post] button[type=submit]") -> None:
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check()


@contextmanager
def walk(live_server: Any, *, viewport: str, participant: bool = False, locale: str = "de-DE") -> Iterator[Walk]:
    with chromium() as browser:
        page = new_page(browser, locale=locale, **VIEWPORTS[viewport])
        try:
            yield Walk(page=page, base=live_server.url, phone=viewport == "phone", participant=participant)
        finally:
            page.context.close()


def staff_login(w: Walk, user: Any) -> None:
    """Password, then the authenticator's code, through the real pages."""
    device = totp_device_for(user)
    w.goto("/login/")
    w.page.fill("#id_username", user.username)
    w.page.fill("#id_password", PASSWORD)
    with w.page.expect_navigation():
        w.page.click("main button[type=submit]")
    w.page.fill("#id_code", totp_code(device))
    with w.page.expect_navigation():
        w.page.click("main button[type=submit]")
    w.check()
