"""What every figure shares: colours, fonts, layout, and escaping of text from data."""

from __future__ import annotations

from evsynth.book.formats import plotly_separators
from evsynth.escape import html

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000", "grey": "#999999",
}
FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222")
INK = "#222222"
PAPER = "#FFFFFF"


def safe(value) -> str:
    """Text from a data file, escaped so plotly shows it instead of interpreting it.

    plotly renders a subset of HTML in labels (``<b>``, ``<br>``, ``<a href>``); escaping
    ``&``, ``<`` and ``>`` makes ``<script>alert(1)</script>`` print as written.

    >>> safe("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    """
    return html(value, quote=False)


def base_layout(width: int, height: int, lang: str = "en", min_width: int | None = None, **extra) -> dict:
    """Fixed size, white background, the language's decimal separator: the same on screen and in print.

    ``width`` is the size of the static exports; on a page the figure follows its container's
    width down to ``min_width`` (default ``width``), the narrowest at which its text still fits,
    kept in ``layout.meta`` for the HTML export.
    """
    return {"width": width, "height": height, "font": FONT, "paper_bgcolor": PAPER, "plot_bgcolor": PAPER,
            "separators": plotly_separators(lang), "margin": dict(l=20, r=20, t=40, b=20),
            "meta": {"min_width": min_width or width}, **extra}
