"""Fixtures shared by the whole suite. Helpers live in tests/helpers/."""

from __future__ import annotations

import functools

import pytest

from tests.helpers import block_external, build_site, launch_kwargs, require, require_chromium


@pytest.fixture
def build(tmp_path):
    """``build(content={...}, settings={...}, theme=..., plugins=..., expect_ok=...)``:
    build_site() into this test's tmp_path."""
    return functools.partial(build_site, tmp_path)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright (one per test session).

    Skipped when Chromium or Playwright is missing, unless CI is set: then failed.
    """
    require_chromium()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(**launch_kwargs())
        except PlaywrightError as exc:
            require(False, f"cannot launch /usr/bin/chromium: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def external_requests():
    """URLs that the `page` fixture blocked because they leave the machine."""
    return []


@pytest.fixture
def page(browser, external_requests):
    """A fresh browser page (own context); requests off the machine are aborted
    and recorded in the `external_requests` fixture."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    block_external(context, external_requests)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
