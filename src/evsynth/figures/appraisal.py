"""The appraisal traffic light: studies x checklist items, as robvis draws risk of bias.

Each answer has robvis's colour *and* a symbol (+, -, ?, NA), so the figure also reads
in greyscale and for readers who do not tell red from green. The reason of each answer
shows on hover.

References
----------
.. [1] McGuinness, L. A., & Higgins, J. P. T. (2021). Risk-of-bias VISualization (robvis):
   An R package and Shiny web app for visualizing risk-of-bias assessments. Research
   Synthesis Methods, 12(1), 55-61.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from evsynth.book.messages import text
from evsynth.book.labels import study_label
from evsynth.figures.style import INK, base_layout, safe
from evsynth.inputs.appraisal import ANSWERS, ITEMS, REASON_ID

# robvis's colours for low risk / high risk / some concerns, and grey for not applicable
COLOURS = {"yes": "#02C100", "no": "#BF0000", "unclear": "#E2DF07", "not_applicable": "#BBBBBB"}
SYMBOLS = {"yes": "+", "no": "\u2212", "unclear": "?", "not_applicable": "NA"}


def traffic_light(appraisal: pd.DataFrame, references: dict | None, lang: str) -> go.Figure:
    """One row per study, one column per JBI item, one marker per answer."""
    studies = list(dict.fromkeys(appraisal["study_id"]))
    labels = {s: safe(study_label(s, references)) for s in studies}
    item_names = {i: text(f"jbi.item{i}", lang) for i in ITEMS}
    traces = []
    for answer in ANSWERS:
        rows = appraisal[appraisal["answer"] == answer]
        traces.append(go.Scatter(
            x=[f"{i}" for i in rows["item"]], y=[labels[s] for s in rows["study_id"]],
            mode="markers+text", name=f"{SYMBOLS[answer]}  {text(f'jbi.answer.{answer}', lang)}",
            marker=dict(size=30, color=COLOURS[answer], line=dict(color=INK, width=1), symbol="circle"),
            text=[SYMBOLS[answer]] * len(rows), textfont=dict(size=15 if answer != "not_applicable" else 11,
                                                              color=INK),
            customdata=[[labels[s], item_names[int(i)], safe(r)] for s, i, r in
                        zip(rows["study_id"], rows["item"], _reasons(rows, lang))],
            hovertemplate=("%{customdata[0]}<br>%{customdata[1]}: " + text(f"jbi.answer.{answer}", lang)
                           + "<br>%{customdata[2]}<extra></extra>"),
        ))
    figure = go.Figure(traces)
    height = 140 + 46 * len(studies)
    figure.update_layout(**base_layout(760, height, lang, min_width=520), legend=dict(orientation="h", y=-0.12, x=0.5,
                                                                 xanchor="center", title=None))
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[str(i) for i in ITEMS],
                        side="top", title=text("jbi.items_axis", lang), showgrid=False, fixedrange=True)
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=[labels[s] for s in studies][::-1],
                        showgrid=False, fixedrange=True, automargin=True)
    figure.update_layout(margin=dict(l=20, r=20, t=90, b=70))
    return figure


def traffic_light_alt(counts: dict, lang: str) -> str:
    """The chart in words, from :func:`evsynth.synthesis.counts.appraisal_counts`."""
    return text("jbi.alt", lang, studies=counts["studies"], items=len(ITEMS), **counts["answers"])


def _reasons(rows, lang: str) -> list[str]:
    """Each answer's reason in ``lang``: the Indonesian column where the table has it filled."""
    if lang == "id" and REASON_ID in rows:
        return [given or reason for given, reason in zip(rows[REASON_ID].fillna(""), rows["reason"])]
    return rows["reason"].tolist()
