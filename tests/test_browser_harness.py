"""The browser harness that figure and book tests build on."""

import pytest

pytestmark = pytest.mark.browser


def test_headless_chromium_draws_a_page_and_reports_console_errors(browser):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_content("<html lang='id'><body><svg width='10' height='10'><rect width='10' height='10'/></svg>"
                     "<script>console.error('boom')</script></body></html>")
    assert page.locator("svg rect").count() == 1
    assert page.evaluate("document.documentElement.lang") == "id"
    assert errors == ["boom"]
    page.close()
