"""One export for every figure: HTML fragment, standalone page, SVG and PNG, reproducibly.

- The HTML loads plotly.js from one shared local file, written once beside the figures
  (never embedded per figure, never a CDN). In the HTML the figure takes its container's
  width (plotly's ``responsive``) down to the ``min_width`` its layout declares (see
  :func:`evsynth.figures.style.base_layout`); below that, it scrolls inside its own box,
  never the page. A diagram whose layout sets ``meta.scale_to_fit`` (the PRISMA flow) is
  drawn at its own width and shrinks whole, text with its boxes, to a narrower container.
- SVG and PNG come from kaleido, which drives a Chromium found on PATH (Debian's
  ``chromium``) or through ``BROWSER_PATH``; all static images of a run are written in
  one ``plotly.io.write_images`` call, because each call starts a browser.
- The same input gives the same bytes: the div id and every trace ``uid`` are fixed, and
  the random id plotly.js gives each SVG's ``defs`` and clip paths is replaced.
- Alt text reaches the HTML ``aria-label``, the SVG ``<title>``/``<desc>`` and a JSON
  sidecar that the chapters read for Quarto's ``fig-alt``.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

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


def export_figures(specs: list[FigureSpec], folder: Path, static: bool = True) -> list[Path]:
    """Write every format of every figure into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    plotly_js = folder / PLOTLY_JS
    if not plotly_js.exists():
        shutil.copyfile(_plotly_js_source(), plotly_js)
    written = [plotly_js]
    for spec in specs:
        _fix_ids(spec)
        fragment = _fragment(spec)
        written += [
            _write(folder / f"{spec.stem}.html", fragment),
            _write(folder / f"{spec.stem}.standalone.html", _page(spec, fragment)),
            write_json({"name": spec.name, "lang": spec.lang, "title": spec.title, "alt": spec.alt}, folder / f"{spec.stem}.json"),
        ]
    if static and specs:
        written += _static(specs, folder)
    return written


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def _fix_ids(spec: FigureSpec) -> None:
    for i, trace in enumerate(spec.figure.data):
        trace.uid = f"{spec.stem}-{i}"


def _fragment(spec: FigureSpec) -> str:
    """The figure for a page: as wide as its container, never narrower than ``min_width``."""
    if (spec.figure.layout.meta or {}).get("scale_to_fit"):
        return _scaled_fragment(spec)
    fluid = go.Figure(spec.figure).update_layout(width=None, autosize=True)  # the static exports keep the width
    plot = fluid.to_html(full_html=False, include_plotlyjs=False, div_id=f"{spec.stem}-plot", config=_CONFIG,
                         default_width="100%")
    min_width = (spec.figure.layout.meta or {}).get("min_width") or spec.figure.layout.width
    return (f'<div class="evsynth-figure" id="{spec.stem}" role="img" lang="{spec.lang}" '
            f'aria-label="{html(spec.alt)}" style="overflow-x: auto; max-width: 100%;">\n'
            f'<div style="min-width: {min_width}px;">\n{plot}\n</div>\n</div>\n')


def _scaled_fragment(spec: FigureSpec) -> str:
    """A diagram at its own width, scaled down (never up) to fit its container: a plotly.js
    figure laid out in pixels cannot shrink its text, so the whole drawing shrinks instead.
    plotly.js keeps hover working under a CSS transform."""
    width, height = int(spec.figure.layout.width), int(spec.figure.layout.height)
    plot = spec.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"{spec.stem}-plot", config=_CONFIG,
                               default_width=f"{width}px", default_height=f"{height}px")
    fit = (f"(function () {{ var box = document.getElementById('{spec.stem}'), drawing = box.firstElementChild;"
           f" function fit() {{ var k = Math.min(1, box.clientWidth / {width});"
           f" drawing.style.transform = 'scale(' + k + ')'; box.style.height = Math.ceil({height} * k) + 'px'; }}"
           f" fit(); if (window.ResizeObserver) new ResizeObserver(fit).observe(box); }})();")
    return (f'<div class="evsynth-figure" id="{spec.stem}" role="img" lang="{spec.lang}" '
            f'aria-label="{html(spec.alt)}" style="overflow: hidden; max-width: 100%; height: {height}px;">\n'
            f'<div style="width: {width}px; transform-origin: 0 0;">\n{plot}\n</div>\n'
            f'<script>{fit}</script>\n</div>\n')


def _page(spec: FigureSpec, fragment: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{spec.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html(spec.title)}</title>\n"
            f'<script src="{PLOTLY_JS}"></script>\n</head>\n<body>\n{fragment}</body>\n</html>\n')


def _write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def _static(specs: list[FigureSpec], folder: Path) -> list[Path]:
    import plotly.io as pio

    formats = ("svg", "png")
    figures = [s.figure for s in specs for _ in formats]
    files = [folder / f"{s.stem}.{fmt}" for s in specs for fmt in formats]
    try:
        pio.write_images(figures, files, width=[f.layout.width for f in figures],
                         height=[f.layout.height for f in figures],
                         scale=[PNG_SCALE if fmt == "png" else 1 for _ in specs for fmt in formats])
    except Exception as err:  # kaleido reports a missing browser in several ways
        raise RuntimeError(
            f"Static export failed ({type(err).__name__}: {err}). Kaleido needs Chromium: install Debian's "
            "'chromium' (make test does so as root) or set BROWSER_PATH.") from None
    for spec in specs:
        svg = folder / f"{spec.stem}.svg"
        svg.write_text(normalise_svg(svg.read_text(encoding="utf-8"), spec), encoding="utf-8")
    return files


def normalise_svg(svg: str, spec: FigureSpec) -> str:
    """Replace plotly.js's random figure id and add the figure's title and description."""
    found = re.search(r'id="defs-([0-9a-f]+)"', svg)
    if found:
        # the id follows a letter or hyphen wherever it is used ("clip1a2b3cxyplot", "defs-1a2b3c")
        svg = re.sub(rf"(?<=[A-Za-z-]){found.group(1)}", spec.stem, svg)
    accessible = f"<title>{html(spec.title)}</title><desc>{html(spec.alt)}</desc>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + accessible, svg, count=1)
