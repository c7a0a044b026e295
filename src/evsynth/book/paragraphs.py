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
from evsynth.book.formats import decimals_off, i2_value, number, p_statement, statement, tau2_value, whole_number
from evsynth.book.labels import domain_labels as labels_of_domains
from evsynth.book.messages import (
    LANGUAGES,
    LEFT_OUT,
    MESSAGES,
    beyond_words,
    counted,
    in_words,
    interval,
    joined,
    left_out,
    pooling_method,
    render,
)
from evsynth.book.messages import text as message
from evsynth.notes import read_notes
from evsynth.vocabulary import null_value

PARAGRAPHS = ("studies", "audit", "effects", "direction", "pooling")


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
    # counts in one sentence all in words, or all in digits where one of them is beyond words
    digits = beyond_words(total, lang)
    clauses = [message(f"{key}.{'one' if n == 1 else 'other'}", lang, n=in_words(n, lang, digits))
               for key, n in present]
    return message(f"{total_key}.some", lang, n=in_words(total, lang, digits), clauses=joined(clauses, lang), **fields)


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


def inline(label: str) -> str:
    """A label as it reads inside a sentence: its first letter in lower case, unless the
    label starts with an abbreviation.

    >>> inline("Milk production"), inline("ASI production"), inline("Produksi ASI")
    ('milk production', 'ASI production', 'produksi ASI')
    """
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def studies_paragraph(counts: dict, lang: str) -> str:
    """How many studies, outcomes and participants, and the designs (``counts``: the synthesis'
    :func:`evsynth.synthesis.counts.review_counts`)."""
    if counts["studies"] == 0:
        return message("paragraph.studies.none", lang)
    if counts["participants"] is not None:
        whole = message("paragraph.studies.participants", lang, n=whole_number(counts["participants"], lang))
    else:
        without = counts["studies_without_n"]
        whole = message(f"paragraph.studies.participants_unknown.{'one' if without == 1 else 'other'}", lang,
                        studies=counted("study", without, lang))
    first = message("paragraph.studies.holds", lang, studies=counted("study", counts["studies"], lang),
                    results=counted("result", counts["outcomes"], lang),
                    domains=counted("domain", counts["outcome_domains"], lang), participants=whole)
    parts = [(f"paragraph.design.{group}", counts["design_groups"][group])
             for group in ("uncontrolled", "controlled", "unknown")]
    return f"{first}\n{breakdown(parts, 'paragraph.studies.of', counts['studies'], lang)}"


def audit_paragraph(counts: dict, lang: str) -> str:
    """How many printed p-values were consistent, inconsistent or could not be checked
    (``counts``: :func:`evsynth.audit.summary.audit_counts`)."""
    if counts["reported"] == 0:
        return message("paragraph.audit.none", lang)
    parts = [(f"paragraph.audit.{verdict}", n) for verdict, n in counts["verdicts_reported"].items()]
    return breakdown(parts, "paragraph.audit.of", counts["reported"], lang)


def effects_paragraph(counts: dict, lang: str) -> str:
    """On what each study's effect rests: an estimate, a bound from a censored p, a reported
    direction, or nothing, and why (``counts``: the synthesis' review counts)."""
    if counts["studies"] == 0:
        return message("paragraph.none_yet", lang)
    parts = [(f"paragraph.effects.{name}", n) for name, n in counts["foundations"].items()]
    return breakdown(parts, "paragraph.effects.of", counts["studies"], lang)


#: What a vote counts, clause by clause: the votes each way, then what the sign test leaves out
#: (ties, and each reason for no direction); a one-group study's tie is "unchanged".
_VOTE_PARTS = (("for", "n_favouring_intervention"), ("against", "n_favouring_control"), *LEFT_OUT)
_CHANGE_PARTS = (("improved", "n_favouring_intervention"), ("worsened", "n_favouring_control"),
                 ("unchanged", "n_no_clear_direction"), *LEFT_OUT[1:])


def sign_test_sentence(vote: dict, lang: str) -> str:
    """The sign test exactly as it was run: the studies it counts, those it left out and why,
    its p and the smallest p it could give; or why it was not run.

    >>> vote = {"k": 9, "n_favouring_intervention": 6, "n_favouring_control": 0, "n_no_clear_direction": 0,
    ...         "n_no_events": 3, "n_all_events": 0, "n_not_estimable": 0, "n_not_reported": 0, "n_tested": 6,
    ...         "sign_test_p": 0.03125, "min_attainable_p": 0.03125}
    >>> print(sign_test_sentence(vote, "en"))
    The sign test counts the six studies that favour one side, leaving out three studies with no events in either group; if the intervention made no difference, a split at least as uneven would have p = 0.0312, and with six studies the smallest possible value is p = 0.0312.
    """
    if vote["k"] == 1:
        return message("paragraph.direction.no_test", lang)
    digits = beyond_words(vote["k"], lang)  # as the sentence before it counts
    left = left_out(vote, lang, digits)
    leaving = message("paragraph.direction.leaving_out", lang, clauses=joined(left, lang)) if left else ""
    if vote["sign_test_p"] is None:
        return message(f"paragraph.direction.too_few.{'one' if vote['n_tested'] == 1 else 'zero'}", lang,
                       left_out=leaving)
    return message("paragraph.direction.sign_test", lang, tested=in_words(vote["n_tested"], lang, digits),
                   left_out=leaving,
                   p=p_statement(vote["sign_test_p"], lang), min_p=p_statement(vote["min_attainable_p"], lang))


def direction_paragraph(review, domain_labels: dict[str, str], lang: str) -> str:
    """Per outcome domain: the controlled studies' votes and sign test, then the one-group
    studies' changes from baseline, which are never counted as votes."""
    if not domain_labels:
        return message("paragraph.none_yet", lang)
    sentences = []
    for domain, label in domain_labels.items():
        votes = review.controlled_votes.get(domain)
        if not votes:
            sentences.append(message("paragraph.direction.no_controlled", lang, domain=label))
        else:
            parts = [(f"paragraph.direction.{name}", votes[field]) for name, field in _VOTE_PARTS]
            sentences.append(breakdown(parts, "paragraph.direction.of", votes["k"], lang, domain=label))
            sentences.append(sign_test_sentence(votes, lang))
        changes = review.uncontrolled_votes.get(domain)
        if changes:
            parts = [(f"paragraph.direction.{name}", changes[field]) for name, field in _CHANGE_PARTS]
            sentences.append(breakdown(parts, "paragraph.direction.uncontrolled_of", changes["k"], lang, domain=label))
            sentences.append(message("paragraph.direction.not_an_effect", lang))
    return "\n".join(sentences)


def pooling_paragraph(review, domain_labels: dict[str, str], lang: str) -> str:
    """What was pooled, with the estimate the run's parameters chose, and, as a list, why the
    rest was not."""
    decisions, pooled = review.decisions, review.chosen_pooled
    if decisions.empty:
        return message("paragraph.pooling.nothing", lang)

    def measure_name(measure: str) -> str:
        return message(f"measure_short.{measure}", lang) if f"measure_short.{measure}" in MESSAGES else measure

    sentences, reasons = [], []
    for row in decisions.itertuples():
        label = domain_labels.get(row.outcome_domain, row.outcome_domain)
        if row.pooled:
            found = pooled[(pooled["outcome_domain"] == row.outcome_domain)
                           & (pooled["measure"] == row.measure)].iloc[0]
            decimals = decimals_off(found[["estimate", "ci_low", "ci_high"]], null_value(row.measure))
            sentences.append(message(
                "paragraph.pooling.pooled", lang,
                domain=label,
                studies=counted("study", int(found["k"]), lang), method=pooling_method(review.options, lang),
                measure=measure_name(row.measure),
                estimate=number(found["estimate"], lang, decimals),
                ci=interval(found["ci_low"], found["ci_high"], lang, decimals),
                prediction=message("paragraph.pooling.prediction", lang,
                                   interval=interval(found["pi_low"], found["pi_high"], lang, measure=row.measure))
                if found["k"] >= 3 else message("paragraph.pooling.no_prediction", lang),
                tau2=statement("tau²", tau2_value(found["tau2"], lang)),
                i2=statement("I²", i2_value(found["i2"], lang))))
            notes = [note for note in read_notes(row.reason) if note[0] not in ("pool.done", "pool.no_prediction")]
            if notes:  # what else the decision says: studies left out and why, intervals to read with care
                sentences.append(render(notes, lang))
        elif row.k > 0:
            where = message("paragraph.pooling.where", lang, domain=_capitalised(label),
                            measure=measure_name(row.measure))
            reasons.append(f"- {where}: {render(row.reason, lang)}")
    if reasons:
        lead = message("paragraph.pooling.not_pooled" if not sentences else "paragraph.pooling.rest", lang)
        sentences.append(f"{lead}\n\n" + "\n".join(reasons))
    return "\n".join(sentences) if sentences else message("paragraph.pooling.nothing", lang)


def book_text(review, domain_labels: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every paragraph in both languages: ``{"audit-en": "...", ...}``, as Markdown."""
    written = {}
    for lang in LANGUAGES:
        labels = {domain: escape.markdown(inline(label)) for domain, label in domain_labels[lang].items()}
        paragraphs = {
            "studies": studies_paragraph(review.counts, lang),
            "audit": audit_paragraph(review.counts["audit"], lang),
            "effects": effects_paragraph(review.counts, lang),
            "direction": direction_paragraph(review, labels, lang),
            "pooling": pooling_paragraph(review, labels, lang),
        }
        written.update({f"{name}-{lang}": paragraphs[name] + "\n" for name in PARAGRAPHS})
    return written


def write_book_text(folder: Path, studies: pd.DataFrame, review) -> dict[str, str]:
    """Write every paragraph as ``<folder>/<name>-<lang>.md``; return them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    written = book_text(review, {lang: labels_of_domains(studies, lang) for lang in LANGUAGES})
    for name, paragraph in written.items():
        (folder / f"{name}.md").write_text(paragraph, encoding="utf-8")
    return written
