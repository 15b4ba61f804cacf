"""Debian's Chromium driven by Playwright: one way to start it for every browser test.

Usage in a test module::

    pytestmark = BROWSER_MARKS

    @pytest.fixture
    def phone(live_server):
        with browser_page(**PHONE) as page:
            yield page
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed"),
]

#: a phone-sized screen (about 390 × 844 CSS pixels, touch)
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3,
}


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium; closed when the block ends."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, **context_options: Any) -> Any:
    """A page in a fresh context (own cookies) with a 15 s default timeout."""
    page = browser.new_context(**context_options).new_page()
    page.set_default_timeout(15_000)
    return page


@contextmanager
def browser_page(**context_options: Any) -> Iterator[Any]:
    """One page in its own browser; `context_options` go to `Browser.new_context`."""
    with chromium() as browser:
        page = new_page(browser, **context_options)
        try:
            yield page
        finally:
            page.context.close()
