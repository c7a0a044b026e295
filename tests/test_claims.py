"""The manuscript's claims (data/claims.yml): quoted verbatim, each shown in appendix-changes."""

import re

import pytest

from evsynth import paths
from evsynth.book.tables import claims_table
from evsynth.inputs.claims import load_claims

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
