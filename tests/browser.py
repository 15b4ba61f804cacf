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

#: the staff test accounts' password (accounts/tests/factories.py)
PASSWORD = "correct-horse-battery"

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


@contextmanager
def phone_page(**context_options: Any) -> Iterator[Any]:
    """A page on a phone (`PHONE`, 390 px) whose console errors collect in `page.console_errors`."""
    with browser_page(**{**PHONE, **context_options}) as page:
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.console_errors = errors
        yield page


def staff_log_in(page: Any, base_url: str, user: Any, password: str = PASSWORD) -> None:
    """Password, then the authenticator's code, through the real login pages (any language)."""
    from accounts.tests.login import totp_code, totp_device_for

    device = totp_device_for(user)
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form:has(#id_username) button[type=submit]")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_code", totp_code(device))
    page.click("form:has(#id_code) button[type=submit]")
    page.wait_for_load_state()


def draw_signature(page: Any, selector: str, *, strokes: int = 11, steps: int = 2) -> None:
    """A zig-zag stroke of `strokes` moves across the canvas, as a finger would draw it."""
    canvas = page.locator(selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, strokes + 1):
        page.mouse.move(box["x"] + 10 + step * (box["width"] - 20) / strokes,
                        box["y"] + box["height"] * (0.2 if step % 2 else 0.8), steps=steps)
    page.mouse.up()
