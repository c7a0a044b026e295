"""Forest-style summary: every study x outcome on its own metric, bounds and directions
visibly different from estimates.

One panel per measure (a log axis for ratios); within a panel, rows are grouped by
outcome domain, then ordered by basis (estimates, then reconstructed counts, then bounds)
and by year. An estimate is a square with its 95% CI, its area proportional to n (or to
the random-effects weight where its domain is pooled); a ``bound_from_p`` row is an open
arrow from the bound; a ``direction_only`` row is a triangle in its own lane, pointing to
the side it favours; a row with neither (no events in either group, nothing reported) is
listed with the reason and no mark. A pooled diamond and its prediction interval close each
pooled domain of a panel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from evsynth.book.formats import effect_bound, i2_value, statement, whole_number
from evsynth.book.messages import counted, estimate_with_interval, interval_notes, joined, text, with_conditions
from evsynth.figures.direction import direction_key
from evsynth.book.labels import study_label
from evsynth.figures.style import INK, OKABE_ITO, base_layout, safe
from evsynth.parameters import DEFAULTS
from evsynth.synthesis.effects import shown_effects
from evsynth.vocabulary import (
    BASIS_RANK,
    BOUND_FROM_P,
    COUNTS,
    DIRECTION_ONLY,
    DIRECTION_ONLY_MEASURE,
    FAVOURS_CONTROL,
    FAVOURS_INTERVENTION,
    MC,
    MD,
    NO_EFFECT_MEASURE,
    NO_ESTIMATE,
    OR,
    PAIRED_RD,
    RATIO_MEASURES,
    RD,
    RECONSTRUCTED_COUNTS,
    RR,
    SMCC,
    SMD,
    SUMMARY_STATS,
)

TEXT_COLUMN = 250  # pixels right of the plot for each row's n, effect and basis (two lines)
_LOG_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]
PANEL_ORDER = [RR, OR, RD, PAIRED_RD, SMD, MD, SMCC, MC, DIRECTION_ONLY_MEASURE, NO_EFFECT_MEASURE]
_COLOUR = {COUNTS: OKABE_ITO["blue"], SUMMARY_STATS: OKABE_ITO["blue"],
           RECONSTRUCTED_COUNTS: OKABE_ITO["orange"], BOUND_FROM_P: OKABE_ITO["vermillion"],
           DIRECTION_ONLY: OKABE_ITO["grey"]}


def forest_rows(studies: pd.DataFrame, effects: pd.DataFrame, references: dict | None,
                lang: str, binary_measure: str = DEFAULTS["binary_measure"],
                continuous_measure: str = DEFAULTS["continuous_measure"]) -> pd.DataFrame:
    """One row per study x outcome: the effect shown, its panel and its words.

    The audit's verdict is not among them: it judges the printed p-value, not the effect drawn,
    and beside an effect it would read as a verdict on the effect (the audit table gives it).
    """
    rows = []
    for key, effect in shown_effects(studies, effects, binary_measure, continuous_measure).items():
        study = studies[(studies["study_id"] == key[0]) & (studies["outcome_id"] == key[1])].iloc[0]
        rows.append({**effect.to_dict(), "panel": effect["measure"],
                     # study above outcome: two short lines keep the label column narrow
                     "label": f"{safe(study_label(key[0], references))}<br>"
                              f"{safe(study[f'outcome_label_{lang}'] or key[1])}",
                     "year": (references or {}).get(key[0], {}).get("year", ""),
                     "higher_is_better": study["higher_is_better"]})
    frame = pd.DataFrame(rows)
    frame["_panel"] = frame["panel"].map({m: i for i, m in enumerate(PANEL_ORDER)})
    frame["_domain"] = frame["outcome_domain"].map({d: i for i, d in enumerate(dict.fromkeys(studies.outcome_domain))})
    frame["_basis"] = frame["basis"].map(BASIS_RANK)
    return frame.sort_values(["_panel", "_domain", "_basis", "year", "label"], kind="stable").reset_index(drop=True)


def forest_figure(rows: pd.DataFrame, pooled: pd.DataFrame, lang: str, method: str = "REML") -> go.Figure:
    """Draw :func:`forest_rows` as stacked panels, with a pooled diamond after each pooled domain.

    ``pooled`` holds the rows the run chose (one per domain and measure), and ``method`` names
    their method in a tick label.
    """
    panels = list(dict.fromkeys(rows["panel"]))
    layouts = [_panel_layout(rows[rows.panel == panel], pooled) for panel in panels]
    sizes = [len(layout) for layout in layouts]
    figure = make_subplots(rows=len(panels), cols=1, row_heights=sizes, vertical_spacing=0.5 / max(len(panels), 1),
                           subplot_titles=[text(f"measure.{p}", lang) for p in panels])
    biggest = max(float(n) for n in rows["n_total"].fillna(1)) or 1.0
    notes = []
    for index, layout in enumerate(layouts, start=1):
        notes += _draw_panel(figure, index, layout, biggest, lang, method)
    # added at once: plotly checks every annotation again at each add_annotation, a square of the rows
    figure.layout.annotations += tuple(notes)
    height = 120 + 42 * sum(sizes) + 120 * len(panels)
    figure.update_layout(**base_layout(900, height, lang, min_width=620), showlegend=False, hovermode="closest")
    figure.update_layout(margin=dict(l=20, r=TEXT_COLUMN, t=50, b=70))
    return figure


def _panel_layout(rows: pd.DataFrame, pooled: pd.DataFrame | None) -> list[pd.Series]:
    """A panel's lines from the top: each domain's rows, then its pooled row where it was pooled."""
    layout = []
    for domain, group in rows.groupby("outcome_domain", sort=False):
        layout += [row for _, row in group.iterrows()]
        if pooled is not None and len(pooled):
            found = pooled[(pooled["outcome_domain"] == domain) & (pooled["measure"] == group["panel"].iloc[0])]
            layout += [row for _, row in found.head(1).iterrows()]
    return layout


def _draw_panel(figure, index, layout, biggest, lang, method) -> list[go.layout.Annotation]:
    """Draw one panel's rows; return its annotations (each row's words, the sides' keys)."""
    rows = pd.DataFrame([line for line in layout if "panel" in line])
    pooled_rows = [line for line in layout if "panel" not in line]
    panel = rows["panel"].iloc[0]
    ratio = panel in RATIO_MEASURES
    null = 1.0 if ratio else 0.0
    y = -np.arange(len(layout), dtype=float)
    values = pd.concat([rows["ci_low"], rows["ci_high"], rows["estimate"]]).dropna()
    for found in pooled_rows:
        values = pd.concat([values, pd.Series([found.pi_low, found.pi_high, found.ci_low, found.ci_high])]).dropna()
    low, high = _axis_range(values, null, ratio)
    # marker area by random-effects weight within a pooled domain, relative to its largest
    tau2 = {found.outcome_domain: found.tau2 for found in pooled_rows}
    ticks, words = [], []
    for position, row in zip(y, layout):
        if "panel" not in row:  # a pooled row, right under the rows of its domain
            ticks.append(f"<b>{text('forest.pooled', lang, method=method, k=int(row.k))}</b>")
            _draw_pooled(figure, index, position, row, lang)
            words.append(_pooled_words(row, lang))
            continue
        ticks.append(row.label)
        words.append(_row_words(row, lang, short=True))
        if row.basis == NO_ESTIMATE:  # listed with its reason, nothing to mark
            continue
        if row.basis == DIRECTION_ONLY:
            favours = row.direction == FAVOURS_INTERVENTION
            figure.add_trace(go.Scatter(
                x=[0.5 if favours else -0.5 if row.direction == FAVOURS_CONTROL else 0], y=[position],
                mode="markers", marker=dict(symbol="triangle-right" if favours else "triangle-left"
                                            if row.direction == FAVOURS_CONTROL else "circle-open",
                                            size=14, color=_COLOUR[DIRECTION_ONLY], line=dict(color=INK, width=1)),
                hovertext=[text(f"direction.{row.direction}", lang)], hoverinfo="text"), row=index, col=1)
            continue
        if row.basis == BOUND_FROM_P:
            bound = row.ci_low if not np.isnan(row.ci_low) else row.ci_high
            inset = 0.04 * (high - low)  # keep the arrowhead inside the panel
            end = high - inset if not np.isnan(row.ci_low) else low + inset
            figure.add_trace(go.Scatter(
                x=[bound, end], y=[position, position], mode="lines+markers",
                line=dict(color=_COLOUR[BOUND_FROM_P], width=2, dash="dot"),
                marker=dict(symbol=["line-ns", "triangle-right" if end > bound else "triangle-left"], size=[14, 12],
                            color=_COLOUR[BOUND_FROM_P], line=dict(color=_COLOUR[BOUND_FROM_P], width=2)),
                hovertext=[_row_words(row, lang)] * 2, hoverinfo="text"), row=index, col=1)
            continue
        if row.outcome_domain in tau2:
            weights = 1 / (rows.loc[rows["outcome_domain"] == row.outcome_domain, "vi"] + tau2[row.outcome_domain])
            relative = float(np.nan_to_num((1 / (row.vi + tau2[row.outcome_domain])) / weights.max()))
        else:
            n = 1.0 if pd.isna(row.n_total) else max(float(row.n_total), 1.0)  # NaN is truthy: "or 1" kept it
            relative = n / biggest
        figure.add_trace(go.Scatter(
            x=[row.estimate], y=[position], mode="markers",
            error_x=dict(type="data", symmetric=False, array=[row.ci_high - row.estimate],
                         arrayminus=[row.estimate - row.ci_low], color=INK, thickness=1.5, width=0),
            marker=dict(symbol="square", size=7 + 17 * np.sqrt(relative), color=_COLOUR[row.basis],
                        line=dict(color=INK, width=1)),
            hovertext=[_row_words(row, lang)], hoverinfo="text"), row=index, col=1)
    axis = "" if index == 1 else str(index)
    notes = [go.layout.Annotation(x=1.01, y=position, xref="paper", yref=f"y{axis}", text=line, showarrow=False,
                                  xanchor="left", align="left", font=dict(size=11)) for position, line in zip(y, words)]
    figure.update_yaxes(tickvals=list(y), ticktext=ticks, range=[y.min() - 0.8, 0.8], showgrid=False,
                        zeroline=False, fixedrange=True, row=index, col=1)
    if panel == NO_EFFECT_MEASURE:  # rows listed with their reason: no axis, no sides
        figure.update_xaxes(range=[-1, 1], visible=False, fixedrange=True, row=index, col=1)
        return notes
    if panel == DIRECTION_ONLY_MEASURE:
        figure.update_xaxes(range=[-1, 1], showticklabels=False, showgrid=False, zeroline=True,
                            zerolinecolor=INK, fixedrange=True, row=index, col=1)
    else:
        ticks_at = [t for t in _LOG_TICKS if low <= t <= high] if ratio else None
        figure.update_xaxes(type="log" if ratio else "linear", range=[np.log10(low), np.log10(high)] if ratio
                            else [low, high], tickvals=ticks_at, showgrid=False, zeroline=False, fixedrange=True, row=index, col=1)
        figure.add_vline(x=null, line=dict(color=INK, width=1), row=index, col=1)
    left, right = _side_keys(rows)
    if _lower_is_better(rows):
        left, right = right, left
    for side, key in ((0.02, left), (0.98, right)):
        words = text(key, lang).replace(" ", "<br>", 1)  # two lines each: both fit a narrow plot
        notes.append(go.layout.Annotation(
            x=side, y=0, xref=f"x{axis} domain", yref=f"y{axis} domain", yshift=-22, yanchor="top",
            text=f"\u2190 {words}" if side < 0.5 else f"{words} \u2192", showarrow=False,
            xanchor="left" if side < 0.5 else "right", font=dict(size=11, color="#555555")))
    return notes


def _draw_pooled(figure, index, position, pooled_row, lang):
    """The pooled diamond on its line, and its prediction interval where there is one."""
    figure.add_trace(go.Scatter(
        x=[pooled_row.ci_low, pooled_row.estimate, pooled_row.ci_high, pooled_row.estimate, pooled_row.ci_low],
        y=[position, position + 0.3, position, position - 0.3, position], fill="toself", mode="lines",
        fillcolor=OKABE_ITO["black"], line=dict(color=INK), hoverinfo="skip"), row=index, col=1)
    if not np.isnan(pooled_row.pi_low):
        figure.add_trace(go.Scatter(x=[pooled_row.pi_low, pooled_row.pi_high], y=[position, position],
                                    mode="lines", line=dict(color=INK, width=1, dash="dash"),
                                    hovertext=[text("forest.prediction", lang)] * 2, hoverinfo="text"),
                         row=index, col=1)


def _side_keys(rows) -> tuple[str, str]:
    """The words under a panel's two sides: a comparison favours the control or the intervention,
    a one-group change is worse than or improved from baseline; only a panel holding both kinds
    (directions only) names both."""
    uncontrolled = rows["design_group"] == "uncontrolled"
    if uncontrolled.all():
        return "forest.worse_than_baseline", "forest.improved_from_baseline"
    if uncontrolled.any():
        return "forest.favours_control_or_worse", "forest.favours_intervention_or_improved"
    return "forest.favours_control", "forest.favours_intervention"


def _lower_is_better(rows) -> bool:
    flags = rows["higher_is_better"].dropna()
    return bool(len(flags)) and not bool(flags.iloc[0])


def _axis_range(values: pd.Series, null: float, ratio: bool) -> tuple[float, float]:
    if ratio:
        logs = np.log10(pd.concat([values[values > 0], pd.Series([null])]))
        spread = max(logs.max() - logs.min(), 0.5)
        return 10 ** (logs.min() - 0.1 * spread), 10 ** (logs.max() + 0.15 * spread)
    values = pd.concat([values, pd.Series([null])])
    spread = max(values.max() - values.min(), 0.1)
    return values.min() - 0.1 * spread, values.max() + 0.15 * spread


def _row_words(row, lang: str, short: bool = False) -> str:
    """A row's n, effect and basis (with the conditions the effect holds under), in two lines; ``short``:
    for the label beside the plot, where the conditions, if any, stand in for the basis in a few words
    (the marker's colour shows the basis, the hover text gives both)."""
    n = "?" if pd.isna(row.n_total) else whole_number(int(row.n_total), lang)
    if row.basis == NO_ESTIMATE:
        return f"n = {n} · {text(f'direction.{row.direction}', lang)}"
    if row.basis == DIRECTION_ONLY:
        effect = text(direction_key(row.direction, row.design_group), lang)
    elif row.basis == BOUND_FROM_P:
        effect = effect_bound(row.ci_low, row.ci_high, lang)
    else:
        effect = estimate_with_interval(row.estimate, row.ci_low, row.ci_high, lang, measure=row.panel)
    # two short lines rather than one long one: the column stays narrow enough for a phone
    basis = text(f"basis.{row.basis}", lang)
    assumed = interval_notes(row.assumption)  # what the interval shown rests on, not the p's assumption
    if short:
        return f"n = {n} · {effect}<br>" + (with_conditions("", assumed, lang, short=True)[2:] or basis)
    return f"n = {n} · {effect}<br>" + with_conditions(basis, assumed, lang)


def _pooled_words(row, lang: str) -> str:
    effect = estimate_with_interval(row.estimate, row.ci_low, row.ci_high, lang, measure=row.measure)
    return f"<b>{effect}</b> · {statement('I²', i2_value(row.i2, lang))}"


def forest_alt(shown: dict, lang: str) -> str:
    """The chart in words, from the synthesis' counts of the effects it shows (``shown``:
    :func:`evsynth.synthesis.counts.shown_counts`): each kind of row counted as results *and*
    studies ("4 results from 3 studies"), since a study may give more than one result."""
    def outcomes(found: dict) -> str:
        return text("forest.alt_outcomes", lang, outcomes=counted("result", found["outcomes"], lang, digits=True),
                    studies=counted("study", found["studies"], lang, digits=True))

    present = {name: found for name, found in shown["foundations"].items() if found["outcomes"]}
    fields = dict(rows=outcomes(shown), panels=counted("panel", len(shown["measures"]), lang, digits=True))
    if len(present) == 1:  # every row alike: said once, not counted again
        return text("forest.alt_all", lang, **fields, part=text(f"forest.alt_part.{next(iter(present))}", lang))
    parts = [f"{outcomes(found)} {text(f'forest.alt_part.{name}', lang)}" for name, found in present.items()]
    return text("forest.alt", lang, **fields, parts=joined(parts, lang))
