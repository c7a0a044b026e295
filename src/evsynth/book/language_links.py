"""Static links between the two languages of the rendered book (Quarto's post-render step).

Every page gets, in its static HTML (no JavaScript needed, so search engines, screen
readers and readers without scripts see them):

- ``<link rel="alternate" hreflang="...">`` in ``<head>`` for itself and its counterpart;
- an ``<a hreflang>`` to the counterpart in the page's navigation: among the sidebar's tools
  (where Quarto puts the download links) for wide screens, and beside the search button of
  the top bar that phones show instead of the sidebar; at the top of the body if a page
  has neither.

The counterpart of ``_book/id/chapters-id/methods.html`` is ``_book/en/chapters-en/methods.html``:
the two books have the same file names (a test of the chapters holds them to it). Running
the step again replaces the links it wrote, so re-renders never pile them up.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from evsynth.escape import html

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
MARK = "data-evsynth-language-link"
_WRITTEN = re.compile(rf'[ \t]*<(?:link|a)\b[^>]*\b{MARK}\b[^>]*>(?:[^<]*</a>)?\n?')
_HEAD_END = re.compile(r"</head>", re.IGNORECASE)
_NAVIGATION = (re.compile(r'<div class="[^"]*\bsidebar-tools-main\b[^"]*"[^>]*>'),  # the link goes after these
               re.compile(r'<nav class="quarto-secondary-nav">.*?(?=<button[^>]*\bquarto-search-button\b)', re.DOTALL))
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def counterpart(relative: str, lang: str, other: str) -> str:
    """The same page's path in the other language's book, both relative to the book roots.

    >>> counterpart("chapters-id/methods.html", "id", "en")
    'chapters-en/methods.html'
    >>> counterpart("index.html", "en", "id")
    'index.html'
    """
    return re.sub(rf"(^|/)chapters-{lang}/", rf"\1chapters-{other}/", relative)


def link_page(page: str, lang: str, other: str, here: str, there: str) -> str:
    """``page`` (HTML) with its language links; ``here`` and ``there`` are the hrefs of the
    page itself and of its counterpart, relative to the page."""
    page = _WRITTEN.sub("", page)
    alternates = "".join(f'<link rel="alternate" hreflang="{code}" href="{html(href)}" {MARK}>\n'
                         for code, href in sorted({lang: here, other: there}.items()))
    page = _HEAD_END.sub(lambda m: alternates + m.group(0), page, count=1)
    anchor = (f'<a href="{html(there)}" hreflang="{other}" lang="{other}" '
              f'class="quarto-navigation-tool px-1 evsynth-language-switch" {MARK}>'
              f"{html(LANGUAGE_NAMES[other])}</a>")
    places = [found.end() for pattern in _NAVIGATION for found in [pattern.search(page)] if found]
    if not places:
        body = _BODY.search(page)
        if body is None:
            raise ValueError("the page has neither navigation nor a <body> to hold the language link")
        places = [body.end()]
    for place in sorted(places, reverse=True):  # from the end, so earlier places stay where they were
        page = page[:place] + anchor + "\n" + page[place:]
    return page


def book_pages(output_dir: Path) -> list[Path]:
    """The pages of one language's book (the executed notebooks' among them): neither Quarto's
    libraries nor the figures' pages of their own that the book publishes beside it
    (``_outputs/figures/*.standalone.html``, a figure alone, at full size)."""
    pages = []
    for page in sorted(Path(output_dir).rglob("*.html")):
        parts = page.relative_to(output_dir).parts
        if "site_libs" not in parts and parts[:2] != ("_outputs", "figures"):
            pages.append(page)
    return pages


def link_book(output_dir: Path) -> list[Path]:
    """Write the language links into every page of one language's book; return the pages.

    The language is the output folder's name (``_book/id``, ``_book/en``), as the
    profiles set it; the other book is its sibling folder.
    """
    output_dir = Path(output_dir)
    lang = output_dir.name
    if lang not in LANGUAGE_NAMES:
        raise ValueError(f"{output_dir}: the output folder must be named for its language, one of "
                         f"{', '.join(LANGUAGE_NAMES)}")
    (other,) = set(LANGUAGE_NAMES) - {lang}
    pages = book_pages(output_dir)
    for page in pages:
        relative = page.relative_to(output_dir).as_posix()
        target = output_dir.parent / other / counterpart(relative, lang, other)
        there = Path(os.path.relpath(target, page.parent)).as_posix()
        page.write_text(link_page(page.read_text(encoding="utf-8"), lang, other, page.name, there),
                        encoding="utf-8")
    return pages


if __name__ == "__main__":  # python -m evsynth.book.language_links OUTPUT_DIR
    link_book(Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["QUARTO_PROJECT_OUTPUT_DIR"]))
