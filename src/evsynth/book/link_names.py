"""Links named as they read (Quarto's post-render step): the previous and next links at the foot
of each page carry an ``aria-label`` with the chapter's title alone, while they show its number
too ("2 Introduction"). A reader who speaks to the browser says what they see, and WCAG 2.5.3
(label in name) asks the name to hold the visible words; without the label, the link is named
by its text, number and all. Running the step again changes nothing more.
"""

from __future__ import annotations

import re
from pathlib import Path

from evsynth.book.language_links import book_pages

_LABELLED = re.compile(r'(<a\b[^>]*\bclass="[^"]*\bpagination-link\b[^"]*"[^>]*?)\s+aria-label="[^"]*"')


def named_as_shown(page: str) -> str:
    """``page`` (HTML) with no ``aria-label`` on its previous and next links.

    >>> named_as_shown('<a href="a.html" class="pagination-link" aria-label="Introduction"><span>2</span> Intro</a>')
    '<a href="a.html" class="pagination-link"><span>2</span> Intro</a>'
    """
    return _LABELLED.sub(r"\1", page)


def name_links_as_shown(output_dir: Path) -> list[Path]:
    """Rewrite every page of one language's book in ``output_dir``; return the pages changed."""
    changed = []
    for page in book_pages(output_dir):
        before = page.read_text(encoding="utf-8")
        after = named_as_shown(before)
        if after != before:
            page.write_text(after, encoding="utf-8")
            changed.append(page)
    return changed
