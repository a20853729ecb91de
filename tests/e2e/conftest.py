"""Browser journeys in headless Chromium (Playwright) against pytest-django's live server.

One browser per session, a fresh browser context (cookies, storage) per test. Under CI a missing
Chromium or Playwright fails the run; on a developer's machine the browser tests are skipped.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the tests still call the ORM directly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Auto-waiting locators wait up to this long before failing (ms); the live server answers in well under a second.
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"Browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


def _chromium_executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    executable = _chromium_executable()
    if executable is None:
        _unavailable("no Chromium found (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            _unavailable(f"Chromium at {executable} did not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _e2e_site(settings, live_server):
    """Links in e-mails must point at the live server the browser talks to."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh context: `new_page(mobile=True)`. Every context is closed after the test."""
    contexts = []

    def open_page(*, mobile: bool = False, locale: str = "nb-NO"):
        # The locale is pinned so that Accept-Language never decides the language: the header button does.
        context = browser.new_context(locale=locale, timezone_id="Europe/Oslo", **(MOBILE if mobile else DESKTOP))
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def mobile_page(new_page):
    return new_page(mobile=True)
