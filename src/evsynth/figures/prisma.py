"""The PRISMA 2020 flow diagram, from a validated flow (``data/prisma.yml``) or from the
PRISMA2020 R package's CSV template, in Indonesian and English.

Unknown counts are drawn as "n = ?" with a legend saying so; the arithmetic between
boxes is validated before anything is drawn.

References
----------
.. [1] Page, M. J., et al. (2021). The PRISMA 2020 statement. BMJ, 372, n71.
.. [2] Haddaway, N. R., et al. (2022). PRISMA2020: An R package and Shiny app for producing
   PRISMA 2020-compliant flow diagrams. Campbell Systematic Reviews, 18, e1230.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go

from evsynth.book.formats import spaced_count
from evsynth.book.messages import text
from evsynth.errors import InvalidData, Problem
from evsynth.figures.style import INK, base_layout, safe
from evsynth.inputs.prisma import PrismaFlow, arithmetic_errors

# The PRISMA 2020 template's colours: yellow and grey headers, blue phase labels
HEADER_DATABASES, HEADER_OTHER, PHASE, BOX = "#F7D774", "#D9D9D9", "#A6C8E8", "#FFFFFF"
_LINE = 17  # pixels per line of box text
_COLUMNS = {"db": 70, "db_side": 450, "other": 840, "other_side": 1220}
_WIDTH = 330


@dataclass
class Box:
    key: str
    x: float
    y: float
    lines: list[str]
    tip: str

    @property
    def height(self) -> float:
        return _LINE * len(self.lines) + 18

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + _WIDTH / 2, self.y + self.height / 2


def _band(phase: str, lang: str) -> float:
    """The height a phase band needs for its label, written vertically."""
    return 8 * len(text(f"prisma.phase.{phase}", lang)) + 16


def _n(value) -> str:
    return spaced_count(value)


def flow_boxes(flow: PrismaFlow, lang: str) -> list[Box]:
    """The boxes of the diagram with their text and tooltips, top to bottom."""
    def line(key, **fields):
        return text(f"prisma.{key}", lang, **fields)

    def tip(key):
        return text(f"prisma.tip.{key}", lang)

    total = flow.total
    boxes = []
    identified = [line("identified_from")]
    databases = flow.counts.get("database_specific_results") or []
    identified.append(line("databases", n=_n(total("database_results"))))
    identified += [f"    {safe(name)} (n = {_n(n)})" for name, n in databases if name]
    if "register_results" in flow.counts or flow.counts.get("register_specific_results"):
        identified.append(line("registers", n=_n(total("register_results"))))
    removed = [line("removed_before"), line("duplicates", n=_n(total("duplicates"))),
               line("automation", n=_n(total("excluded_automatic"))),
               line("other_reasons", n=_n(total("excluded_other")))]
    y = 100
    boxes += [Box("identified", _COLUMNS["db"], y, identified, tip("identified")),
              Box("removed", _COLUMNS["db_side"], y, removed, tip("removed"))]
    y += max(max(b.height for b in boxes), _band("identification", lang)) + 40  # its label fits its band
    for key, side_key, side_text in (
            ("screened", "records_excluded", line("records_excluded", n=_n(total("records_excluded")))),
            ("sought", "not_retrieved", line("not_retrieved", n=_n(total("dbr_notretrieved_reports"))))):
        count_box = {"screened": "records_screened", "sought": "dbr_sought_reports"}[key]
        boxes += [Box(key, _COLUMNS["db"], y, [line(key, n=_n(total(count_box)))], tip(key)),
                  Box(side_key, _COLUMNS["db_side"], y, [side_text], tip(side_key))]
        y += boxes[-1].height + 40
    boxes += [Box("assessed", _COLUMNS["db"], y, [line("assessed", n=_n(total("dbr_assessed")))], tip("assessed")),
              Box("reports_excluded", _COLUMNS["db_side"], y, _exclusions(flow.counts.get("dbr_excluded"), lang),
                  tip("reports_excluded"))]
    y += max(boxes[-1].height, boxes[-2].height) + 40
    included = [line("studies_included", n=_n(flow.included("studies"))),
                line("reports_included", n=_n(flow.included("reports")))]
    boxes.append(Box("included", _COLUMNS["db"], y, included, tip("included")))
    if flow.other_methods:
        boxes += _other_boxes(flow, lang, [b for b in boxes if b.key in ("identified", "sought", "assessed")])
    return boxes


def _exclusions(value, lang: str) -> list[str]:
    if isinstance(value, list) and value and any(label for label, _ in value):
        total = None if any(n is None for _, n in value) else sum(n for _, n in value)
        return [text("prisma.reports_excluded", lang, n=_n(total))] + [
            f"    {safe(label)} (n = {_n(n)})" for label, n in value]
    total = None if not value or value[0][1] is None else value[0][1]
    return [text("prisma.reports_excluded", lang, n=_n(total))]


def _other_boxes(flow: PrismaFlow, lang: str, rows: list[Box]) -> list[Box]:
    total = flow.total

    def line(key, **fields):
        return text(f"prisma.{key}", lang, **fields)

    identified = [line("identified_from")] + [
        line(key, n=_n(total(box))) for key, box in (("websites", "website_results"),
                                                    ("organisations", "organisation_results"),
                                                    ("citations", "citations_results")) if box in flow.counts]
    top, sought, assessed = (b.y for b in rows)
    return [
        Box("other_identified", _COLUMNS["other"], top, identified, text("prisma.tip.other_identified", lang)),
        Box("other_sought", _COLUMNS["other"], sought, [line("sought", n=_n(total("other_sought_reports")))],
            text("prisma.tip.sought", lang)),
        Box("other_not_retrieved", _COLUMNS["other_side"], sought,
            [line("not_retrieved", n=_n(total("other_notretrieved_reports")))], text("prisma.tip.not_retrieved", lang)),
        Box("other_assessed", _COLUMNS["other"], assessed, [line("assessed", n=_n(total("other_assessed")))],
            text("prisma.tip.assessed", lang)),
        Box("other_excluded", _COLUMNS["other_side"], assessed, _exclusions(flow.counts.get("other_excluded"), lang),
            text("prisma.tip.reports_excluded", lang)),
    ]


_ARROWS = [("identified", "screened", "down"), ("identified", "removed", "side"), ("screened", "sought", "down"),
           ("screened", "records_excluded", "side"), ("sought", "assessed", "down"),
           ("sought", "not_retrieved", "side"), ("assessed", "included", "down"),
           ("assessed", "reports_excluded", "side"), ("other_identified", "other_sought", "down"),
           ("other_sought", "other_assessed", "down"), ("other_sought", "other_not_retrieved", "side"),
           ("other_assessed", "other_excluded", "side"), ("other_assessed", "included", "corner")]


def prisma_figure(flow: PrismaFlow, lang: str) -> go.Figure:
    """The PRISMA 2020 flow diagram of ``flow`` in ``lang`` ("id" or "en")."""
    problems = arithmetic_errors(flow)
    if problems:
        raise InvalidData([Problem("PRISMA flow", expected, column=box) for box, expected in problems])
    boxes = {b.key: b for b in flow_boxes(flow, lang)}
    width = (_COLUMNS["other_side"] if flow.other_methods else _COLUMNS["db_side"]) + _WIDTH + 20
    included = boxes["included"]
    # phase labels are written vertically: a band is at least as tall as its label
    included_band = max(included.height, _band("included", lang))
    identified = boxes["identified"]
    height = max(max(b.y + b.height for b in boxes.values()), included.y + included_band) + 70
    shapes, annotations = [], []

    def rectangle(x0, y0, x1, y1, fill):
        shapes.append(dict(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color=INK, width=1),
                           fillcolor=fill, layer="below"))

    def label(x, y, words, **style):
        annotations.append(dict(x=x, y=y, text=words, showarrow=False, xanchor="center", yanchor="middle",
                                **style))

    rectangle(_COLUMNS["db"], 20, _COLUMNS["db_side"] + _WIDTH, 70, HEADER_DATABASES)
    label((_COLUMNS["db"] + _COLUMNS["db_side"] + _WIDTH) / 2, 45, f"<b>{text('prisma.header_databases', lang)}</b>")
    if flow.other_methods:
        rectangle(_COLUMNS["other"], 20, _COLUMNS["other_side"] + _WIDTH, 70, HEADER_OTHER)
        label((_COLUMNS["other"] + _COLUMNS["other_side"] + _WIDTH) / 2, 45,
              f"<b>{text('prisma.header_other', lang)}</b>")
    phases = [("identification", identified.y, identified.y + max(identified.height, _band("identification", lang))),
              ("screening", boxes["screened"].y, boxes["assessed"].y + boxes["assessed"].height),
              ("included", included.y, included.y + included_band)]
    for phase, top, bottom in phases:
        rectangle(10, top, 50, bottom, PHASE)
        label(30, (top + bottom) / 2, f"<b>{text(f'prisma.phase.{phase}', lang)}</b>", textangle=-90)
    for box in boxes.values():
        rectangle(box.x, box.y, box.x + _WIDTH, box.y + box.height, BOX)
        annotations.append(dict(x=box.x + 10, y=box.centre[1], text="<br>".join(box.lines), showarrow=False,
                                xanchor="left", yanchor="middle", align="left"))
    for start, end, kind in _ARROWS:
        if start in boxes and end in boxes:
            annotations.append(_arrow(boxes[start], boxes[end], kind))
    if any(" = ?" in line for box in boxes.values() for line in box.lines):
        label(width / 2, height - 25, text("prisma.legend_unknown", lang), font=dict(size=12, color="#555555"))

    hover = go.Scatter(
        x=[b.centre[0] for b in boxes.values()], y=[b.centre[1] for b in boxes.values()], mode="markers",
        marker=dict(size=40, opacity=0), hovertext=[b.tip for b in boxes.values()],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False, name="boxes")
    figure = go.Figure(hover)
    # a diagram, not a chart: on a page narrower than ``width`` it shrinks whole, text and boxes
    # together, so no text leaves its box and nothing is cut off (see evsynth.figures.export)
    figure.update_layout(**base_layout(width, height, lang), shapes=shapes, annotations=annotations,
                         title=None, hovermode="closest")
    figure.layout.meta = {**figure.layout.meta, "scale_to_fit": True}
    figure.update_xaxes(visible=False, range=[0, width], fixedrange=True)
    figure.update_yaxes(visible=False, range=[height, 0], fixedrange=True)
    return figure


def _arrow(start: Box, end: Box, kind: str) -> dict:
    if kind == "down":
        tail, head = (start.centre[0], start.y + start.height), (end.centre[0], end.y)
    elif kind == "side":  # side boxes share their top with the main box: keep the arrow level
        level = start.y + min(start.height, end.height) / 2
        tail, head = (start.x + _WIDTH, level), (end.x, level)
    else:  # from the other arm into the included box
        tail, head = (start.centre[0], start.y + start.height), (end.x + _WIDTH, end.centre[1])
    return dict(x=head[0], y=head[1], ax=tail[0], ay=tail[1], xref="x", yref="y", axref="x", ayref="y",
                showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=1.2, arrowcolor=INK, text="")


_DRAWN = re.compile(r"\(n = ([^)]*)\)")


def drawn_counts(flow: PrismaFlow, lang: str) -> list[str]:
    """Every count the diagram draws, as drawn ("?" where unknown): what a reader sees, so a
    count kept in two boxes of the file but drawn once is counted once."""
    return [n for box in flow_boxes(flow, lang) for line in box.lines for n in _DRAWN.findall(line)]


def prisma_alt(flow: PrismaFlow, lang: str) -> str:
    """The diagram in one sentence, for readers who cannot see it."""
    known, shown = flow.known_counts()  # the same count notebook 01 prints
    databases = ", ".join(name for name, _ in flow.counts.get("database_specific_results") or []) or "?"
    sentence = text("prisma.alt", lang, databases=databases, included=_n(flow.total("new_studies")))
    if known < shown:
        sentence += " " + text("prisma.alt_unknown", lang, known=known, boxes=shown)
    return sentence
