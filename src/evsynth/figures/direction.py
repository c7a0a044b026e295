"""Effect direction plot: studies x outcome domains, an arrow per cell for the direction.

After Thomson & Thomas (2013) as revised by Boon & Thomson (2021): an upward arrow
favours the intervention, a downward one the control, a diamond marks mixed outcomes
(fewer than 70% agreeing) and a circle no difference. Arrow size follows the sample
size in Boon & Thomson's bands (< 50, 50-300, > 300); colour marks the design (one group
before/after vs controlled). Under the plot, one after another: each domain's sign test and
its smallest attainable p, then the key.

References
----------
.. [1] Thomson, H. J., & Thomas, S. (2013). The effect direction plot: visual display of
   non-standardised effects across multiple outcome domains. Research Synthesis
   Methods, 4(1), 95-101.
.. [2] Boon, M. H., & Thomson, H. (2021). The effect direction plot revisited. Research
   Synthesis Methods, 12(1), 29-33.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from evsynth.book.formats import p_statement
from evsynth.book.labels import study_label
from evsynth.book.messages import counted, joined, left_out, text
from evsynth.figures.style import INK, OKABE_ITO, base_layout, safe
from evsynth.vocabulary import FAVOURS_CONTROL, FAVOURS_INTERVENTION, MIXED, NO_DIRECTION

SYMBOL = {FAVOURS_INTERVENTION: "triangle-up", FAVOURS_CONTROL: "triangle-down", MIXED: "diamond",
          "none": "circle-open", "no_direction": "line-ew-open"}
#: A study without a direction (no events in either group, nothing usable reported) is a dash:
#: it is shown, but never as a finding of no difference.
KEY_OF = {**{d: d for d in SYMBOL}, **{reason: "no_direction" for reason in NO_DIRECTION}}
DESIGN_COLOUR = {"controlled": OKABE_ITO["blue"], "uncontrolled": OKABE_ITO["orange"], "unknown": OKABE_ITO["grey"]}


SMALL_BELOW, LARGE_ABOVE = 50, 300  # Boon & Thomson's sample-size bands
LINE, GAP = 15, 14  # px: a line of 11 px text; the space between the plot, the notes and the key
LABEL_CHAR = 7.6  # px: a wide character of a 13 px study label, to place the notes at the figure's margin


def _lines(words: str) -> int:
    return words.count("<br>") + 1


def arrow_size(n) -> int:
    """Boon & Thomson's sample-size bands: small (< 50), medium (50-300), large (> 300)."""
    if pd.isna(n):
        return 16
    return 16 if n < SMALL_BELOW else 24 if n <= LARGE_ABOVE else 32


def direction_key(direction: str, group: str) -> str:
    """The words for a direction: without a control group, a change is from baseline, not in favour
    of the intervention.

    >>> direction_key("favours_intervention", "uncontrolled"), direction_key("favours_intervention", "controlled")
    ('direction.improved_from_baseline', 'direction.favours_intervention')
    """
    if group == "uncontrolled" and direction in (FAVOURS_INTERVENTION, FAVOURS_CONTROL):
        return "direction.improved_from_baseline" if direction == FAVOURS_INTERVENTION else \
            "direction.worse_than_baseline"
    return f"direction.{direction}"


def direction_figure(directions: pd.DataFrame, votes: dict, references: dict | None, lang: str,
                     labels_of_domains: dict | None = None) -> go.Figure:
    domains = list(dict.fromkeys(directions["outcome_domain"]))
    named = {d: safe((labels_of_domains or {}).get(d, d)) for d in domains}
    studies = list(dict.fromkeys(directions["study_id"]))
    labels = {s: safe(study_label(s, references)) for s in studies}
    traces = []
    for group, colour in DESIGN_COLOUR.items():
        rows = directions[directions["design_group"] == group]
        if rows.empty:
            continue
        traces.append(go.Scatter(
            x=[named[d] for d in rows["outcome_domain"]], y=[labels[s] for s in rows["study_id"]], mode="markers",
            name=text(f"design.{group}", lang), showlegend=False,  # the key below names colours and symbols
            marker=dict(symbol=[SYMBOL[KEY_OF[d]] for d in rows["direction"]],
                        size=[arrow_size(n) for n in rows["n_total"]], color=colour,
                        # a dash is all line: drawn thicker, so it reads as a mark
                        line=dict(color=INK, width=[2.5 if KEY_OF[d] == "no_direction" else 1
                                                    for d in rows["direction"]])),
            customdata=[[labels[s], text(direction_key(d, group), lang), "?" if pd.isna(n) else int(n),
                         text(f"basis.{b}", lang)] for s, d, n, b in
                        zip(rows["study_id"], rows["direction"], rows["n_total"], rows["basis"])],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<br>n = %{customdata[2]} · %{customdata[3]}"
                          "<extra></extra>"))
    figure = go.Figure(traces + _key(directions, lang))
    # Under the plot, left-aligned and one after another: each domain's sign test (or its only study),
    # then the key in one column. Stacked, neither depends on the width of a column, so at a phone's
    # width nothing is drawn over anything else; at a page's width they read as notes under the plot.
    notes = [f"<b>{named[d]}</b><br>{sign_test_note(v, lang)}" for d in domains if (v := votes.get(d))]
    label_width = 30 + int(LABEL_CHAR * max(len(label) for label in labels.values()))
    key_title = text("direction.key_size", lang, small=SMALL_BELOW, large=LARGE_ABOVE)
    notes_height = sum(_lines(n) for n in notes) * LINE + 8 * max(0, len(notes) - 1)
    key_height = _lines(key_title) * 14 + sum(16 * _lines(t.name) + 3 for t in figure.data if t.showlegend) + 8
    bottom = GAP + notes_height + 2 * GAP + key_height
    for i, note in enumerate(notes):
        above = sum(_lines(n) for n in notes[:i]) * LINE + 8 * i
        # x = 0 is the plot's left edge; shifted back over the study labels to the figure's left margin
        figure.add_annotation(x=0, xref="paper", xanchor="left", xshift=-(label_width - 8), y=0, yref="paper",
                              yanchor="top", yshift=-(GAP + above), align="left", showarrow=False,
                              font=dict(size=11), text=note)
    height = 70 + 44 * len(studies) + bottom
    figure.update_layout(**base_layout(max(560, 260 + 200 * len(domains)), height, lang, min_width=160 + 70 * len(domains),
                                       margin=dict(l=label_width, r=20, t=70, b=bottom)),
                         # horizontal, each entry a whole row wide: one column that pushes no side margin
                         legend=dict(orientation="h", entrywidth=1, entrywidthmode="fraction", xref="container",
                                     x=0.01, xanchor="left", yref="container", y=0, yanchor="bottom",
                                     font=dict(size=11),
                                     title=dict(side="top", font=dict(size=11, color="#555555"), text=key_title)))
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[named[d] for d in domains],
                        side="top", showgrid=False, fixedrange=True, title=text("direction.domains_axis", lang))
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=[labels[s] for s in studies][::-1],
                        showgrid=True, gridcolor="#EEEEEE", fixedrange=True, automargin=True)
    return figure


def _key(directions: pd.DataFrame, lang: str) -> list[go.Scatter]:
    """The figure's key, as legend entries without points: a square in each design's colour,
    then each direction's symbol in grey."""
    groups = [g for g in DESIGN_COLOUR if (directions["design_group"] == g).any()]
    entries = [(text(f"design.{g}", lang), "square", DESIGN_COLOUR[g]) for g in groups]
    shown = set(directions["direction"].map(KEY_OF))
    entries += [(text(f"direction.key.{d}", lang), symbol, OKABE_ITO["grey"]) for d, symbol in SYMBOL.items()
                if d != "no_direction" or d in shown]  # a dash in the key only where the plot has one
    return [go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip", showlegend=True,
                       marker=dict(symbol=symbol, size=14, color=colour,
                                   line=dict(color=INK, width=2.5 if symbol == SYMBOL["no_direction"] else 1)))
            for name, symbol, colour in entries]


def sign_test_note(vote: dict, lang: str) -> str:
    """A domain's sign test under the plot: as it was run, or why none was.

    >>> sign_test_note({"k": 1, "only_direction": "no_events"}, "en")
    'controlled studies: k = 1<br>(one study: no events in either group; no sign test)'
    """
    if vote["k"] == 1:
        return text("direction.one_study", lang, direction=text(f"direction.{vote['only_direction']}", lang))
    if vote["sign_test_p"] is None:
        return text("direction.no_sign_test", lang, k=vote["k"], tested=vote["n_tested"])
    return text("direction.sign_test", lang, k=vote["k"], tested=vote["n_tested"],
                p=p_statement(vote["sign_test_p"], lang), floor=p_statement(vote["min_attainable_p"], lang))


def direction_alt(votes: dict, n_studies: int, lang: str, named: dict[str, str]) -> str:
    """The plot in words; each domain by its label in ``lang`` (``named``: :func:`domain_labels`), never its id."""
    parts = []
    for d, v in votes.items():
        if v["k"] == 1:
            parts.append(text("direction.alt_domain_one", lang, domain=named[d],
                              direction=text(f"direction.{v['only_direction']}", lang)))
            continue
        fields = dict(domain=named[d], k=v["k"], up=v["n_favouring_intervention"], down=v["n_favouring_control"])
        left = left_out(v, lang, digits=True)
        parts.append(text("direction.alt_domain_untested", lang, **fields) if v["sign_test_p"] is None else
                     text("direction.alt_domain", lang, **fields, tested=v["n_tested"],
                          left_out=text("direction.left_out", lang, clauses=joined(left, lang)) if left else "",
                          p=p_statement(v["sign_test_p"], lang), floor=p_statement(v["min_attainable_p"], lang)))
    return text("direction.alt", lang, studies=counted("study", n_studies, lang, digits=True)) + " " + " ".join(parts)
