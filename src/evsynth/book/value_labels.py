"""What each value of the book is, in words: the label a reader sees beside a value that moved
("Agustia 2025, milk flow: recomputed p"), never its key.

A value's key is made of parts (:func:`evsynth.vocabulary.value_key`): a family's prefix, then ids
of studies, outcomes, domains, measures or verdicts, then what the value is. Study and outcome
ids may themselves hold underscores, so a key is not split; instead every key each family can
make from the review's own ids is made, and looked up. A key no family makes (a value added to
:mod:`evsynth.book.values` without a label here) is shown as its key, and the test of this
module fails for it.
"""

from __future__ import annotations

import pandas as pd

from evsynth.book.labels import domain_labels, outcome_labels, study_label
from evsynth.book.messages import MESSAGES, text
from evsynth.book.paragraphs import inline
from evsynth.book.tables import VOTE_ANALYSES
from evsynth.book.values import VOTE_PREFIXES
from evsynth.vocabulary import KIND_MEASURES, VERDICTS
from evsynth.vocabulary import value_key as key

#: The parts after a family's ids, each its own message: ``label.audit.printed``...
AUDIT_PARTS = ("printed", "verdict", "p", "tipping")
EFFECT_PARTS = ("estimate", "ci")
VOTE_PARTS = ("k", "for", "against", "tested", "sign_p", "sign_test", "min_p", "min_p_statement")
MEASURES = tuple(dict.fromkeys(m for measures in KIND_MEASURES.values() for m in measures))


def value_labels(studies: pd.DataFrame, references: dict, background: list[dict] | None,
                 lang: str) -> dict[str, str]:
    """``{key: label}`` in ``lang`` for every value key the families can make from the ids of
    ``studies`` (a study table: ``study_id``, ``outcome_id``, ``outcome_domain`` and any label
    columns), ``references`` and ``background``.

    >>> table = pd.DataFrame({"study_id": ["a1"], "outcome_id": ["flow"], "outcome_domain": ["milk"],
    ...                       "outcome_label_en": ["Milk flow"]})
    >>> labels = value_labels(table, {"a1": {"author": "Agustia, N.", "year": "2025"}}, None, "en")
    >>> labels["audit_a1_flow_p"], labels["n_studies"]
    ('Agustia 2025, milk flow: recomputed p', 'studies')
    """
    labels = {name[len("label.value."):]: entry[lang] for name, entry in MESSAGES.items()
              if name.startswith("label.value.")}
    labels.update({key("audit_n", verdict): text("label.audit_n", lang, verdict=text(f"verdict.{verdict}", lang))
                   for verdict in VERDICTS})
    outcomes = outcome_labels(studies, lang)
    for study in dict.fromkeys(studies["study_id"]):
        labels[key("n", study)] = text("label.n_study", lang, study=study_label(study, references))
    for (study, outcome), outcome_label in outcomes.items():
        row = text("label.row", lang, study=study_label(study, references), outcome=inline(outcome_label))
        for part in AUDIT_PARTS:
            labels[key("audit", study, outcome, part)] = text(f"label.audit.{part}", lang, row=row)
        for measure in MEASURES:
            for part in EFFECT_PARTS:
                labels[key("effect", study, outcome, measure, part)] = text(
                    f"label.effect.{part}", lang, row=row, measure=inline(text(f"measure.{measure}", lang)))
    for domain, domain_label in domain_labels(studies, lang).items():
        labels[key("certainty", domain)] = text("label.certainty", lang, domain=inline(domain_label))
        for prefix, field in VOTE_PREFIXES.items():
            for part in VOTE_PARTS:
                labels[key(prefix, domain, part)] = text(f"label.vote.{part}", lang, domain=inline(domain_label),
                                                         analysis=text(dict(VOTE_ANALYSES)[field], lang))
    for figure in background or []:
        labels[key("bg", figure["id"])] = figure.get(f"label_{lang}") or figure["id"]
    return labels

