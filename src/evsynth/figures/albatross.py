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
from scipy import stats

from evsynth.book.messages import LANGUAGES, number, p_statement, p_value, text
from evsynth.figures.labels import outcome_label, study_label
from evsynth.figures.style import INK, OKABE_ITO, base_layout, safe
from evsynth.inputs.printed_p import censored, parse_p
from evsynth.vocabulary import UNCONTROLLED

CONTOURS = (0.25, 0.5, 1.0)
_LIMIT = 8.0  # -log10 p shown at most: p = 1e-8


def albatross_rows(studies: pd.DataFrame, consistency: pd.DataFrame, effects: pd.DataFrame,
                   references: dict | None) -> pd.DataFrame:
    """One point per study x outcome: the recomputed p where there is one, else the
    printed p (a bound when it is censored), else the z-test of its effect estimate;
    with its direction and its n."""
    printed = parse_p(studies["p_reported"]).reset_index(drop=True)
    bounded = censored(printed)
    recomputed = consistency.set_index(["study_id", "outcome_id"])["p_recomputed"]
    first = effects.drop_duplicates(["study_id", "outcome_id"]).set_index(["study_id", "outcome_id"])
    direction = first["direction"]
    estimated = effects.dropna(subset=["yi", "vi"]).drop_duplicates(["study_id", "outcome_id"])
    from_effect = pd.Series(2 * stats.norm.sf(np.abs(estimated["yi"].to_numpy()) / np.sqrt(estimated["vi"].to_numpy())),
                            index=pd.MultiIndex.from_frame(estimated[["study_id", "outcome_id"]]))
    rows = []
    for position, row in enumerate(studies.itertuples()):
        key = (row.study_id, row.outcome_id)
        p, bound = recomputed.get(key, np.nan), False
        if np.isnan(p) and printed.loc[position, "parsed"]:
            p, bound = ((printed.loc[position, "high"], True) if bounded[position]
                        else (printed.loc[position, "value"], False))
        if np.isnan(p):
            p = from_effect.get(key, np.nan)
        if np.isnan(p) or pd.isna(row.n_total):
            continue
        sign = {"favours_intervention": 1, "favours_control": -1}.get(direction.get(key), 0)
        rows.append({"study_id": row.study_id, "outcome_id": row.outcome_id, "p": p, "bound": bound,
                     "x": sign * min(-np.log10(max(p, 10 ** -_LIMIT)), _LIMIT), "n": float(row.n_total),
                     "paired": row.design == UNCONTROLLED,
                     "label": safe(study_label(row.study_id, references)),
                     # the outcome's words in each language, as the other figures name it
                     **{f"outcome_{lang}": safe(outcome_label(row, lang))
                        for lang in LANGUAGES}})
    return pd.DataFrame(rows)


def albatross_figure(points: pd.DataFrame, lang: str) -> go.Figure:
    n_max = max(points["n"].max() * 3, 100) if len(points) else 100
    n = np.geomspace(5, n_max, 120)
    traces = []
    for paired, dash, symbol in ((False, "dash", "d"), (True, "dot", "d_z")):
        for size in CONTOURS:
            z = size * (np.sqrt(n) if paired else np.sqrt(n) / 2)
            x = -(np.log(2) + stats.norm.logsf(z)) / np.log(10)  # -log10 p, without underflow
            x = np.where(x <= _LIMIT, x, np.nan)  # stop at the edge instead of running along it
            for side in (1, -1):
                traces.append(go.Scatter(x=side * x, y=n, mode="lines", showlegend=side == 1 and size == CONTOURS[0],
                                         legendgroup=symbol, name=text(f"albatross.contour_{symbol}", lang),
                                         line=dict(color="#9A9A9A", width=1, dash=dash), hoverinfo="skip"))
            last = np.flatnonzero(~np.isnan(x))[-1]
            # paired labels on the left, two-group labels on the right, so they never collide
            traces.append(go.Scatter(x=[-x[last] if paired else x[last]], y=[n[last]], mode="text",
                                     text=[f"{symbol} = {contour_size(size, lang)}"], textposition="top center", showlegend=False,
                                     hoverinfo="skip", textfont=dict(size=10, color="#6A6A6A"),
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


def albatross_alt(points: pd.DataFrame, lang: str) -> str:
    return text("albatross.alt", lang, points=len(points), bounds=int(points["bound"].sum()) if len(points) else 0,
                paired=int(points["paired"].sum()) if len(points) else 0)
