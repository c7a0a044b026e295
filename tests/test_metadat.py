"""Seven real meta-analyses of R's metadat package, never prepared for this book, taken through
the statistics and the generated sentences (``tests/data/metadat``, converted by ``convert.R``).

Two independent references:

- metafor (``tests/results/results_metadat.py``, by ``metadat_references.R`` from the same CSV
  files): every per-study effect and every pooled estimate, interval, tau², I² and Q, to
  ``RTOL`` (metafor at a convergence threshold of 1e-12);
- the raw tables, read here with pandas: every count, direction and sign test a generated
  sentence states is parsed back out of the sentence, in both languages, and compared with
  counts made from the events and means themselves (and with R's own raw counts) and with
  scipy's exact binomial test.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from datafiles import TEST_DATA
from evsynth import escape
from evsynth.book.labels import domain_labels
from evsynth.book.messages import NUMBER_WORDS
from evsynth.book.paragraphs import book_text, inline
from evsynth.inputs import load_inputs
from evsynth.synthesis import synthesise
from evsynth.synthesis.effects import effect_sizes
from evsynth.synthesis.pooling import pool
from results import results_metadat as R

REVIEWS = ("egger2001", "li2007", "lee2004", "cannon2006", "pagliaro1992", "gurusamy2011", "curtis1998")
RTOL = 1e-6  # pooled results, iterative estimators included; closed-form effects agree to 1e-10
METADAT = TEST_DATA / "metadat"


@functools.cache
def review(name: str):
    """The review's validated table, its synthesis with the defaults, and its sentences."""
    inputs = load_inputs(METADAT / f"{name}-studies.csv", METADAT / f"{name}-references.bib")
    synthesis = synthesise(inputs.studies)
    labels = {lang: domain_labels(inputs.studies, lang) for lang in ("id", "en")}
    return inputs.studies, synthesis, book_text(synthesis, labels), labels


def reference(name: str, domain: str, what: str):
    return getattr(R, f"{name.upper()}_{domain.upper()}_{what}")


def domains_of(name: str) -> list[str]:
    """The review's domains in table order, read without the synthesis, which collection need not wait for."""
    return list(dict.fromkeys(pd.read_csv(METADAT / f"{name}-studies.csv", dtype=str)["outcome_domain"]))


CASES = [(name, domain) for name in REVIEWS for domain in domains_of(name)]
IDS = [f"{name}-{domain}" for name, domain in CASES]


def measures_of(table: pd.DataFrame) -> tuple[str, ...]:
    return ("RR", "OR", "RD") if (table["outcome_type"] == "binary").all() else ("MD", "SMD")


# ----------------------------------------------------------------------------- against metafor

@pytest.mark.parametrize("name,domain", CASES, ids=IDS)
def test_every_study_effect_equals_escalc(name, domain):
    studies = review(name)[0]
    rows = studies[studies["outcome_domain"] == domain]
    effects = effect_sizes(rows)
    order = reference(name, domain, "STUDIES")
    assert list(rows["study_id"]) == order
    for measure in measures_of(rows):
        ours = effects[effects["measure"] == measure].set_index("study_id").reindex(order)
        # metafor's drop00 = TRUE: a study with no events (or only events) in both arms has no estimate
        assert_allclose(ours["yi"], reference(name, domain, f"{measure}_YI"), rtol=1e-10, atol=1e-14,
                        err_msg=f"{measure} yi")
        assert_allclose(ours["vi"], reference(name, domain, f"{measure}_VI"), rtol=1e-10, err_msg=f"{measure} vi")


@pytest.mark.parametrize("name,domain", CASES, ids=IDS)
def test_every_pooled_result_equals_rma(name, domain):
    studies = review(name)[0]
    rows = studies[studies["outcome_domain"] == domain]
    expected = reference(name, domain, "POOLED")
    assert expected, "metafor pooled this domain"
    effects = effect_sizes(rows)
    for measure in measures_of(rows):
        options = {"binary_measure": measure} if measure in ("RR", "OR", "RD") else {"continuous_measure": measure}
        pooled, _ = pool(effects, hksj=True, **options)
        for method in ("REML", "DL", "PM"):
            for test in ("z", "knha"):
                if (measure, method, test) not in expected:  # rma() itself failed (a comment in the file says why)
                    continue
                b, _, low, high, tau2, i2, q, q_p, pi_low, pi_high = expected[(measure, method, test)]
                row = pooled[(pooled["method"] == method) & (pooled["hksj"] == (test == "knha"))].iloc[0]
                assert row["k"] == reference(name, domain, "K")[measure]
                shown = np.log if measure in ("RR", "OR") else (lambda x: x)
                assert_allclose(shown(row[["estimate", "ci_low", "ci_high", "pi_low", "pi_high"]].to_numpy(float)),
                                [b, low, high, pi_low, pi_high], rtol=RTOL, atol=1e-9,
                                err_msg=f"{measure} {method} {test}")
                # where tau² sits on its boundary, metafor stops a hair above it (3e-13, I² 2e-6 %) and we at 0
                for column, value, atol in (("tau2", tau2, 1e-9), ("i2", i2, 1e-5), ("q", q, 1e-9), ("q_p", q_p, 1e-9)):
                    assert_allclose(row[column], value, rtol=RTOL, atol=atol, err_msg=f"{measure} {method} {test} {column}")


# ----------------------------------------------------------------------------- against the raw table

def raw_directions(rows: pd.DataFrame) -> dict[str, int]:
    """Directions counted from the events or means themselves: no effect size, no package code."""
    higher = rows["higher_is_better"].astype(str).str.lower().eq("true").to_numpy()
    if (rows["outcome_type"] == "binary").all():
        a, n1, c, n2 = (pd.to_numeric(rows[col]).to_numpy(float) for col in ("events_1", "n_1", "events_2", "n_2"))
        none, full = (a == 0) & (c == 0), (a == n1) & (c == n2)
        difference = a * n2 - c * n1  # the sign of risk_1 - risk_2, in whole numbers
    else:
        none = full = np.zeros(len(rows), dtype=bool)
        difference = pd.to_numeric(rows["mean_1"]).to_numpy(float) - pd.to_numeric(rows["mean_2"]).to_numpy(float)
    directed = ~none & ~full
    better = np.where(higher, difference > 0, difference < 0)
    return {"favours_intervention": int((directed & better & (difference != 0)).sum()),
            "favours_control": int((directed & ~better & (difference != 0)).sum()),
            "equal": int((directed & (difference == 0)).sum()),
            "no_events": int(none.sum()), "all_events": int(full.sum())}


@pytest.mark.parametrize("name,domain", CASES, ids=IDS)
def test_the_raw_counts_agree_with_r(name, domain):
    # two independent readings of the same table: pandas here, R in metadat_references.R
    studies = review(name)[0]
    assert raw_directions(studies[studies["outcome_domain"] == domain]) == reference(name, domain, "RAW_DIRECTIONS")


WORDS = {lang: {word: n for n, word in enumerate(NUMBER_WORDS[lang])} for lang in NUMBER_WORDS}
#: A count in a sentence: digits, or a number word (some are two words: "enam belas"), longest first.
COUNT = {lang: "(?:" + "|".join([r"[\d.,]*\d"] + sorted(map(re.escape, WORDS[lang]), key=len, reverse=True)) + ")"
         for lang in WORDS}


def count_of(word: str, lang: str) -> int:
    """A count as a sentence gives it: a number word, digits (thousands grouped), or a collective
    ("kesembilan", "ketiga belas")."""
    word = word.lower()
    if re.fullmatch(r"[\d.,]+", word):
        return int(re.sub(r"[.,]", "", word))
    if word in WORDS[lang]:
        return WORDS[lang][word]
    if lang == "id" and word.startswith("ke") and word[2:] in WORDS[lang]:  # the collective: "kesembilan"
        return WORDS[lang][word[2:]]
    if lang == "id" and word.startswith("semua "):
        return count_of(word[6:], lang)
    if lang == "en" and word.startswith("all "):
        return count_of(word[4:], lang)
    raise ValueError(f"not a count: {word!r}")


#: The clause of each direction in a direction sentence, longest first (a clause is found by its end).
PHRASES = {
    "en": [("no_events", r"ha(?:s|ve) no events in either group"),
           ("all_events", r"records? the event in every participant of both groups"),
           ("not_estimable", r"reports? numbers that give no effect"), ("not_reported", r"reports? no result"),
           ("favours_intervention", r"favours? the intervention"), ("favours_control", r"favours? the control"),
           ("equal", r"shows? no clear direction")],
    "id": [("no_events", r"tidak memiliki kejadian pada kedua kelompok"),
           ("all_events", r"mencatat kejadian pada semua peserta kedua kelompok"),
           ("not_estimable", r"melaporkan angka yang tidak menghasilkan efek"),
           ("not_reported", r"tidak melaporkan hasil"), ("favours_intervention", r"mendukung intervensi"),
           ("favours_control", r"mendukung kontrol"), ("equal", r"tidak menunjukkan arah yang jelas")],
}
SUBJECT = {  # the sentence that counts the controlled studies of DOMAIN, and its total where fixed
    "en": [(r"^Of the (C) controlled studies of DOMAIN, (.*)\.$", None), (r"^Both controlled studies of DOMAIN (.*)\.$", 2),
           (r"^(All C) controlled studies of DOMAIN (.*)\.$", None), (r"^The only controlled study of DOMAIN (.*)\.$", 1)],
    "id": [(r"^Dari (C) studi berkontrol untuk DOMAIN, (.*)\.$", None), (r"^Kedua studi berkontrol untuk DOMAIN (.*)\.$", 2),
           (r"^(Ke\S+(?: belas)?|Semua C) studi berkontrol untuk DOMAIN (.*)\.$", None),
           (r"^Satu-satunya studi berkontrol untuk DOMAIN (.*)\.$", 1)],
}


def parse_vote(sentence: str, lang: str) -> dict[str, int]:
    """The counts a direction sentence states, by direction."""
    for pattern, total in SUBJECT[lang]:
        found = re.match(pattern.replace("C", COUNT[lang]), sentence)
        if found:
            break
    else:
        raise AssertionError(f"no direction sentence: {sentence}")
    if total is None:
        total, rest = count_of(found.group(1), lang), found.group(2)
    else:
        rest = found.group(1)
    counts = {key: 0 for key, _ in PHRASES[lang]}
    if pattern.startswith(("^Of", "^Dari")):
        for clause in re.split(r", | and | dan ", rest):
            count = re.match(COUNT[lang], clause).group(0)
            phrase = clause[len(count):].strip()
            key = next(key for key, said in PHRASES[lang] if re.fullmatch(said, phrase))
            counts[key] = count_of(count, lang)
    else:  # all in one part: the whole subject does one thing
        key = next(key for key, said in PHRASES[lang] if re.fullmatch(said, rest))
        counts[key] = total
    assert sum(counts.values()) == total, sentence
    return counts


SIGN_TEST = {
    "en": (r"The sign test counts the (C) studies that favour one side(?:, leaving out (.*?))?; .* would have "
           r"p ([=<]) ([\d.]+), and with C studies the smallest possible value is p ([=<]) ([\d.]+)\.$"),
    "id": (r"Uji tanda menghitung (C) studi yang mendukung salah satu pihak(?: \((.*?) tidak dihitung\))?; .* adalah "
           r"p ([=<]) ([\d,]+), dan dengan C studi nilai terkecil yang mungkin adalah p ([=<]) ([\d,]+)\.$"),
}


def named(paragraph: str, label: str, lang: str) -> str:
    """The paragraph with one domain's label, where a sentence names it ("of stroke,", "For stroke,"),
    replaced by DOMAIN; a label inside another label ("stroke" in "(myocardial infarction, stroke,
    ...)") is left alone."""
    shown = re.escape(escape.markdown(inline(label)))
    before = r"(?<=\bof )|(?<=\bFor )" if lang == "en" else r"(?<=\buntuk )|(?<=\bUntuk )"
    return re.sub(rf"(?:{before}){shown}(?=,| [a-z])", "DOMAIN", paragraph)


def shown_p(text: str, lang: str) -> float:
    return float(text.replace(",", ".") if lang == "id" else text)


def controlled_counts(studies: pd.DataFrame, domain: str) -> dict[str, int]:
    rows = studies[studies["outcome_domain"] == domain]
    return raw_directions(rows)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name,domain", CASES, ids=IDS)
def test_the_direction_sentences_state_what_the_raw_table_shows(name, domain, lang):
    studies, _, text, labels = review(name)
    expected = controlled_counts(studies, domain)
    paragraph = named(text[f"direction-{lang}"], labels[lang][domain], lang)
    sentences = [s for s in paragraph.splitlines() if "DOMAIN" in s and not s.startswith(("The sign", "Uji tanda"))]
    assert len(sentences) == 1, paragraph
    assert parse_vote(sentences[0], lang) == {**expected, "not_estimable": 0, "not_reported": 0}
    # the sign test: the studies favouring one side, those left out and why, scipy's exact test
    tested = expected["favours_intervention"] + expected["favours_control"]
    after = paragraph.splitlines()[paragraph.splitlines().index(sentences[0]) + 1]
    if tested < 2:
        assert "No sign test was run" in after or "Uji tanda tidak dijalankan" in after, after
        return
    found = re.match(SIGN_TEST[lang].replace("C", COUNT[lang]), after)
    assert found, after
    assert count_of(found.group(1), lang) == tested
    left_out = found.group(2) or ""
    for key, words in (("no_events", ("with no events in either group", "tanpa kejadian pada kedua kelompok")),
                       ("equal", ("with no clear direction", "tanpa arah yang jelas"))):
        said = re.search(rf"({COUNT[lang]}) stud(?:y|ies|i) {words[lang == 'id']}", left_out)
        assert (count_of(said.group(1), lang) if said else 0) == expected[key], left_out
    p = stats.binomtest(expected["favours_intervention"], tested).pvalue
    if found.group(3) == "<":
        assert p < shown_p(found.group(4), lang)
    else:  # three significant digits, at most four decimals
        assert shown_p(found.group(4), lang) == pytest.approx(p, abs=0.5 * 10 ** (-min(4, 2 - math.floor(math.log10(p)))))
    floor = 2 * 0.5 ** tested
    if found.group(5) == "<":
        assert floor < shown_p(found.group(6), lang)
    else:
        assert shown_p(found.group(6), lang) == pytest.approx(floor, rel=0.01)


STUDIES_SENTENCE = {
    "en": (r"^The review includes (C) stud(?:y|ies) reporting (C) results? in (C) outcome domains?, "
           r"with ([\d,]+) participants in total\.$"),
    "id": r"^Tinjauan ini mencakup (C) studi yang melaporkan (C) hasil dalam (C) domain luaran, dengan total ([\d.]+) peserta\.$",
}


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", REVIEWS)
def test_the_studies_sentence_counts_the_raw_table(name, lang):
    studies, _, text, _ = review(name)
    found = re.match(STUDIES_SENTENCE[lang].replace("C", COUNT[lang]), text[f"studies-{lang}"].splitlines()[0])
    assert found, text[f"studies-{lang}"]
    per_study = studies.groupby("study_id")["n_total"].max()
    assert count_of(found.group(1), lang) == studies["study_id"].nunique()
    assert count_of(found.group(2), lang) == len(studies)
    assert count_of(found.group(3), lang) == studies["outcome_domain"].nunique()
    assert count_of(found.group(4), lang) == int(per_study.sum())


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", REVIEWS)
def test_the_effects_sentence_counts_the_studies_without_events(name, lang):
    studies, _, text, _ = review(name)
    # a study has no estimate only where every one of its rows has no events (or only events) in both arms
    nothing = [all(raw_directions(rows.iloc[[i]])["no_events"] or raw_directions(rows.iloc[[i]])["all_events"]
                   for i in range(len(rows))) for _, rows in studies.groupby("study_id")]
    sentence = text[f"effects-{lang}"].strip()
    said = re.search(rf"({COUNT[lang]}) (?:has|have) no events in either group" if lang == "en"
                     else rf"({COUNT[lang]}) tidak memiliki kejadian pada kedua kelompok", sentence)
    assert (count_of(said.group(1), lang) if said else 0) == sum(nothing), sentence
    assert "direction" not in sentence or "no events" in sentence or sum(nothing) == 0
    assert "only a direction" not in sentence and "hanya melaporkan arah" not in sentence, sentence  # none reports one


POOLED_SENTENCE = {
    "en": r"For DOMAIN, (C) stud(?:y|ies) were pooled with a random-effects model \((.+?)\): a pooled (.+?) of "
          r"(-?[\d.]+) \(95% confidence interval (-?[\d.]+) to (-?[\d.]+)\)",
    "id": r"Untuk DOMAIN, (C) studi digabungkan dengan model efek acak \((.+?)\): (\S+(?: \S+)?) gabungan "
          r"(-?[\d,]+) \(interval kepercayaan 95% (-?[\d,]+) sampai (-?[\d,]+)\)",
}


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name,domain", CASES, ids=IDS)
def test_the_pooled_sentence_gives_metafors_estimate(name, domain, lang):
    studies, _, text, labels = review(name)
    paragraph = named(text[f"pooling-{lang}"], labels[lang][domain], lang)
    found = re.search(POOLED_SENTENCE[lang].replace("C", COUNT[lang]), paragraph)
    assert found, paragraph
    measure = "RR" if (studies["outcome_type"] == "binary").all() else "SMD"
    b, _, low, high, *_ = reference(name, domain, "POOLED")[(measure, "REML", "z")]
    back = np.exp if measure == "RR" else (lambda x: x)
    assert count_of(found.group(1), lang) == reference(name, domain, "K")[measure]
    assert found.group(2) == "REML"
    for said, value in zip(found.group(4, 5, 6), back([b, low, high])):
        assert shown_p(said, lang) == pytest.approx(value, abs=0.005 + 1e-12)


#: What no generated text may hold: an equals sign before an inequality, a negative zero, a
#: count of one with a plural noun, a decimal point in Indonesian.
BADLY_SHOWN = {"en": [r"= [<>≤≥]", r"-0\.0+(?![0-9]*[1-9])\b", r"\b(?:1|one) (?:panels|studies|outcomes|study outcomes)\b",
                      r"tau² = 0\.0+\b"],
               "id": [r"= [<>≤≥]", r"-0,0+(?![0-9]*[1-9])\b", r"\b0\.\d", r"tau² = 0,0+\b"]}


@pytest.mark.parametrize("name", REVIEWS)
def test_no_generated_text_shows_a_number_badly(name):
    from evsynth.book.values import prose_values
    from evsynth.figures import build

    studies, synthesis, text, _ = review(name)
    consistency = pd.DataFrame({"study_id": studies["study_id"], "outcome_id": studies["outcome_id"],
                                "p_reported": "", "verdict": "not_checkable", "p_recomputed": np.nan,
                                "tipping_point": None})
    values = prose_values(consistency, synthesis)
    specs, _ = build.evidence(studies, None, synthesis)
    for lang in ("en", "id"):
        said = [text[key] for key in text if key.endswith(lang)] + list(values[lang].values())
        said += [spec.alt for spec in specs if spec.lang == lang]
        for pattern in BADLY_SHOWN[lang]:
            bad = [line for line in said for line in str(line).splitlines() if re.search(pattern, line)]
            assert not bad, (pattern, bad[:3])


def test_the_format_scan_finds_what_it_looks_for():
    for lang, line in (("en", "p = < 0.0001"), ("en", "-0.00 to 0.31"), ("en", "in 1 panels"), ("en", "tau² = 0.000"),
                       ("id", "0.50 sampai 1,20"), ("id", "selisih -0,00")):
        assert any(re.search(pattern, line) for pattern in BADLY_SHOWN[lang]), line
    assert not any(re.search(p, "-0.05 to 0.31, tau² = 0.0019, one study") for p in BADLY_SHOWN["en"])
