"""Albatross plot: two-sided p-values by direction of effect against sample size.

After Harrison et al. (2017). The x axis runs from p = 1 in the middle to ever smaller p
on both sides (left: favours control, right: favours intervention); the y axis is the
sample size. Contours show where a standardised effect of a given size would lie: for
two-group designs d (z = d sqrt(n) / 2, groups of equal size) and, drawn differently, for
paired designs d_z (z = d_z sqrt(n)). A p known only as a bound (printed "0.000") sits
at its bound with an arrow pointing to smaller p.

References
----------
.. [1] Harrison, S., Jones, H. E., Martin, R. M., Lewis, S. J., & Higgins, J. P. T. (2017).
   The albatross plot: A novel graphical tool for presenting results of diversely
   reported studies in a systematic review. Research Synthesis Methods, 8(3), 281-289.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from evsynth.book.formats import number, p_statement, p_value
from evsynth.book import messages
from evsynth.book.messages import LANGUAGES, text
from evsynth.book.labels import outcome_label, study_label
from evsynth.figures.style import INK, OKABE_ITO, base_layout, safe
from evsynth.synthesis.p_values import contour_log_p
from evsynth.vocabulary import FAVOURS_CONTROL, FAVOURS_INTERVENTION

CONTOURS = (0.25, 0.5, 1.0)
_LIMIT = 8.0  # -log10 p shown at most: p = 1e-8


def albatross_rows(p_values: pd.DataFrame, studies: pd.DataFrame, references: dict | None) -> pd.DataFrame:
    """Each p of the synthesis (:func:`evsynth.synthesis.p_values.study_p_values`) placed on the
    plot: to the right where the row favours the intervention, to the left where it favours the
    control, on the middle line where it has no direction; with its labels in both languages."""
    outcomes = {(r.study_id, r.outcome_id): r for r in studies.itertuples()}
    rows = [{"study_id": r.study_id, "outcome_id": r.outcome_id, "p": r.p, "bound": r.bound, "n": r.n_total,
             "paired": r.paired,
             "x": {FAVOURS_INTERVENTION: 1, FAVOURS_CONTROL: -1}.get(r.direction, 0)
             * min(-np.log10(max(r.p, 10 ** -_LIMIT)), _LIMIT),
             "label": safe(study_label(r.study_id, references)),
             # the outcome's words in each language, as the other figures name it
             **{f"outcome_{lang}": safe(outcome_label(outcomes[(r.study_id, r.outcome_id)], lang))
                for lang in LANGUAGES}}
            for r in p_values.itertuples()]
    return pd.DataFrame(rows, columns=["study_id", "outcome_id", "p", "bound", "n", "paired", "x", "label",
                                       *(f"outcome_{lang}" for lang in LANGUAGES)])


def albatross_figure(points: pd.DataFrame, lang: str) -> go.Figure:
    n_max = max(points["n"].max() * 3, 100) if len(points) else 100
    n = np.geomspace(5, n_max, 120)
    traces = []
    for paired, dash, symbol in ((False, "dash", "d"), (True, "dot", "d_z")):
        for size in CONTOURS:
            x = contour_log_p(size, n, paired)
            x = np.where(x <= _LIMIT, x, np.nan)  # stop at the edge instead of running along it
            for side in (1, -1):
                traces.append(go.Scatter(x=side * x, y=n, mode="lines", showlegend=side == 1 and size == CONTOURS[0],
                                         legendgroup=symbol, name=text(f"albatross.contour_{symbol}", lang),
                                         line=dict(color="#9A9A9A", width=1, dash=dash), hoverinfo="skip"))
            last = np.flatnonzero(~np.isnan(x))[-1]
            # paired labels on the left, two-group labels on the right, so they never collide
            traces.append(go.Scatter(x=[-x[last] if paired else x[last]], y=[n[last]], mode="text",
                                     text=[f"{symbol} = {contour_size(size, lang)}"], textposition="top center", showlegend=False,
                                     hoverinfo="skip", textfont=dict(size=11, color="#6A6A6A"),
                                     cliponaxis=False))  # a label at the plot's edge stays whole
    traces += _bound_arrows(points[points["bound"]] if len(points) else points)
    for paired, symbol, colour in ((False, "circle", OKABE_ITO["blue"]), (True, "diamond", OKABE_ITO["orange"])):
        chosen = points[points["paired"] == paired] if len(points) else points
        if chosen.empty:
            continue
        traces.append(go.Scatter(
            x=chosen["x"], y=chosen["n"], mode="markers", name=text(f"albatross.{'paired' if paired else 'groups'}",
                                                                    lang),
            marker=dict(symbol=symbol, size=12, color=colour, line=dict(color=INK, width=1)),
            hovertext=[_hover(point, lang) for point in chosen.itertuples()], hoverinfo="text"))
    figure = go.Figure(traces)
    ticks = [-8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8]
    figure.update_xaxes(range=[-_LIMIT - 0.3, _LIMIT + 0.3], tickvals=ticks,
                        ticktext=[("1" if t == 0 else f"10<sup>-{abs(t)}</sup>") for t in ticks],
                        title=text("albatross.x_axis", lang), zeroline=True, zerolinecolor=INK, showgrid=False)
    figure.update_yaxes(type="log", title=text("albatross.y_axis", lang), showgrid=True, gridcolor="#EEEEEE",
                        tickvals=[v for v in (5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6) if v <= n_max])
    for side, key in ((0.02, "albatross.left"), (0.98, "albatross.right")):
        figure.add_annotation(x=side, y=1.0, xref="paper", yref="paper", yanchor="bottom", showarrow=False,
                              xanchor="left" if side < 0.5 else "right", font=dict(size=12, color="#555555"),
                              text=text(key, lang))
    figure.update_layout(**base_layout(900, 600, lang, min_width=560, margin=dict(l=70, r=30, t=50, b=110)),
                         legend=dict(orientation="h", y=-0.2, x=0.5, xanchor="center"))
    return figure


def contour_size(size: float, lang: str) -> str:
    """A contour's effect size with as few decimals as it needs, in the language's number format.

    >>> contour_size(0.25, "id"), contour_size(0.5, "en"), contour_size(1.0, "id")
    ('0,25', '0.5', '1')
    """
    return number(size, lang, len(f"{size:g}".partition(".")[2]))


def _hover(point, lang: str) -> str:
    """A point's study and outcome, and its p in the book's number format for ``lang``
    (a censored p as the bound it is known by)."""
    p = f"p {text('albatross.bound', lang)}{p_value(point.p, lang)}" if point.bound else p_statement(point.p, lang)
    return f"{point.label}<br>{getattr(point, f'outcome_{lang}')}<br>{p}"


def _bound_arrows(bounded: pd.DataFrame) -> list[go.Scatter]:
    """An arrow pointing outwards from each censored p (its true p is further out): one
    trace for all shafts and one for all heads, so a large table costs two traces, not one
    annotation per row."""
    if bounded.empty:
        return []
    outward = np.where(bounded["x"] >= 0, 1.0, -1.0)
    tips = bounded["x"].to_numpy() + 0.9 * outward
    gaps = np.full(len(bounded), np.nan)  # a gap between two shafts
    shafts = go.Scatter(x=np.column_stack([bounded["x"], tips, gaps]).ravel(),
                        y=np.column_stack([bounded["n"], bounded["n"], gaps]).ravel(), mode="lines",
                        line=dict(color=OKABE_ITO["vermillion"], width=1.5), hoverinfo="skip", showlegend=False,
                        name="bound-shafts")
    heads = go.Scatter(x=tips, y=bounded["n"], mode="markers", hoverinfo="skip", showlegend=False,
                       marker=dict(symbol=np.where(outward > 0, "triangle-right", "triangle-left"), size=9,
                                   color=OKABE_ITO["vermillion"]), name="bound-heads")
    return [shafts, heads]


def albatross_alt(counted: dict, lang: str) -> str:
    """The plot in words, from the synthesis' counts of its p-values: how many, and of those
    (where any) how many from one-group designs, known only as bounds, or computed from an
    estimate because the study prints no p."""
    sentences = [text("albatross.alt", lang, points=messages.counted("result", counted["points"], lang,
                                                                      digits=True))]
    if counted["paired"]:
        sentences.append(text("albatross.alt_paired", lang, n=counted["paired"]))
    for noun, n in (("bound_p", counted["bounds"]), ("wald_p", counted["sources"]["wald"])):
        if n:
            sentences.append(messages.counted(noun, n, lang, digits=True) + ".")
    return " ".join(sentences)
