"""The post-render step's static language links, on a small fake ``_book/`` shaped like
Quarto's output: every page of each language links to its counterpart, in ``<head>``
and in the navigation, with hrefs that resolve, and a second run changes nothing."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from evsynth import paths
from evsynth.book.language_links import counterpart, link_book, link_page

PAGES = ["index.html", "chapters-{lang}/methods.html", "chapters-{lang}/appendix-data.html",
         "_outputs/notebooks/02-audit-reported-results.html"]
QUARTO_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body class="nav-sidebar docked">
<header id="quarto-header" class="headroom fixed-top">
<nav class="quarto-secondary-nav">
<div class="container-fluid d-flex">
<button type="button" class="quarto-btn-toggle btn"><i class="bi bi-layout-text-sidebar-reverse"></i></button>
<button type="button" class="btn quarto-search-button" aria-label="Search"><i class="bi bi-search"></i></button>
</div>
</nav>
</header>
<nav id="quarto-sidebar" class="sidebar collapse">
<div class="pt-lg-2 mt-2 text-left sidebar-header">
<div class="sidebar-title mb-0 py-0"><a href="./">Book</a>
<div class="sidebar-tools-main">
<a href="./Book.pdf" class="quarto-navigation-tool px-1"><i class="bi bi-file-pdf"></i></a>
</div></div></div>
</nav>
<main class="content"><h1>{title}</h1></main>
</body></html>
"""


@pytest.fixture
def fake_book(tmp_path):
    book = tmp_path / "_book"
    for lang in ("id", "en"):
        for page in PAGES:
            path = book / lang / page.format(lang=lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(QUARTO_PAGE.format(lang=lang, title=path.stem), encoding="utf-8")
    (book / "id" / "site_libs").mkdir()
    (book / "id" / "site_libs" / "widget.html").write_text("<html><head></head><body></body></html>")
    (book / "id" / "_outputs" / "figures").mkdir(parents=True)  # a figure on a page of its own, not the book's
    (book / "id" / "_outputs" / "figures" / "forest-id.standalone.html").write_text(
        "<html><head></head><body></body></html>")
    return book


def hrefs(page: Path, pattern: str) -> list[str]:
    return re.findall(pattern, page.read_text(encoding="utf-8"))


def test_every_page_links_to_its_counterpart_in_head_and_navigation(fake_book):
    for lang, other in (("id", "en"), ("en", "id")):
        pages = link_book(fake_book / lang)
        assert len(pages) == len(PAGES)  # site_libs and a figure's own page are not pages of the book
        for page in pages:
            [alternate] = hrefs(page, rf'<link rel="alternate" hreflang="{other}" href="([^"]+)"')
            [own] = hrefs(page, rf'<link rel="alternate" hreflang="{lang}" href="([^"]+)"')
            sidebar, top_bar = hrefs(page, rf'<a href="([^"]+)" hreflang="{other}" lang="{other}"')
            assert alternate == sidebar == top_bar
            anchor = sidebar
            assert (page.parent / own).resolve() == page.resolve()
            target = (page.parent / anchor).resolve()
            assert target.is_file(), (page, anchor)
            assert target.relative_to(fake_book.resolve()).parts[0] == other
            assert target.name == page.name
    assert "hreflang" not in (fake_book / "id" / "site_libs" / "widget.html").read_text()
    assert "hreflang" not in (fake_book / "id" / "_outputs" / "figures" / "forest-id.standalone.html").read_text()


def test_the_link_sits_in_the_sidebar_tools_and_the_phone_bar(fake_book):
    link_book(fake_book / "id")
    page = (fake_book / "id" / "chapters-id" / "methods.html").read_text()
    assert page.index('rel="alternate"') < page.index("</head>")
    links = [m.start() for m in re.finditer('class="quarto-navigation-tool px-1 evsynth-language-switch"', page)]
    assert page.index("quarto-btn-toggle") < links[0] < page.index("quarto-search-button")  # the phone's top bar
    assert page.index('<div class="sidebar-tools-main">') < links[1] < page.index("Book.pdf")
    assert ">English</a>" in page
    assert 'href="../../en/chapters-en/methods.html"' in page


def test_a_second_run_changes_nothing(fake_book):
    link_book(fake_book / "en")
    first = {p: p.read_bytes() for p in (fake_book / "en").rglob("*.html")}
    link_book(fake_book / "en")
    assert {p: p.read_bytes() for p in (fake_book / "en").rglob("*.html")} == first


def test_a_page_without_sidebar_gets_the_link_at_the_top_of_the_body():
    page = link_page("<html><head></head><body>\n<p>x</p></body></html>", "en", "id", "a.html", "../id/a.html")
    assert re.search(r'<body><a href="../id/a.html" hreflang="id" lang="id"[^>]*>Bahasa Indonesia</a>', page)


def test_hrefs_are_escaped():
    page = link_page("<html><head></head><body></body></html>", "en", "id", "a.html", 'x"><script>.html')
    assert "<script>" not in page and "x&quot;&gt;&lt;script&gt;.html" in page


def test_counterpart_swaps_only_the_chapter_folder():
    assert counterpart("chapters-id/chapters-id.html", "id", "en") == "chapters-en/chapters-id.html"
    assert counterpart("notebooks/chapters-idx/a.html", "id", "en") == "notebooks/chapters-idx/a.html"


def test_an_output_folder_not_named_for_a_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="named for its language"):
        link_book(tmp_path / "_book" / "fr")


def test_the_post_render_script_runs_with_any_python_on_quartos_variable(fake_book):
    env = {"QUARTO_PROJECT_OUTPUT_DIR": str(fake_book / "en"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-I", str(paths.ROOT / "scripts" / "post-render.py")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"{len(PAGES)} pages" in done.stdout
    assert 'hreflang="id"' in (fake_book / "en" / "index.html").read_text()
