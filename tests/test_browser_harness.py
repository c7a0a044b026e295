"""The browser harness that figure and book tests build on."""

import shutil
import subprocess

import pytest
from conftest import _chromium

from evsynth import paths

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


def fake_browsers(tmp_path, working=(), placeholders=()):
    """A PATH holding fake browsers: working ones print a version, placeholders fail as the
    snap stub of hosted Ubuntu runners does; ``id`` says we are not root, so nothing is installed."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in [*((n, "echo 'Chromium 1.0'") for n in working),
                       *((n, "echo 'requires the chromium snap' >&2; exit 1") for n in placeholders),
                       ("id", "echo 1000")]:
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    return folder


def ensure_chromium(path, **env):
    return subprocess.run(["/bin/sh", str(paths.ROOT / "scripts" / "ensure-chromium")], capture_output=True,
                          text=True, timeout=60, env={"PATH": f"{path}:/usr/bin:/bin", **env})


def test_a_snap_placeholder_is_not_taken_for_a_browser(tmp_path, monkeypatch):
    folder = fake_browsers(tmp_path, placeholders=["chromium-browser"])
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert _chromium() is None
    done = ensure_chromium(folder)
    if shutil.which("chromium", path="/usr/bin:/bin") is None:  # else the real one is found, rightly
        assert "No working Chromium or Chrome" in done.stdout


def test_browser_path_names_the_browser_first(tmp_path, monkeypatch):
    folder = fake_browsers(tmp_path, working=["google-chrome", "chromium"], placeholders=["chromium-browser"])
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("BROWSER_PATH", str(folder / "google-chrome"))
    assert _chromium() == str(folder / "google-chrome")
    monkeypatch.delenv("BROWSER_PATH")
    assert _chromium() == str(folder / "chromium")
    done = ensure_chromium(folder, BROWSER_PATH=str(folder / "google-chrome"))
    assert done.returncode == 0 and done.stdout == ""
