"""Stage 1, inputs: read and validate every file of a review, then check them against each other.

``contract`` defines the extraction table (the public interface); ``studies``,
``references``, ``prisma``, ``appraisal`` and ``background`` each load one file;
``text_tables`` reads CSV or XLSX cells as the text a reader sees, ``cells`` parses
numbers from them, ``printed_p`` parses a printed p-value, and ``counts`` / ``grim`` read
(or reconstruct) the counts a row reports. Problems of all files are gathered and raised
together, so one run of ``evsynth validate`` lists everything there is to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evsynth.errors import InvalidData, Problem
from evsynth.paths import shown


@dataclass(frozen=True)
class Inputs:
    studies: pd.DataFrame
    references: dict[str, dict[str, str]]
    prisma: object | None = None
    appraisal: pd.DataFrame | None = None
    background: list[dict] | None = None
    grade: list[dict] | None = None
    claims: list[dict] | None = None


def load_inputs(studies: Path, references: Path, prisma: Path | None = None,
                appraisal: Path | None = None, background: Path | None = None, grade: Path | None = None,
                claims: Path | None = None) -> Inputs:
    """Validate each file given, then their agreement with each other.

    Raises
    ------
    InvalidData
        With the problems of every file at once.
    """
    # imported here, not above, for start-up speed: pandera and the readers take about a second to
    # load, and the CLI's commands that read no table (``-p`` parameters, ``evsynth references``)
    # import this package only for ``yamlfile`` or ``references``
    from evsynth.inputs.appraisal import load_appraisal
    from evsynth.inputs.background import load_background
    from evsynth.inputs.claims import load_claims
    from evsynth.inputs.grade import load_grade
    from evsynth.inputs.prisma import load_flow
    from evsynth.inputs.references import load_references
    from evsynth.inputs.studies import load_studies

    problems: list[Problem] = []

    def attempt(loader, *args):
        try:
            return loader(*args)
        except InvalidData as err:
            problems.extend(err.problems)
            return None

    entries = attempt(load_references, references)
    keys = set(entries) if entries is not None else None
    table = attempt(load_studies, studies, keys)
    flow = attempt(load_flow, prisma) if prisma else None
    rated = attempt(load_appraisal, appraisal, keys) if appraisal else None
    figures = attempt(load_background, background, keys) if background else None
    domains = set(table["outcome_domain"]) if table is not None else None
    judged = attempt(load_grade, grade, domains) if grade else None
    stated = attempt(load_claims, claims) if claims else None

    if table is not None and rated is not None:
        known = set(table["study_id"])
        problems.extend(
            Problem(shown(appraisal), f"a study of {shown(studies)}", row=r, column="study_id", value=key)
            for r, key in rated["study_id"].items() if key not in known
        )
        unrated = sorted(known - set(rated["study_id"]))
        if unrated:
            # no row of the appraisal holds these studies: the message says where they are instead
            where = ", ".join(f"{key} ({_rows_of(table, key)})" for key in unrated)
            problems.append(Problem(shown(appraisal), f"an appraisal of every study in {shown(studies)}, "
                                                      f"with rows for items 1 to 9; none for {where}",
                                    column="study_id"))
    if table is not None and flow is not None:
        included = flow.total("new_studies")
        count = table["study_id"].nunique()
        if included is not None and included != count:
            problems.append(Problem(shown(prisma), f"as many studies included as {shown(studies)} holds ({count})",
                                    column="new_studies", value=included))
    if problems:
        raise InvalidData(problems)
    return Inputs(table, entries, flow, rated, figures, judged, stated)


def _rows_of(table: pd.DataFrame, study: str) -> str:
    """Where ``study`` is in the study table: "its row 3", or "its rows 7, 8"."""
    rows = table.index[table["study_id"] == study]
    return f"its row{'s' if len(rows) > 1 else ''} " + ", ".join(map(str, rows))
