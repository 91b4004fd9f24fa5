"""Fixtures shared by every test: the shared data folder and a headless Chromium."""

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
SHARED_DATA = Path(os.environ.get("FAZHI_SHARED_DATA", REPO.parent / "shared" / "data"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER = os.environ.get("FAZHI_REQUIRE_BROWSER") == "1"

pytest_plugins = ["fazhi.demo.testing"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data beside the repo; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (a user's clone has none)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; skipped (or failed in CI) without it."""
    if not CHROMIUM:
        if REQUIRE_BROWSER:
            pytest.fail("FAZHI_REQUIRE_BROWSER=1 but no chromium is installed")
        pytest.skip("chromium is not installed: browser tests skipped")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page in Chinese, with the live server's URL as `page.base`."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    pg = context.new_page()
    pg.base = live_server.url
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """A holiday import rolled back with a test must not leave the process calendar stale."""
    yield
    from fazhi.workdays.services import invalidate_calendar

    invalidate_calendar()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, past the two-factor step superusers must take."""
    from fazhi.directory.tests.factories import verified_login

    verified_login(client, admin_user)
    return client
