"""Every number the prose uses, formatted for each language, from the pipeline's results.

The chapters never type a number: they insert these values by key. Keys are the same
in both languages; values differ in decimal separator and words ("enam" / "six").
"""

from __future__ import annotations

import re

import pandas as pd

from evsynth import escape
from evsynth.book.formats import number, p_statement, p_value, percentage
from evsynth.audit.recheck_paired_binary import MCNEMAR_EXACT_BELOW
from evsynth.audit.recheck_two_group_binary import MANN_WHITNEY_EXACT_UP_TO
from evsynth.book.messages import LANGUAGES, in_words, interval, pooling_method, text
from evsynth.parameters import DEFAULTS
from evsynth.synthesis.directions import AGREEMENT
from evsynth.vocabulary import BOUND_FROM_P, DIRECTION_ONLY, ESTIMABLE, NO_EVENTS, NOT_REPORTED
from evsynth.vocabulary import value_key as key


#: The prefix of each vote's values, by the :class:`evsynth.synthesis.Synthesis` field it is of.
VOTE_PREFIXES = {"votes_controlled": "controlled_votes", "votes": "votes", "votes_uncontrolled": "uncontrolled_votes"}


def _count(values: dict, name: str, count: int, lang: str) -> None:
    values[name] = str(count)
    values[f"{name}_words"] = in_words(count, lang)


def prose_values(consistency: pd.DataFrame, review, prisma=None, background=None,
                 alpha: float = DEFAULTS["alpha"]) -> dict[str, dict]:
    """``{lang: {key: text}}`` for every number the chapters may cite, from the audit
    (``consistency``) and the :class:`evsynth.synthesis.Synthesis` (``review``), which count
    and decide everything; here the numbers are only formatted."""
    counts = review.counts
    result = {}
    for lang in LANGUAGES:
        values: dict[str, str] = {
            "alpha": number(alpha, lang, 2),
            # the methods' constants, so the prose never types them
            "mcnemar_exact_below": str(MCNEMAR_EXACT_BELOW),
            "mann_whitney_exact_up_to": str(MANN_WHITNEY_EXACT_UP_TO),
            "direction_agreement": percentage(AGREEMENT, lang),
            "pooling_method": pooling_method(review.options, lang),
            **{f"{kind}_measure_name": text(f"measure_name.{review.options[f'{kind}_measure']}", lang)
               for kind in ("binary", "continuous")},
            # how a censored p looks when printed with three decimals, and what it means
            "zero_print": number(0, lang, 3),
            "zero_print_bound": number(0.0005, lang, 4),
            # what a chapter shows in place of a figure the run did not draw (_extensions/evsynth)
            "figure_not_drawn": text("book.figure_not_drawn", lang),
            "figure_full_size": text("book.figure_full_size", lang),
            "table_not_written": text("book.table_not_written", lang),
            **{f"figure_not_drawn_{name}": text(f"book.figure_not_drawn_{name}", lang) for name in ("prisma", "appraisal")},
            "table_not_written_grade": text("book.table_not_written_grade", lang),
        }
        groups = counts["design_groups"]
        for name, count in (("n_studies", counts["studies"]), ("n_outcomes", counts["outcomes"]),
                            ("n_one_group", groups["uncontrolled"]), ("n_controlled", groups["controlled"]),
                            ("n_unknown_design", groups["unknown"]),
                            ("n_with_co_intervention", counts["with_co_intervention"]),
                            ("n_pooled_sets", counts["pooled_sets"])):
            _count(values, name, count, lang)
        values["n_participants"] = "?" if counts["participants"] is None else str(counts["participants"])
        for study, n in counts["study_n"].items():
            values[key("n", study)] = "?" if n is None else str(n)
        foundations = counts["foundations"]
        for name, foundation in (("n_estimated", "estimate"), ("n_bound_only", "bound"),
                                 ("n_direction_only", DIRECTION_ONLY), ("n_no_events", NO_EVENTS),
                                 ("n_not_reported", NOT_REPORTED)):
            _count(values, name, foundations[foundation], lang)

        audited = counts["audit"]
        _count(values, "audit_n_zero_printed", audited["zero_printed"], lang)
        _count(values, "audit_n_zero_printed_not_checkable", audited["zero_printed_not_checkable"], lang)
        _count(values, "audit_n_checked", audited["checked"], lang)
        for verdict, n in audited["verdicts"].items():
            _count(values, key("audit_n", verdict), n, lang)
        for r in consistency.itertuples():
            stem = key("audit", r.study_id, r.outcome_id)
            values[f"{stem}_printed"] = r.p_reported
            values[f"{stem}_verdict"] = text(f"verdict.{r.verdict}", lang)
            values[f"{stem}_p"] = "" if pd.isna(r.p_recomputed) else p_statement(r.p_recomputed, lang)
            values[f"{stem}_tipping"] = "" if r.tipping_point is None else (
                text("verdict.none_feasible", lang) if r.tipping_point == "none_feasible" else str(r.tipping_point))

        for r in review.effects[review.effects["basis"].isin(ESTIMABLE + (BOUND_FROM_P,))].itertuples():
            stem = key("effect", r.study_id, r.outcome_id, r.measure)
            values[f"{stem}_estimate"] = "" if pd.isna(r.estimate) else number(r.estimate, lang, 2)
            values[f"{stem}_ci"] = interval(r.ci_low, r.ci_high, lang, measure=r.measure)

        for prefix, field in VOTE_PREFIXES.items():
            for domain, v in getattr(review, field).items():
                stem = key(prefix, domain)
                for name, field in (("k", "k"), ("for", "n_favouring_intervention"),
                                    ("against", "n_favouring_control"), ("tested", "n_tested")):
                    _count(values, f"{stem}_{name}", v[field], lang)
                if v["sign_test_p"] is None:  # no test was run: no p for a chapter to cite
                    continue
                values[f"{stem}_sign_p"] = p_value(v["sign_test_p"], lang)
                values[f"{stem}_sign_test"] = p_statement(v["sign_test_p"], lang)
                values[f"{stem}_min_p"] = p_value(v["min_attainable_p"], lang)
                values[f"{stem}_min_p_statement"] = p_statement(v["min_attainable_p"], lang)

        if prisma is not None:
            years = prisma.search.get("years") or {}
            values["search_year_from"], values["search_year_to"] = str(years.get("from", "")), str(years.get("to", ""))
            _count(values, "n_databases", len(prisma.search.get("databases", [])), lang)
            reports = prisma.included("reports")
            if reports is None:
                values["n_reports"] = values["n_reports_words"] = "?"
            else:
                _count(values, "n_reports", reports, lang)
        for figure in background or []:
            values[key("bg", figure["id"])] = _background(figure, lang)
        for domain, judged in review.certainty.items():  # the certainty GRADE gives each outcome domain, in words
            values[key("certainty", domain)] = text(f"certainty.{judged['certainty']}", lang)
        result[lang] = values
    return result


def _background(figure: dict, lang: str) -> str:
    values = figure["value"] if isinstance(figure["value"], list) else [figure["value"]]
    # as many decimals as the source gives: 11.5 stays 11.5, 3.74 stays 3.74
    shown = [number(v, lang, len(str(v).partition(".")[2]) if not float(v).is_integer() else 0) for v in values]
    return text(f"unit.{figure['unit']}", lang, value=text("value.versus", lang).join(shown))


def colophon(input_hashes: dict[str, str]) -> dict[str, str]:
    """What a reader needs to reproduce the book: the inputs' hashes (their first 16 hex digits)
    and the software's versions."""
    import platform
    from importlib.metadata import version

    values = {key("sha256", name): digest[:16] for name, digest in input_hashes.items()}
    values["python_version"] = platform.python_version()
    for package in ("evsynth", "numpy", "pandas", "scipy", "statsmodels", "plotly", "kaleido", "papermill"):
        values[key("version", package)] = version(package)
    return values


def review_values(inputs, input_hashes: dict, consistency: pd.DataFrame, review,
                  alpha: float = DEFAULTS["alpha"]) -> dict[str, dict]:
    """Everything the chapters cite, per language: ``{lang: {"values": {...}}}`` as the
    profiles' metadata files hold it, from the run's audit and synthesis (``review``).

    Each value is Markdown text (:func:`evsynth.escape.markdown`), because Quarto parses
    what ``{{< meta >}}`` inserts as Markdown: a p printed as ``> 0,05`` would otherwise
    become a block quote and lose its ``>``, and text from data could become markup.
    """
    values = prose_values(consistency, review, inputs.prisma, inputs.background, alpha)
    software = colophon(input_hashes)
    return {lang: {"values": {name: escape.markdown(value) for name, value in {**language_values, **software}.items()}}
            for lang, language_values in values.items()}
