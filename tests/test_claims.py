"""The manuscript's claims (data/claims.yml): quoted verbatim, each shown in appendix-changes."""

import re

import pytest
import yaml

from evsynth import paths
from evsynth.book.messages import LANGUAGES, text
from evsynth.book.tables import claims_table
from evsynth.errors import InvalidData
from evsynth.inputs.claims import PARTS, load_claims

CLAIMS = load_claims(paths.ROOT / "data" / "claims.yml")
MANUSCRIPT = paths.ROOT.parent / "shared" / "seed" / "000_2c3d04d9b22271df.txt"


@pytest.mark.skipif(not MANUSCRIPT.is_file(), reason=f"the manuscript is not at {MANUSCRIPT}")
def test_every_quote_is_the_manuscripts_own_words():
    printed = re.sub(r"\s+", " ", MANUSCRIPT.read_text(encoding="utf-8"))
    assert [claim["quote"] for claim in CLAIMS if claim["quote"] not in printed] == []


def test_the_manuscripts_conclusions_are_all_answered():
    # the abstract's result, the discussion's summary and the conclusion, whatever else the file holds
    quotes = {claim["quote"] for claim in CLAIMS}
    assert {"pijat oksitosin berpengaruh terhadap jumlah produksi ASI pada ibu menyusui",
            "intervensi ini secara signifikan efektif dalam mengoptimalkan volume produksi ASI pada ibu menyusui",
            "meningkatkan produksi ASI sampai dengan 11,5 kali lipat"} <= quotes


@pytest.mark.parametrize("lang", ["id", "en"])
def test_appendix_changes_shows_every_claim(lang):
    chapter = (paths.ROOT / f"chapters-{lang}" / "appendix-changes.qmd").read_text(encoding="utf-8")
    assert "{{< evsynth-table claims >}}" in chapter
    table = claims_table(CLAIMS, lang)
    assert len(table.splitlines()) == 2 + len(CLAIMS)
    for claim in CLAIMS:
        assert claim[lang] in table


def test_the_english_table_glosses_each_quote_and_names_the_parts_in_english():
    english, indonesian = claims_table(CLAIMS, "en"), claims_table(CLAIMS, "id")
    for claim in CLAIMS:
        assert f"‘{claim['quote']}’ (translation: {claim['quote_en']})" in english
        assert claim["quote_en"] not in indonesian  # the Indonesian reader reads the manuscript's own words
    assert "| Abstract, Methods |" in english and "| Abstrak, Metode |" in indonesian
    assert "| Table 1 (Putri 2025) |" in english and "| Tabel 1 (Putri 2025) |" in indonesian
    assert not {"Abstrak", "Pendahuluan", "Pembahasan", "Simpulan", "Tabel"} & set(
        re.findall(r"\w+", "".join(line.split(" | ")[1] for line in english.splitlines()[2:])))


def test_every_part_of_the_manuscript_has_words_in_both_languages():
    for part in PARTS:
        assert all(text(f"claim_part.{part}", lang) for lang in LANGUAGES)


@pytest.mark.parametrize("change,field", [(lambda claim: claim.pop("quote_en"), "quote_en"),
                                          (lambda claim: claim.update(quote_en="  "), "quote_en"),
                                          (lambda claim: claim.update(where="Kesimpulan"), "where")])
def test_a_claim_without_a_translation_or_with_an_unknown_part_is_named(tmp_path, change, field):
    data = yaml.safe_load((paths.ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))
    change(data["claims"][1])
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InvalidData) as error:
        load_claims(path)
    [problem] = error.value.problems
    assert problem.file.endswith("claims.yml") and problem.column == f"claims[2].{field}" and problem.line
    assert f"'claims[2].{field}'" in str(problem) and "claims.yml" in str(problem)
