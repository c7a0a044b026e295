"""The figures of a review, in both languages, ready for :func:`export_figures`."""

from __future__ import annotations

from ..i18n import LANGUAGES, text
from .appraisal import traffic_light, traffic_light_alt
from .export import FigureSpec
from .prisma import prisma_alt, prisma_figure


def flow_and_appraisal(flow, appraisal, references) -> tuple[list[FigureSpec], list[str]]:
    """The PRISMA diagram and the appraisal traffic light, where their data are given.

    Returns the figures and, for each one left out, a note saying why.
    """
    specs, notes = [], []
    if flow is None:
        notes.append("PRISMA flow diagram skipped: no PRISMA file was given.")
    else:
        specs += [FigureSpec("prisma", lang, prisma_figure(flow, lang), text("prisma.title", lang),
                             text("prisma.caption", lang), prisma_alt(flow, lang)) for lang in LANGUAGES]
    if appraisal is None:
        notes.append("Appraisal traffic light skipped: no appraisal file was given.")
    else:
        specs += [FigureSpec("appraisal", lang, traffic_light(appraisal, references, lang), text("jbi.title", lang),
                             text("jbi.caption", lang), traffic_light_alt(appraisal, lang)) for lang in LANGUAGES]
    return specs, notes
