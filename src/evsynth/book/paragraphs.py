"""Sentences whose form depends on the results, in both languages: chosen by the data.

A chapter that must hold for any review cannot type "four of the seven p-values are
consistent": the counts may be zero, one or many, and a clause that does not apply must
go. Each function here returns one paragraph of Markdown for one language, from the
pipeline's results; :func:`write_book_text` writes them as ``text/<name>-<lang>.md``,
which a chapter brings in with ``{{< evsynth-text NAME >}}``. The words are in the
catalogue (``paragraph.*``), English nouns and verbs in their singular (``.one``) and
plural (``.other``) forms (nouns through :func:`evsynth.book.messages.counted`).

The paragraphs say what this book's chapters and a scaffolded review's chapters both say
(:mod:`evsynth.scaffold`), so the two cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evsynth import escape
from evsynth.book.messages import LANGUAGES, MESSAGES, counted, in_words, interval, number, p_value, render
from evsynth.book.messages import text as message
from evsynth.vocabulary import ESTIMABLE, design_group

PARAGRAPHS = ("studies", "audit", "effects", "direction", "pooling")


def joined(items: list[str], lang: str) -> str:
    """``a, b and c``: a list in running text.

    >>> joined(["a", "b", "c"], "en"), joined(["a", "b"], "id"), joined(["a"], "en")
    ('a, b and c', 'a dan b', 'a')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {message('word.and', lang)} {items[-1]}"


def breakdown(parts: list[tuple[str, int]], total_key: str, total: int, lang: str, **fields) -> str:
    """One sentence that splits ``total`` things into the ``parts`` that are not empty.

    ``parts`` are ``(clause key, count)``; each clause starts with its count (``{n}``).
    One thing: "the only one ... is"; all in one part: "all N ... are" (or the part's own
    ``.all`` sentence, where "all ... cannot" would be ambiguous); else "Of the N ..., a
    are ..., b are ... and c are ...". A part with a count of zero is left out.

    >>> parts = [("paragraph.audit.consistent", 4), ("paragraph.audit.not_checkable", 3)]
    >>> breakdown(parts, "paragraph.audit.of", 7, "en")
    'Of the seven reported p-values, four are consistent with the study’s own numbers and three cannot be checked because the numbers they need are not reported.'
    >>> breakdown([("paragraph.audit.consistent", 1)], "paragraph.audit.of", 1, "en")
    'The only reported p-value is consistent with the study’s own numbers.'
    """
    present = [(key, n) for key, n in parts if n > 0]
    if total > 1 and len(present) == 1 and f"{present[0][0]}.all" in MESSAGES:  # "none of the N ... can be"
        return message(f"{present[0][0]}.all", lang, n=in_words(total, lang), **fields)
    if total == 1 or len(present) == 1:
        key = present[0][0]
        subject = message(f"{total_key}.{ {1: 'single', 2: 'both'}.get(total, 'all')}", lang, n=collective(total, lang),
                          **fields)
        return _capitalised(message(f"{key}.{'one' if total == 1 else 'other'}", lang, n=subject)) + "."
    clauses = [message(f"{key}.{'one' if n == 1 else 'other'}", lang, n=in_words(n, lang)) for key, n in present]
    return message(f"{total_key}.some", lang, n=in_words(total, lang), clauses=joined(clauses, lang), **fields)


def collective(n: int, lang: str) -> str:
    """"All n" of a group: "all thirteen"; in Indonesian the collective "ketiga belas".

    >>> collective(4, "en"), collective(4, "id"), collective(13, "id"), collective(21, "id")
    ('all four', 'keempat', 'ketiga belas', 'semua 21')
    """
    words = in_words(n, lang)
    if lang == "id":
        return f"ke{words}" if words != str(n) else f"semua {n}"
    return f"all {words}"


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def whole_number(n: int, lang: str) -> str:
    """A count in digits, its thousands grouped as each language groups them.

    >>> whole_number(357347, "id"), whole_number(357347, "en"), whole_number(172, "en")
    ('357.347', '357,347', '172')
    """
    grouped = f"{n:,}"
    return grouped.replace(",", ".") if lang == "id" else grouped


def inline(label: str) -> str:
    """A label as it reads inside a sentence: its first letter in lower case, unless the
    label starts with an abbreviation.

    >>> inline("Milk production"), inline("ASI production"), inline("Produksi ASI")
    ('milk production', 'ASI production', 'produksi ASI')
    """
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def studies_paragraph(studies: pd.DataFrame, lang: str) -> str:
    """How many studies, outcomes and participants, and the designs."""
    per_study = studies.drop_duplicates("study_id")
    n_studies, n_outcomes = len(per_study), len(studies)
    if n_studies == 0:
        return message("paragraph.studies.none", lang)
    participants = studies.groupby("study_id")["n_total"].max()
    whole = (message("paragraph.studies.participants", lang, n=whole_number(int(participants.sum()), lang))
             if participants.notna().all() else message("paragraph.studies.participants_unknown", lang))
    first = message("paragraph.studies.holds", lang, studies=counted("study", n_studies, lang),
                    outcomes=counted("outcome", n_outcomes, lang), participants=whole)
    groups = pd.Series(design_group(per_study["design"])).value_counts()
    parts = [(f"paragraph.design.{group}", int(groups.get(group, 0))) for group in ("uncontrolled", "controlled", "unknown")]
    return f"{first}\n{breakdown(parts, 'paragraph.studies.of', n_studies, lang)}"


def audit_paragraph(consistency: pd.DataFrame, lang: str) -> str:
    """How many printed p-values were consistent, inconsistent or could not be checked."""
    reported = consistency[consistency["p_reported"].fillna("").astype(str).str.strip() != ""]
    if reported.empty:
        return message("paragraph.audit.none", lang)
    counts = reported["verdict"].value_counts()
    parts = [(f"paragraph.audit.{verdict}", int(counts.get(verdict, 0)))
             for verdict in ("consistent", "inconsistent", "decision_inconsistent", "not_checkable")]
    return breakdown(parts, "paragraph.audit.of", len(reported), lang)


def effects_paragraph(review, lang: str) -> str:
    """On what each study's effect rests: an estimate, a bound from a censored p, or a direction."""
    best = review.directions.groupby("study_id")["basis"].first()
    if best.empty:
        return message("paragraph.none_yet", lang)
    parts = [("paragraph.effects.estimate", int(best.isin(ESTIMABLE).sum())),
             ("paragraph.effects.bound", int((best == "bound_from_p").sum())),
             ("paragraph.effects.direction", int((best == "direction_only").sum()))]
    return breakdown(parts, "paragraph.effects.of", len(best), lang)


def direction_paragraph(review, domain_labels: dict[str, str], lang: str) -> str:
    """Per outcome domain: the controlled studies' votes and sign test, then the one-group
    studies' changes from baseline, which are never counted as votes."""
    if not domain_labels:
        return message("paragraph.none_yet", lang)
    sentences = []
    for domain, label in domain_labels.items():
        votes = review.controlled_votes.get(domain)
        k = votes["k"] if votes else 0
        if k == 0:
            sentences.append(message("paragraph.direction.no_controlled", lang, domain=label))
        else:
            parts = [("paragraph.direction.for", votes["n_favouring_intervention"]),
                     ("paragraph.direction.against", votes["n_favouring_control"]),
                     ("paragraph.direction.neither", k - votes["n_favouring_intervention"] - votes["n_favouring_control"])]
            sentences.append(breakdown(parts, "paragraph.direction.of", k, lang, domain=label))
            if k == 1:
                sentences.append(message("paragraph.direction.no_test", lang))
            else:
                sentences.append(message("paragraph.direction.sign_test", lang, p=p_value(votes["sign_test_p"], lang),
                                         min_p=p_value(votes["min_attainable_p"], lang), k=in_words(k, lang)))
        uncontrolled = review.uncontrolled_votes.get(domain)
        if uncontrolled and uncontrolled["k"]:
            parts = [("paragraph.direction.improved", uncontrolled["n_favouring_intervention"]),
                     ("paragraph.direction.worsened", uncontrolled["n_favouring_control"]),
                     ("paragraph.direction.unchanged", uncontrolled["k"] - uncontrolled["n_favouring_intervention"]
                      - uncontrolled["n_favouring_control"])]
            sentences.append(breakdown(parts, "paragraph.direction.uncontrolled_of", uncontrolled["k"], lang, domain=label))
            sentences.append(message("paragraph.direction.not_an_effect", lang))
    return "\n".join(sentences)


def pooling_paragraph(review, domain_labels: dict[str, str], lang: str, method: str = "REML") -> str:
    """What was pooled, with its estimate, and, as a list, why the rest was not."""
    decisions, pooled = review.decisions, review.pooled
    if decisions.empty:
        return message("paragraph.pooling.nothing", lang)

    def measure_name(measure: str) -> str:
        return message(f"measure_short.{measure}", lang) if f"measure_short.{measure}" in MESSAGES else measure

    sentences, reasons = [], []
    for row in decisions.itertuples():
        label = domain_labels.get(row.outcome_domain, row.outcome_domain)
        if row.pooled:
            found = pooled[(pooled["outcome_domain"] == row.outcome_domain) & (pooled["measure"] == row.measure)
                           & (pooled["method"] == method)].iloc[0]
            sentences.append(message(
                "paragraph.pooling.pooled", lang,
                domain=label,
                studies=counted("study", int(found["k"]), lang), method=method,
                measure=measure_name(row.measure), estimate=number(found["estimate"], lang),
                ci=interval(found["ci_low"], found["ci_high"], lang),
                prediction=interval(found["pi_low"], found["pi_high"], lang),
                tau2=number(found["tau2"], lang, 3), i2=number(found["i2"], lang, 0)))
        elif row.k > 0:
            where = message("paragraph.pooling.where", lang, domain=_capitalised(label), measure=measure_name(row.measure))
            reasons.append(f"- {where}: {render(row.reason, lang)}")
    if reasons:
        lead = message("paragraph.pooling.not_pooled" if not sentences else "paragraph.pooling.rest", lang)
        sentences.append(f"{lead}\n\n" + "\n".join(reasons))
    return "\n".join(sentences) if sentences else message("paragraph.pooling.nothing", lang)


def book_text(studies: pd.DataFrame, consistency: pd.DataFrame, review, domain_labels: dict[str, dict[str, str]],
              method: str = "REML") -> dict[str, str]:
    """Every paragraph in both languages: ``{"audit-en": "...", ...}``, as Markdown."""
    written = {}
    for lang in LANGUAGES:
        labels = {domain: escape.markdown(inline(label)) for domain, label in domain_labels[lang].items()}
        paragraphs = {
            "studies": studies_paragraph(studies, lang),
            "audit": audit_paragraph(consistency, lang),
            "effects": effects_paragraph(review, lang),
            "direction": direction_paragraph(review, labels, lang),
            "pooling": pooling_paragraph(review, labels, lang, method),
        }
        written.update({f"{name}-{lang}": paragraphs[name] + "\n" for name in PARAGRAPHS})
    return written


def write_book_text(folder: Path, studies: pd.DataFrame, consistency: pd.DataFrame, review,
                    method: str = "REML") -> dict[str, str]:
    """Write every paragraph as ``<folder>/<name>-<lang>.md``; return them by name."""
    from evsynth.figures.direction import domain_labels

    folder.mkdir(parents=True, exist_ok=True)
    written = book_text(studies, consistency, review, {lang: domain_labels(studies, lang) for lang in LANGUAGES}, method)
    for name, paragraph in written.items():
        (folder / f"{name}.md").write_text(paragraph, encoding="utf-8")
    return written
