"""One export for every figure: HTML fragment, standalone page and PNG, reproducibly.

- The HTML loads plotly.js from one shared local file, written once beside the figures
  (never embedded per figure, never a CDN). In the HTML the figure takes its container's
  width (plotly's ``responsive``) down to the ``min_width`` its layout declares (see
  :func:`evsynth.figures.style.base_layout`); below that, it scrolls inside its own box,
  never the page. A diagram whose layout sets ``meta.scale_to_fit`` (the PRISMA flow) is
  drawn at its own width and shrinks whole, text with its boxes, to a narrower container, but
  no further than keeps its text legible (:data:`MIN_TEXT_PX`); below that it scrolls too. A
  line under each figure, shown by the book's script while the figure scrolls, says so.
- The PNG, which the PDF and DOCX show, comes from kaleido, which drives a Chromium found
  on PATH (Debian's ``chromium``) or through ``BROWSER_PATH``. No render shows an SVG; a
  reader who wants one has the HTML figure's own button. What an image costs was measured
  (two cores, 20 images through ``plotly.io.write_images``: 9.3 s): starting the browser,
  about 1.5 s, so all the images of one call share one; MathJax, which kaleido loads from a
  CDN for every image though no figure here sets TeX, about half the rest, so it is off.
  Kaleido reloads its page after each image, most of what remains (0.1 s of 0.13 s for a
  small figure); without the reload an image comes out in other bytes as the images drawn
  before it differ (a legend's attributes in another order), so it stays.
- An image already drawn from the same figure, by the same plotly, kaleido and browser, is
  copied from the user's cache (:func:`evsynth.paths.cache`) rather than drawn again, so a
  run redraws only the figures that changed.
- The same input gives the same bytes: the div id and every trace ``uid`` are fixed.
- Alt text reaches the HTML ``aria-label`` and a JSON sidecar that the chapters read for
  Quarto's ``fig-alt``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from evsynth import paths
from evsynth.book.messages import text
from evsynth.catalogue import STATIC_FIGURE_FILES
from evsynth.escape import html
from evsynth.results import write_json

PLOTLY_JS = "plotly.min.js"
PNG_SCALE = 2  # twice the layout pixels: sharp in PDF and DOCX
_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}}


@dataclass
class FigureSpec:
    """A figure in one language, with its title and the text alternative for readers who
    cannot see it. Its caption is the chapter's own."""

    name: str  # e.g. "prisma"; files are <name>-<lang>.*
    lang: str
    figure: go.Figure
    title: str
    alt: str

    @property
    def stem(self) -> str:
        return f"{self.name}-{self.lang}"


def export_figures(specs: list[FigureSpec], folder: Path, static: bool = True,
                   cache: Path | None | bool = True) -> list[Path]:
    """Write every format of every figure into ``folder``; return the files written.

    ``cache``: the folder of static images drawn before, True for the user's
    (:func:`evsynth.paths.cache`), None to draw every image.
    """
    folder.mkdir(parents=True, exist_ok=True)
    plotly_js = folder / PLOTLY_JS
    if not plotly_js.exists():  # whole or not at all: two notebooks running at once may both copy it
        partial = folder / f".{PLOTLY_JS}.{os.getpid()}"
        shutil.copyfile(_plotly_js_source(), partial)
        os.replace(partial, plotly_js)
    written = [plotly_js]
    for spec in specs:
        _fix_ids(spec)
        fragment = _fragment(spec)
        written += [
            _write(folder / f"{spec.stem}.html", fragment),
            _write(folder / f"{spec.stem}.standalone.html", _page(spec, fragment)),
            write_json({"name": spec.name, "lang": spec.lang, "title": spec.title, "alt": spec.alt}, folder / f"{spec.stem}.json"),
        ]
    if static:
        written += _static(specs, folder, cache)
    return written


def export_static(specs: list[FigureSpec], folder: Path, cache: Path | None | bool = True) -> list[Path]:
    """Write the static images of every figure into ``folder`` (drawn as :func:`export_figures`
    draws them); return the files written. ``cache`` as there."""
    for spec in specs:
        _fix_ids(spec)
    return _static(specs, folder, cache)


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def _fix_ids(spec: FigureSpec) -> None:
    for i, trace in enumerate(spec.figure.data):
        trace.uid = f"{spec.stem}-{i}"


#: The smallest text a figure may show on a page, in CSS pixels: below it, a diagram stops
#: shrinking and scrolls in its box instead (a phone 390 px wide must not show 5 px text).
MIN_TEXT_PX = 11


def _fragment(spec: FigureSpec) -> str:
    """The figure for a page: as wide as its container, never narrower than ``min_width``."""
    if (spec.figure.layout.meta or {}).get("scale_to_fit"):
        return _scaled_fragment(spec)
    fluid = go.Figure(spec.figure).update_layout(width=None, autosize=True)  # the static exports keep the width
    plot = fluid.to_html(full_html=False, include_plotlyjs=False, div_id=f"{spec.stem}-plot", config=_CONFIG,
                         default_width="100%")
    min_width = (spec.figure.layout.meta or {}).get("min_width") or spec.figure.layout.width
    return (f'{_opening(spec, "overflow-x: auto; max-width: 100%;")}\n'
            f'<div style="min-width: {min_width}px;">\n{plot}\n</div>\n</div>\n{_scroll_hint(spec)}')


def _scaled_fragment(spec: FigureSpec) -> str:
    """A diagram at its own width, scaled down (never up) to fit its container, but never so far
    that its smallest text falls below :data:`MIN_TEXT_PX`: a plotly.js figure laid out in pixels
    cannot shrink its text, so the whole drawing shrinks instead, and scrolls in its box below
    that scale. plotly.js keeps hover working under a CSS transform."""
    width, height = int(spec.figure.layout.width), int(spec.figure.layout.height)
    least = MIN_TEXT_PX / smallest_text(spec.figure)
    plot = spec.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"{spec.stem}-plot", config=_CONFIG,
                               default_width=f"{width}px", default_height=f"{height}px")
    fit = (f"(function () {{ var box = document.getElementById('{spec.stem}'), drawing = box.firstElementChild;"
           f" function fit() {{ var k = Math.max({least:.4f}, Math.min(1, box.clientWidth / {width}));"
           f" drawing.style.transform = 'scale(' + k + ')'; drawing.style.marginRight = ({width} * (k - 1)) + 'px';"
           f" drawing.style.marginBottom = ({height} * (k - 1)) + 'px'; }}"
           f" fit(); if (window.ResizeObserver) new ResizeObserver(fit).observe(box); }})();")
    return (f'{_opening(spec, "overflow-x: auto; overflow-y: hidden; max-width: 100%;")}\n'
            f'<div style="width: {width}px; height: {height}px; transform-origin: 0 0;">\n{plot}\n</div>\n'
            f'<script>{fit}</script>\n</div>\n{_scroll_hint(spec)}')


def _opening(spec: FigureSpec, style: str) -> str:
    """The figure's box: a ``figure`` role (an ``img`` may not hold plotly's buttons) named by the alt text."""
    return (f'<div class="evsynth-figure" id="{spec.stem}" role="figure" lang="{spec.lang}" '
            f'aria-label="{html(spec.alt)}" style="{style}">')


def _scroll_hint(spec: FigureSpec) -> str:
    """A line under the figure that the book's script shows while the figure is wider than its box."""
    hint = html(text("figure.scroll_hint", spec.lang))
    return f'<p class="evsynth-scroll-hint" data-for="{spec.stem}" hidden>{hint}</p>\n'


def smallest_text(figure: go.Figure) -> float:
    """The smallest font size, in pixels, of the figure's text: its layout's font and every
    annotation's, axis title's and trace text's that sets its own.

    >>> smallest_text(go.Figure(layout={"font": {"size": 13}, "annotations": [{"text": "x", "font": {"size": 12}}]}))
    12
    """
    found = [figure.layout.font.size or 12]  # plotly's default
    found += [a.font.size for a in figure.layout.annotations if a.font and a.font.size]
    found += [t.textfont.size for t in figure.data if getattr(t, "textfont", None) and t.textfont.size]
    return min(found)


def _page(spec: FigureSpec, fragment: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{spec.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html(spec.title)}</title>\n"
            f'<script src="{PLOTLY_JS}"></script>\n</head>\n<body>\n{fragment}</body>\n</html>\n')


def _write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def _static(specs: list[FigureSpec], folder: Path, cache: Path | None | bool) -> list[Path]:
    """The static images of every figure (their ids fixed): copied from ``cache`` where drawn
    before, the rest drawn in one browser (and kept in ``cache``)."""
    cache = paths.cache() if cache is True else cache
    images = [(spec.figure, suffix[1:], folder / f"{spec.stem}{suffix}")
              for spec in specs for suffix in STATIC_FIGURE_FILES]
    keys = {path: _image_key(figure, form) for figure, form, path in images} if cache else {}
    to_draw = [(figure, form, path) for figure, form, path in images
               if not (cache and _copy_if_kept(cache / keys[path], path))]
    if to_draw:
        _draw(to_draw)
        if cache:
            for _, _, path in to_draw:
                _keep(path, cache / keys[path])
    return [path for _, _, path in images]


def _draw(images: list[tuple[go.Figure, str, Path]]) -> None:
    """Draw each ``(figure, format, path)`` in one browser, a PNG at :data:`PNG_SCALE`."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import kaleido

    async def draw_all():
        async with kaleido.Kaleido(mathjax=False) as browser:
            await browser.write_fig_from_object(
                [{"fig": figure.to_dict(), "path": path, "opts": {
                    "format": form, "width": figure.layout.width, "height": figure.layout.height,
                    "scale": PNG_SCALE if form == "png" else 1}} for figure, form, path in images],
                cancel_on_error=True)

    try:  # in a thread of its own: a notebook's kernel already runs an event loop
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, draw_all()).result()
    except Exception as err:  # kaleido reports a missing browser in several ways
        raise RuntimeError(
            f"Static export failed ({type(err).__name__}: {err}). Kaleido needs Chromium: install Debian's "
            "'chromium' (make test does so as root) or set BROWSER_PATH.") from None


def _image_key(figure: go.Figure, form: str) -> str:
    """What a static image is drawn from: the figure, its format and the tools' versions (the
    browser's by its program file, which an update replaces)."""
    from importlib.metadata import version

    from choreographer.browsers.chromium import Chromium

    browser = Chromium.find_browser(skip_local=True)
    found = os.stat(browser) if browser else None
    tools = [*(version(tool) for tool in ("plotly", "kaleido", "choreographer")), browser,
             found and (found.st_size, found.st_mtime_ns)]
    scale = PNG_SCALE if form == "png" else 1
    return hashlib.sha256(f"{form} {scale} {tools}\n{figure.to_json()}".encode()).hexdigest() + f".{form}"


def _copy_if_kept(kept: Path, path: Path) -> bool:
    """Copy an image drawn before to ``path``; False where the cache holds none."""
    try:
        shutil.copyfile(kept, path)
    except FileNotFoundError:
        return False
    return True


def _keep(path: Path, kept: Path) -> None:
    """Put a drawn image in the cache, whole or not at all (another run may read it meanwhile);
    a cache that cannot be written only means drawing again next time."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        shutil.copyfile(path, partial)
        os.replace(partial, kept)
    except OSError:
        pass
