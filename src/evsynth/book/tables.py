"""Tables for the book in each language: the Markdown tables the chapters include, and the
result tables a reader downloads.

The chapters never type a table: the pipeline writes these files into
``_outputs/tables/`` and a chapter includes them inside its own captioned,
cross-referenceable div. Each follows :mod:`evsynth.book.table_notes` (:func:`book_table`);
the downloads keep every column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evsynth import escape
from evsynth.book.formats import as_given, effect_bound, p_statement, whole_number
from evsynth.book.labels import domain_labels, outcome_label, outcome_labels, study_label
from evsynth.book.messages import LANGUAGES, estimate_with_interval, interval_notes, render, text, with_conditions
from evsynth.book.table_notes import Aside, Parts, finished
from evsynth.inputs.appraisal import ITEMS
from evsynth.inputs.claims import where_parts
from evsynth.inputs.grade import DOWNGRADES
from evsynth.notes import read_notes
from evsynth.parameters import DEFAULTS
from evsynth.results import write_download_csv
from evsynth.synthesis.directions import VOTE_KEYS
from evsynth.synthesis import VOTE_FIELDS
from evsynth.synthesis.effects import EFFECT_COLUMNS, shown_effects
from evsynth.vocabulary import BOUND_FROM_P, DIRECTION_ONLY, FAVOURS_INTERVENTION, NO_ESTIMATE, design_group

#: Notes on an assumed number of changes in a paired table (only margins, or no "worsened",
#: reported): said beside the p or the interval that rests on them, not only among the reasons.
ASSUMED_CHANGES = ("assume.min_discordance_worsened", "assume.min_discordance_margins", "effect.margins_only")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table whose every cell reads as written: text from data cannot become markup.

    Cells are escaped by :func:`evsynth.escape.markdown`, so a label such as
    ``<img src=x onerror=alert(1)>``, ``[x](javascript:...)`` or ``{{< include ... >}}``
    is shown, not run, and a pipe or a line break stays inside its cell.

    Every column is left-aligned (``:---``): long cells read from their first word on a phone.

    >>> print(markdown_table(["test", "p"], [["<b>McNemar</b>", "p < 0,05"]]), end="")
    | test | p |
    |:---|:---|
    | \\<b>McNemar\\</b> | p < 0,05 |
    """
    lines = ["| " + " | ".join(map(escape.markdown, header)) + " |", "|" + "|".join(":---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(escape.markdown, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def book_table(rows: list[list], lang: str, keys: list[str] | None = None, header: list[str] | None = None) -> str:
    """A table of the book in ``lang``: :func:`markdown_table` of the columns some study reports,
    then, each a paragraph of text, the line naming what none reported and the numbered notes
    (:func:`evsynth.book.table_notes.finished`). ``keys`` name what each column holds, and head
    it (``table.<key>``) unless ``header`` is given.

    >>> print(book_table([["A", "not reported"]], "en", ["study", "setting"]), end="")
    | Study |
    |:---|
    | A |
    <BLANKLINE>
    No study reported the setting.
    """
    header, rows, below = finished(header or [text(f"table.{key}", lang) for key in keys], rows, lang, keys)
    return markdown_table(header, rows) + "".join(f"\n{escape.markdown(line)}\n" for line in below)


def frame_table(frame: pd.DataFrame) -> str:
    """A data frame as a pipe table, missing values left empty.

    The notebooks show their tables this way rather than as pandas' HTML: the book renders
    the executed notebooks, and HTML outputs would make Quarto load require.js from a CDN.

    >>> print(frame_table(pd.DataFrame({"study": ["a"], "p": [None]})), end="")
    | study | p |
    |:---|:---|
    | a |  |
    """
    rows = frame.astype(object).where(frame.notna(), "").values.tolist()
    return markdown_table([str(c) for c in frame.columns], rows)


def with_words(frame: pd.DataFrame, lang: str, studies: pd.DataFrame | None = None) -> pd.DataFrame:
    """A result table as a reader downloads it: its notes (``reason``, ``assumption``) as
    sentences and its test codes (``test_recomputed``) as names, in ``lang``. A sentence that
    names a row's outcome takes its label from ``studies`` (its id where none is given).

    >>> codes = pd.DataFrame({"test_recomputed": ["fisher"], "assumption": ['[["effect.zero_cell", {}]]']})
    >>> with_words(codes, "id").iloc[0].tolist()
    ['uji eksak Fisher', 'Ada sel nol: setiap sel ditambah 0,5.']
    """
    shown = frame.copy()
    labels = outcome_labels(studies, lang) if studies is not None else {}
    keys = (zip(frame["study_id"], frame["outcome_id"]) if {"study_id", "outcome_id"} <= set(frame)
            else [(None, None)] * len(frame))
    outcomes = [labels.get(key, key[1]) for key in keys]
    for column in ("reason", "assumption"):
        if column in shown:
            shown[column] = [render(notes, lang, outcome=outcome) for notes, outcome in zip(shown[column], outcomes)]
    if "test_recomputed" in shown:
        shown["test_recomputed"] = [text(f"test.{code}", lang) if code else "" for code in shown["test_recomputed"]]
    return shown


def jbi_items_table(lang: str) -> str:
    """The JBI checklist's items, numbered as the appraisal figure's columns, with what each asks:
    the figure's item numbers in words a reader can see without hovering."""
    return book_table([[text(f"jbi.item{i}", lang), text(f"jbi.question{i}", lang)] for i in ITEMS], lang,
                      header=[text("jbi.table_item", lang), text("jbi.table_question", lang)])


def characteristics_table(studies: pd.DataFrame, references: dict, lang: str) -> str:
    """One row per study x outcome: study, design, n, outcome, test and p as reported."""
    keys = ["study", "design", "n", "outcome", "test", "p_printed"]
    rows = [[study_label(r.study_id, references), text(f"design_name.{r.design}", lang) if r.design else "?",
             "?" if pd.isna(r.n_total) else whole_number(int(r.n_total), lang), outcome_label(r, lang),
             r.test_reported or text("table.not_named", lang), r.p_reported or text("table.not_reported", lang)]
            for r in studies.itertuples()]
    return book_table(rows, lang, keys)


def assumed_changes(notes, lang: str, outcome: str, interval: bool = False) -> str:
    """The sentences of ``notes`` that assume how many pairs changed, in ``lang``; for an
    ``interval``, the discordance it is taken at where that differs from the p's; ``outcome``
    is the row's outcome label, which a sentence may name.

    >>> notes = '[["assume.min_discordance_margins", {"b": 21, "c": 0}], ["effect.margins_only", {"b_max": 24, "c_max": 3}]]'
    >>> assumed_changes(notes, "en", "Milk adequacy", interval=True).endswith(
    ...     "(24 improved, 3 worsened), so it is conservative.")
    True
    """
    found = interval_notes(notes) if interval else read_notes(notes)
    chosen = [note for note in found if note[0] in ASSUMED_CHANGES]
    return render(chosen, lang, outcome=outcome)


def verdict_with_conditions(verdict: str, notes, lang: str, reason=None) -> str:
    """A verdict and the assumptions it holds under: "inconsistent, if the groups were 22 and 22 ...".
    An assumed number of changes is no condition where the audit found the verdict the same
    whatever that number (``reason`` holds ``audit.reproduced_all``).

    >>> notes = '[["assume.groups", {"n_1": 22, "n_2": 22, "n": 44, "rule": ""}], ["assume.binary_outcome", {}]]'
    >>> verdict_with_conditions("inconsistent", notes, "en")
    'inconsistent, if the groups were 22 and 22 and the outcome was recorded as yes or no'
    """
    found = read_notes(notes)
    if any(key == "audit.reproduced_all" for key, _ in read_notes(reason or [])):  # the verdict holds whatever the changes
        found = [note for note in found if note[0] not in ASSUMED_CHANGES]
    return with_conditions(text(f"verdict.{verdict}", lang), found, lang)


def audit_table(consistency: pd.DataFrame, studies: pd.DataFrame, references: dict, lang: str,
                with_reasons: bool = False) -> str:
    """The consistency audit: the printed p, the test and p recomputed, and the verdict with the
    assumptions it holds under (in full, followed by why). Five columns, so that the verdict stays
    on screen beside the study."""
    # the notes in words only where the table shows them (the verdicts have their own words)
    worded = with_words(consistency if with_reasons else consistency.drop(columns=["reason", "assumption"]),
                        lang, studies)
    labels = outcome_labels(studies, lang)
    keys = ["study", "outcome", "p_printed", "recomputed", "verdict_reason" if with_reasons else "verdict"]
    rows = []
    for r, code, notes, reason in zip(worded.itertuples(), consistency["verdict"], consistency["assumption"],
                                      consistency["reason"]):
        verdict = verdict_with_conditions(code, notes, lang, reason)
        if with_reasons:  # long reasons and assumptions as notes under the table
            verdict = Aside(" ".join(filter(None, [f"{verdict}.", r.reason, r.assumption])), verdict,
                            (r.reason, r.assumption))
        rows.append([study_label(r.study_id, references), labels[(r.study_id, r.outcome_id)],
                     r.p_reported or text("table.not_reported", lang),
                     "-" if pd.isna(r.p_recomputed) else f"{r.test_recomputed}: {p_statement(r.p_recomputed, lang)}",
                     verdict])
    return book_table(rows, lang, keys)


def context_table(studies: pd.DataFrame, references: dict, lang: str) -> str:
    """Where, when and with what else the massage was given (PRISMA 2020 item 19, with
    :func:`results_table`): per study x outcome, its design and n, and one context cell whose
    parts (setting, timing, co-intervention) are each named, so four columns fit a phone; a part
    that no study reports is named once under the table."""
    keys = ["study", "outcome", "design_n", "context"]
    rows = [[study_label(r.study_id, references), outcome_label(r, lang),
             f"{text(f'design_name.{r.design}', lang) if r.design else '?'}, "
             f"{'?' if pd.isna(r.n_total) else whole_number(int(r.n_total), lang)}",
             Parts(tuple((part, getattr(r, f"{part}_{lang}", ""))  # "" reads "not reported"
                         for part in ("setting", "timing", "co_intervention")))]
            for r in studies.itertuples()]
    return book_table(rows, lang, keys)


def results_table(studies: pd.DataFrame, references: dict, effects: pd.DataFrame, lang: str,
                  binary_measure: str = DEFAULTS["binary_measure"],
                  continuous_measure: str = DEFAULTS["continuous_measure"]) -> str:
    """Results of individual studies (PRISMA 2020 item 19): per study x outcome, the result in
    the study's own numbers with its printed p and test, and the effect recomputed from them
    with its basis. Where, when and with what else: :func:`context_table`."""
    shown = shown_effects(studies, effects, binary_measure, continuous_measure)
    missing = text("table.not_reported", lang)
    keys = ["study", "outcome", "result_reported", "effect_recomputed"]
    rows = []
    for r in studies.itertuples():
        effect = shown.get((r.study_id, r.outcome_id))
        if effect is None or effect["basis"] in (DIRECTION_ONLY, NO_ESTIMATE):
            found = text(f"direction.{effect['direction']}", lang) if effect is not None else missing
        elif effect["basis"] == BOUND_FROM_P:
            found = effect_bound(effect["ci_low"], effect["ci_high"], lang)
        else:
            found = estimate_with_interval(effect["estimate"], effect["ci_low"], effect["ci_high"], lang,
                                           measure=effect["measure"])
        if effect is not None and effect["basis"] not in (DIRECTION_ONLY, NO_ESTIMATE):
            measure = text("measure_short." + effect["measure"], lang)
            found = f"{measure} {found}"
        # a row with no effect says why in its direction's words; a basis beside it would repeat it
        basis = (text("basis." + effect["basis"], lang)
                 if effect is not None and effect["basis"] != NO_ESTIMATE else "")
        if basis:  # a test the study does not name, assumed by the statistics: said beside the number
            basis = "; ".join([basis] + [text("table.assumed_test", lang, test=text(fields["test"], lang))
                                         for key, fields in read_notes(effect["assumption"]) if key == "assume.test"])
        reported = getattr(r, f"result_reported_{lang}", "") or numbers_given(r, lang) or missing
        if r.p_reported or r.test_reported:  # else the cell says "not reported" once, not of each part
            reported += "; " + text("table.printed_p", lang, p=r.p_reported or missing,
                                    test=r.test_reported or text("table.not_named", lang))
        found = f"{found} ({basis})" if basis else found
        assumed = (assumed_changes(effect["assumption"], lang, outcome_label(r, lang), interval=True)
                   if effect is not None else "")
        rows.append([study_label(r.study_id, references), outcome_label(r, lang), reported,
                     Aside(f"{found}. {assumed}" if assumed else found, found, (assumed,))])
    return book_table(rows, lang, keys)


#: The numbers a row may give, in the order a reader looks for them, each with the message that shows them.
_GIVEN = (("given.two_group_binary", ("events_1", "n_1", "events_2", "n_2")),
          ("given.paired_binary", ("events_pre", "events_post", "n_total")),
          ("given.two_group_continuous", ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")),
          ("given.paired_continuous", ("mean_change", "sd_change")),
          ("given.percentages", ("pct_1", "pct_2")))


def numbers_given(row, lang: str) -> str:
    """A row's own numbers, as the study table gives them ("4/123 vs 11/139"), where the table
    gives a full set of them and no reported result in words; else "".

    >>> row = pd.Series({"events_1": 4.0, "n_1": 123.0, "events_2": 11.0, "n_2": 139.0})
    >>> numbers_given(row, "en"), numbers_given(pd.Series({"mean_change": 1.5}), "id")
    ('4/123 vs 11/139', '')
    """
    cells = row._asdict() if hasattr(row, "_asdict") else row.to_dict()
    for key, columns in _GIVEN:
        values = [cells.get(column) for column in columns]
        if all(not pd.isna(value) and str(value).strip() for value in values):  # None, NaN, NA or "" is not given
            shown = [value.rstrip("%") if isinstance(value, str) else as_given(value, lang) for value in values]
            return text(f"table.{key}", lang, **dict(zip(columns, shown)))
    return ""


def claims_table(claims: list[dict], lang: str) -> str:
    """The manuscript's claims, quoted as printed (with the English translation beside the quote
    outside Indonesian), where each stands in the manuscript, and what the book does with it and why."""
    keys = ["claim", "claim_where", "claim_status", "claim_reason"]
    rows = []
    for claim in claims:
        quote = f"‘{claim['quote']}’"
        if lang != "id":  # the manuscript's language
            quote += " " + text("claim.translation", lang, quote=claim["quote_en"])
        where = ", ".join(text(f"claim_part.{part}", lang) + (f" {number}" if number else "")
                          + (f" ({source})" if source else "") for part, number, source in where_parts(claim["where"]))
        rows.append([quote, where, text(f"claim.{claim['status']}", lang), claim[lang]])
    return book_table(rows, lang, keys)


def grade_table(grade: list[dict], studies: pd.DataFrame, review, lang: str) -> str:
    """The GRADE summary of findings: one column per outcome domain, one row per GRADE element
    (studies, design, effect, the five domains with rating and reason, certainty, meaning).

    Studies, participants, the effect and the certainty come from the synthesis (the certainty
    computed from the ratings); ratings, reasons and statements from the reviewers' judgements.
    """
    labels = domain_labels(studies, lang)
    columns = []
    for entry in grade:
        domain = entry["domain"]
        judged = review.certainty[domain]
        column = [
            _grade_studies(review.counts["domains"].get(domain, {}), lang),
            text(f"grade.design.{'randomised' if judged['randomised'] else 'non_randomised'}", lang),
            _grade_effect(domain, review, studies[studies["outcome_domain"] == domain], lang),
            *[_rated(entry[d], judged["lowered"][d], lang) for d in DOWNGRADES],
            text(f"grade.level.{judged['certainty']}", lang),
            entry[f"statement_{lang}"],
        ]
        columns.append((labels.get(domain, domain), column))
    elements = ["grade.studies_row", "grade.design_row", "grade.effect_row", *(f"grade.{d}" for d in DOWNGRADES),
                "grade.certainty_row", "grade.statement_row"]
    header = [text("grade.element", lang), *(label for label, _ in columns)]
    body = [[text(key, lang), *(column[i] for _, column in columns)] for i, key in enumerate(elements)]
    return book_table(body, lang, header=header)


def _rated(judgement: dict, lowered: int, lang: str) -> Aside:
    """A GRADE domain's cell: its rating and the levels it lowers the certainty by ("serious (−1)"),
    and the reviewers' reason, beside it or, where long, a note under the table."""
    rating = text(f"grade.rating.{judgement['rating']}", lang)
    change = f"\u2212{lowered}" if lowered else "0"
    return Aside(text("grade.rated", lang, rating=rating, change=change, reason=judgement[lang]),
                 f"{rating} ({change})", (judgement[lang],))  # grade.rated without its reason


def _grade_studies(groups: dict, lang: str) -> str:
    """The studies of each design group with their own participants (``groups``: the synthesis'
    counts of one domain): one-group studies never swell the count of the controlled ones."""
    return ", ".join(text(f"grade.studies_{group}", lang, k=found["studies"],
                          participants="?" if found["participants"] is None else str(found["participants"]))
                     for group in ("controlled", "uncontrolled") if (found := groups.get(group)) and found["studies"])


def _grade_effect(domain: str, review, rows: pd.DataFrame, lang: str) -> str:
    """The effect cell: the controlled studies' vote (a sign test where one was run), the one-group
    studies' changes from baseline, the pooled estimate the run chose."""
    parts = []
    votes = review.controlled_votes.get(domain)
    if votes and votes["k"] >= 2:
        down = votes["n_favouring_control"]
        fields = dict(up=votes["n_favouring_intervention"], k=votes["k"],
                      against=text("grade.effect_against", lang, down=down) if down else "")
        parts.append(text("grade.effect_controlled", lang, **fields, tested=votes["n_tested"],
                          p=p_statement(votes["sign_test_p"], lang)) if votes["sign_test_p"] is not None
                     else text("grade.effect_controlled_untested", lang, **fields))
    elif votes:
        direction = votes["only_direction"]
        controlled = rows[design_group(rows["design"]) == "controlled"]
        given = controlled.get(f"co_intervention_{lang}", pd.Series("", index=controlled.index)).fillna("")
        others = list(dict.fromkeys(other for other in given if other))
        parts.append(text("grade.effect_one_controlled_combined", lang, other=", ".join(others))
                     if others and direction == FAVOURS_INTERVENTION else
                     text("grade.effect_one_controlled", lang, direction=text(f"direction.{direction}", lang)))
    changes = review.uncontrolled_votes.get(domain)
    if changes:
        parts.append(text("grade.effect_uncontrolled", lang, up=changes["n_favouring_intervention"], k=changes["k"]))
    pooled = review.chosen_pooled[review.chosen_pooled["outcome_domain"] == domain]
    parts.append(text("grade.effect_pooled", lang, measure=text(f"measure_short.{pooled.iloc[0]['measure']}", lang),
                      estimate=estimate_with_interval(*pooled.iloc[0][["estimate", "ci_low", "ci_high"]], lang,
                                                      measure=pooled.iloc[0]["measure"]))
                 if len(pooled) else text("grade.effect_not_pooled", lang))
    return "; ".join(parts)


#: The votes a reader downloads, primary first: the controlled comparisons; then, labelled as
#: secondary, every study together and the one-group changes from baseline (not effects).
VOTE_ANALYSES = tuple(zip(VOTE_FIELDS, ("votes.primary", "votes.secondary_all", "votes.secondary_uncontrolled")))


def votes_download(review, lang: str) -> pd.DataFrame:
    """The sign tests of every analysis, one row per analysis and outcome domain, each analysis
    named as primary or secondary in ``lang``; its numbers as the synthesis gives them."""
    rows = [{"analysis": text(label, lang), "outcome_domain": domain, **{key: vote[key] for key in VOTE_KEYS}}
            for name, label in VOTE_ANALYSES for domain, vote in getattr(review, name).items()]
    return pd.DataFrame(rows, columns=["analysis", "outcome_domain", *VOTE_KEYS])


def write_book_tables(folder: Path, studies: pd.DataFrame, references: dict, consistency: pd.DataFrame,
                      review, grade: list[dict] | None = None, claims: list[dict] | None = None) -> dict[str, str]:
    """Everything ``tables/`` holds, in both languages: the chapters' Markdown tables (the GRADE
    summary of findings where judgements are given), and the result tables a reader downloads,
    in words and safe for a spreadsheet.

    Returns the Markdown tables by name (``audit-en``...).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for lang in LANGUAGES:
        written[f"jbi-items-{lang}"] = jbi_items_table(lang)
        if not studies.empty:  # a table of no study would be a header alone: the chapters show a note instead
            written[f"characteristics-{lang}"] = characteristics_table(studies, references, lang)
            written[f"context-{lang}"] = context_table(studies, references, lang)
            written[f"results-{lang}"] = results_table(studies, references, review.effects, lang,
                                                       review.options["binary_measure"],
                                                       review.options["continuous_measure"])
            written[f"audit-{lang}"] = audit_table(consistency, studies, references, lang)
            written[f"audit-full-{lang}"] = audit_table(consistency, studies, references, lang, with_reasons=True)
        verdicts = [text(f"verdict.{code}", lang) for code in consistency["verdict"]]  # a reader's words, not codes
        write_download_csv(with_words(consistency, lang, studies).assign(verdict=verdicts),
                           folder / f"consistency-{lang}.csv")
        write_download_csv(with_words(review.effects[EFFECT_COLUMNS], lang, studies), folder / f"effects-{lang}.csv")
        write_download_csv(with_words(review.decisions, lang), folder / f"pooling-decisions-{lang}.csv")
        write_download_csv(votes_download(review, lang), folder / f"votes-{lang}.csv")
        if grade:
            written[f"grade-{lang}"] = grade_table(grade, studies, review, lang)
        if claims:
            written[f"claims-{lang}"] = claims_table(claims, lang)
    write_download_csv(review.pooled, folder / "pooled.csv")
    for name, table in written.items():
        (folder / f"{name}.md").write_text(table, encoding="utf-8")
    return written
