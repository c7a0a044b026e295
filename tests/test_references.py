"""The BibTeX file: every cited work present, nothing unverified hidden."""

import re

import pytest

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs.references import load_references, unverified

SEED = paths.ROOT.parent / "shared" / "seed" / "000_2c3d04d9b22271df.txt"

# Every citation of the manuscript (author, year), as its text prints them.
CITED = {
    "andreas2015": "Andreas", "dagli2021": "Da", "sehmawati2022": "Sehmawati", "who2023": "UNICEF",
    "unicef2024": "UNICEF", "who2016": "World Health Organization", "putri2021": "Putri", "cho2015": "Cho",
    "jannah2014": "Jannah", "emilda2020": "Emilda", "triansyah2021": "Triansyah", "putri2025": "Putri",
    "triveni2024": "Triveni", "supardi2022": "Supardi", "pilaria2018": "Pilaria", "agustia2025": "Agustia",
    "seri2019": "Seri", "siregar2020": "Siregar", "fitriani2019": "Fitriani", "nugraheni2017": "Nugraheni",
    "resmana2019": "Resmana", "barirah2017": "Barirah", "sumarni2016": "Sumarni", "widia2017": "Widia",
    "hesti2017": "Hesti",
}
# How the manuscript names an author where the BibTeX spelling differs.
IN_MANUSCRIPT = {"dagli2021": "Dağli", "who2023": "WHO", "who2016": "WHO"}


def test_every_cited_work_has_an_entry_with_its_author_and_year():
    entries = load_references(paths.REFERENCES)
    assert set(CITED) <= set(entries)
    for key, surname in CITED.items():
        author = entries[key].get("author", "")
        assert surname in author, key
        assert entries[key]["year"] == re.search(r"\d{4}", key).group(), key


@pytest.mark.skipif(not SEED.exists(), reason="the manuscript text (../shared/seed) is not beside this clone")
def test_every_entry_is_cited_by_the_manuscript():
    text = SEED.read_text(encoding="utf-8")
    for key, surname in CITED.items():
        year = re.search(r"\d{4}", key).group()
        name = re.escape(IN_MANUSCRIPT.get(key, surname))
        assert re.search(rf"{name}.{{0,40}}?{year}", text, flags=re.DOTALL), key


def test_unknown_details_are_listed_not_filled():
    entries = load_references(paths.REFERENCES)
    missing = unverified(entries)
    # details the notes say were not seen stay unverified
    assert "doi" in missing["triansyah2021"]
    assert "pages" in missing["agustia2025"]
    assert "doi" not in entries["triansyah2021"]
    assert "pages" not in entries["agustia2025"]
    # the fully verified works carry their identifiers and no gap
    assert entries["andreas2015"]["doi"] == "10.1016/j.earlhumdev.2015.08.013"
    assert entries["hesti2017"]["doi"] == "10.33546/bnj.293"
    assert "andreas2015" not in missing and "hesti2017" not in missing
    # an entry only the manuscript knows holds no invented field
    for key, fields in entries.items():
        if "title" in missing.get(key, []):
            assert not {"title", "journal", "doi", "pages", "volume"} & set(fields), key


@pytest.mark.parametrize(
    "text,expected",
    [
        ("@misc{a, author = {X}, year = {2020}}\n@misc{b title = {y}}\n", "well-formed BibTeX entry"),
        ("@misc{a, author = {X}, year = {2020}}\n@misc{a, author = {Y}, year = {2021}}\n", "unique key"),
        ("@misc{a, author = {X}, year = {2020}}\n@misc{b, author = {Y}}\n", "'year' field"),
        ("@misc{a, author = {X}, year = {2020}}\n@misc{b, year = {2021}}\n", "'author' or 'institution'"),
    ],
)
def test_a_bad_entry_is_named_with_its_line(tmp_path, text, expected):
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_references(tmp_path / "refs.bib")
    (problem,) = caught.value.problems
    assert problem.line == 2 and expected in problem.expected
