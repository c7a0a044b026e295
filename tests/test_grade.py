"""The GRADE summary of findings: judgements from data/grade.yml, everything else from the data."""

import csv

import pytest

from evsynth import paths
from evsynth.book.tables import grade_table
from evsynth.errors import InvalidData
from evsynth.inputs import load_inputs
from evsynth.inputs.grade import load_grade
from evsynth.synthesis.grade import certainty
from evsynth.synthesis import synthesise

INPUTS = load_inputs(paths.STUDIES, paths.REFERENCES, grade=paths.GRADE)


def test_every_outcome_domain_is_judged_and_the_certainty_follows_the_ratings():
    domains = {row["outcome_domain"] for row in csv.DictReader(paths.STUDIES.open(encoding="utf-8"))}
    assert {entry["domain"] for entry in INPUTS.grade} == domains
    # GRADE handbook 5.1-5.2: non-randomised evidence starts low; one serious concern already reaches very low
    assert certainty({"risk_of_bias": "serious"}, randomised=False) == "very_low"
    assert certainty({"imprecision": "serious", "publication_bias": "suspected"}, randomised=True) == "low"
    assert certainty({"inconsistency": "not_assessable"}, randomised=True) == "high"


def test_a_rating_outside_the_vocabulary_is_named_with_its_line(tmp_path):
    text = paths.GRADE.read_text(encoding="utf-8").replace("rating: serious", "rating: quite serious", 1)
    (tmp_path / "grade.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as raised:
        load_grade(tmp_path / "grade.yml", {"milk_production", "lactation_onset"})
    [problem] = raised.value.problems
    assert problem.column == "indirectness" and problem.line == 18 and "one of: not_serious" in problem.expected


def test_an_outcome_domain_without_a_judgement_is_named(tmp_path):
    with pytest.raises(InvalidData) as raised:
        load_grade(paths.GRADE, {"milk_production", "lactation_onset", "infant_weight"})
    assert [(p.column, p.value) for p in raised.value.problems] == [("domain", "infant_weight")]


@pytest.mark.parametrize("lang,studies,certain", [
    ("en", "2 controlled (64 participants), 4 one-group (108 participants)", "⊕◯◯◯ very low"),
    ("id", "2 berkontrol (64 peserta), 4 satu kelompok (108 peserta)", "⊕◯◯◯ sangat rendah"),
])
def test_the_summary_of_findings_counts_from_the_study_table(lang, studies, certain):
    # milk production: Putri and Agustia controlled, 20 + 44 = 64 mothers; Triansyah, Triveni,
    # Supardi, Pilaria one-group, 30 + 18 + 30 + 30 = 108 (data/studies.csv, n_total): the mothers
    # of each design are counted apart, never as one total of 172
    table = grade_table(INPUTS.grade, INPUTS.studies, synthesise(INPUTS.studies, grade=INPUTS.grade), lang)
    rows = [line.split(" | ") for line in table.split("\n\n")[0].splitlines()[2:]]  # then the notes
    assert rows[0][1] == studies
    assert rows[-2][1:] == [certain, certain + " |"]


@pytest.mark.parametrize("lang,expected", [
    ("en", "one controlled study: favouring the intervention combined with lactation massage"),
    ("id", "satu studi berkontrol: mendukung intervensi yang digabung dengan pijat laktasi"),
])
def test_a_domain_with_one_controlled_study_shows_no_sign_test(lang, expected):
    # onset of lactation: Agustia 2025 alone (44 mothers), lactation massage with oxytocin massage;
    # a sign test on one study cannot tell anything, so the table gives none
    table = grade_table(INPUTS.grade, INPUTS.studies, synthesise(INPUTS.studies, grade=INPUTS.grade), lang)
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in table.splitlines()[2:]}
    studies = rows["Studies (participants)" if lang == "en" else "Studi (peserta)"]
    effect = rows["Effect" if lang == "en" else "Efek"]
    assert studies[2].rstrip(" |") == ("1 controlled (44 participants)" if lang == "en" else "1 berkontrol (44 peserta)")
    assert effect[2].startswith(expected)
    assert "sign test" not in effect[2] and "uji tanda" not in effect[2]
    assert ("sign test" if lang == "en" else "uji tanda") in effect[1]  # two controlled studies: the test is shown
