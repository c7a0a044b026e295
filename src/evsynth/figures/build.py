"""The figures of a review, in both languages, ready for :func:`export_figures`."""

from __future__ import annotations

from evsynth.book.labels import domain_labels
from evsynth.book.messages import LANGUAGES, pooling_method_short, text
from evsynth.figures.albatross import albatross_alt, albatross_figure, albatross_rows
from evsynth.figures.appraisal import traffic_light, traffic_light_alt
from evsynth.figures.direction import direction_alt, direction_figure
from evsynth.figures.export import FigureSpec
from evsynth.figures.forest import forest_alt, forest_figure, forest_rows
from evsynth.figures.prisma import prisma_alt, prisma_figure
from evsynth.synthesis.counts import appraisal_counts

#: The notes on figures left out are for whoever runs the pipeline, in the language of its other messages.
NOTES_LANGUAGE = "en"


def flow_and_appraisal(flow, appraisal, references) -> tuple[list[FigureSpec], list[str]]:
    """The PRISMA diagram and the appraisal traffic light, where their data are given.

    Returns the figures and, for each one left out, a note saying why.
    """
    specs, notes = [], []
    if flow is None:
        notes.append(text("figure_note.prisma_no_file", NOTES_LANGUAGE))
    elif flow.known_counts()[0] == 0:  # a new review's template: a diagram of question marks says nothing
        notes.append(text("figure_note.prisma_no_count", NOTES_LANGUAGE))
    else:
        specs += [FigureSpec("prisma", lang, prisma_figure(flow, lang), text("prisma.title", lang),
                             prisma_alt(flow, lang)) for lang in LANGUAGES]
    if appraisal is None:
        notes.append(text("figure_note.appraisal_no_file", NOTES_LANGUAGE))
    else:
        specs += [FigureSpec("appraisal", lang, traffic_light(appraisal, references, lang), text("jbi.title", lang),
                             traffic_light_alt(appraisal_counts(appraisal), lang)) for lang in LANGUAGES]
    return specs, notes


def every_figure(inputs, review) -> list[FigureSpec]:
    """Every figure of a run, as notebooks 05 (:func:`flow_and_appraisal`) and 06
    (:func:`evidence`) draw them, for what needs them all at once (their PNGs, added later)."""
    return (flow_and_appraisal(inputs.prisma, inputs.appraisal, inputs.references)[0]
            + evidence(inputs.studies, inputs.references, review)[0])


MAX_ROWS = 150  # a forest or a direction plot taller than this is unreadable, and slow to export


def evidence(studies, references, review, max_rows: int = MAX_ROWS) -> tuple[list[FigureSpec], list[str]]:
    """The forest-style summary, the effect direction plot and the albatross plot.

    ``review`` is the :class:`evsynth.synthesis.Synthesis`, which holds every number and count
    the figures show (the measures and pooled rows the run's parameters chose among them); it
    is free of language, so one serves both languages' figures. A table with more than
    ``max_rows`` rows gets the albatross plot only, and a note for each figure left out.
    """
    specs, notes = [], []
    if studies.empty:  # a new review's table, before its first row
        return specs, [text("figure_note.no_rows", NOTES_LANGUAGE)]
    large = len(studies) > max_rows
    if large:
        notes = [text("figure_note.too_many_rows", NOTES_LANGUAGE, rows=len(studies), max_rows=max_rows,
                      figure=text(f"figure_note.name.{name}", NOTES_LANGUAGE)) for name in ("forest", "direction")]
    options = review.options
    points = albatross_rows(review.p_values, studies, references)
    for lang in LANGUAGES:
        labels = domain_labels(studies, lang)
        if not large:
            rows = forest_rows(studies, review.effects, references, lang, options["binary_measure"],
                               options["continuous_measure"])
            specs += [
                FigureSpec("forest", lang, forest_figure(rows, review.chosen_pooled, lang,
                                                         pooling_method_short(options, lang)),
                           text("forest.title", lang), forest_alt(review.counts["shown"], lang)),
                FigureSpec("direction", lang,
                           direction_figure(review.directions, review.controlled_votes, references, lang, labels),
                           text("direction.title", lang),
                           direction_alt(review.controlled_votes, review.counts["studies"], lang, labels)),
            ]
        specs.append(FigureSpec("albatross", lang, albatross_figure(points, lang), text("albatross.title", lang),
                                albatross_alt(review.counts["p_values"], lang)))
    return specs, notes
