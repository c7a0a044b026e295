"""Results of individual studies (PRISMA 2020 item 19): from the study table, traceable to its sources."""

import csv
import re

import pytest

from evsynth import paths
from evsynth.audit.recheck import audit
from evsynth.book.tables import audit_table, context_table, results_table
from evsynth.inputs import load_inputs
from evsynth.synthesis import synthesise

ROWS = list(csv.DictReader(paths.STUDIES.open(encoding="utf-8")))
REVIEW = load_inputs(paths.STUDIES, paths.REFERENCES)
EFFECTS = synthesise(REVIEW.studies).effects


def row_of(table: str, study: str) -> str:
    """The line of a Markdown table that starts with a study's label."""
    return next(line for line in table.splitlines() if line.startswith(f"| {study}"))


def cells_of(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split(" | ")]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['study_id']}-{r['outcome_id']}")
def test_every_number_of_a_reported_result_is_in_the_rows_quoted_sources(row):
    # the words are the extraction's; every number in them must trace to the row's source or notes
    quoted = row["source"] + " " + row["notes"]
    for lang in ("id", "en"):
        for number in re.findall(r"\d+(?:,\d+)?", row[f"result_reported_{lang}"]):
            assert number in quoted, (lang, number)


@pytest.mark.parametrize("lang,effect,printed", [
    ("en", "paired difference 0.23 (0.08 to 0.38) (reconstructed counts)", "p printed as ‘0,016’ (McNemar)"),
    ("id", "selisih berpasangan 0,23 (0,08 sampai 0,38) (jumlah hasil rekonstruksi)", "p yang dilaporkan ‘0,016’ (McNemar)"),
])
def test_the_table_shows_the_printed_result_beside_the_recomputed_effect(lang, effect, printed):
    # Triansyah: 7 improved of 30, none known to worsen: (7 - 0) / 30 = 0.233, SE sqrt((7 - 49/30) / 30^2)
    # = 0.0772, so 0.233 +- 1.96 x 0.0772 = 0.082 to 0.385
    table = results_table(REVIEW.studies, REVIEW.references, EFFECTS, lang)
    cells = cells_of(row_of(table, "Triansyah 2021"))
    assert cells[-1] == effect + " \\[1\\]" and cells[-2].endswith(printed)  # the worsened = 0 assumed: note 1
    note = next(line for line in table.splitlines() if line.startswith("\\[1\\] "))
    # the assumption names the study's own category (adequate, "cukup"), not a generic "favourable" one
    assert ('"Produksi ASI cukup"' if lang == "id" else '"Adequate breast milk production"') in note
    assert "kategori baik" not in note and "favourable" not in note
    assert len(table.split("\n\n")[0].splitlines()) == 2 + len(ROWS)


@pytest.mark.parametrize("lang,header,triansyah", [
    ("en", "| Study | Outcome | Design, n | Context |",
     "| Triansyah 2021 | Adequate breast milk production | one group, before/after, 30 | Setting: Lawanga public "
     "health centre area, Poso District; Timing: not reported; Co-intervention: breast care |"),
    ("id", "| Studi | Luaran | Desain, n | Konteks |",
     "| Triansyah 2021 | Produksi ASI cukup | satu kelompok, sebelum/sesudah, 30 | Tempat: wilayah kerja Puskesmas "
     "Lawanga, Kabupaten Poso; Waktu: tidak dilaporkan; Intervensi penyerta: perawatan payudara |"),
])
def test_two_left_aligned_tables_of_four_columns_fit_a_phone_and_keep_every_column(lang, header, triansyah):
    # eight columns showed three at a time on a 390 px phone: design and context, then results
    context = context_table(REVIEW.studies, REVIEW.references, lang).splitlines()
    results = results_table(REVIEW.studies, REVIEW.references, EFFECTS, lang).splitlines()
    assert context[0] == header and triansyah in context
    for table in (context, results):  # the notes under the results table follow an empty line
        assert table[1] == "|:---|:---|:---|:---|" and (table + [""]).index("") == 2 + len(ROWS)
    pilaria = row_of("\n".join(context), "Pilaria 2018")
    assert ROWS[4]["study_id"] == "pilaria2018" and ROWS[4][f"timing_{lang}"] in pilaria


@pytest.mark.parametrize("lang,interval,verdict,assumption", [
    ("en", "paired difference 0.70 (0.47 to 0.93) (reconstructed counts) \\[2\\]|\\[2\\] The difference follows from the "
           "before/after counts; its confidence interval is taken at the largest discordance they allow (24 improved, "
           "3 worsened), so it is conservative.",
     "consistent",
     "we assume the least change those counts allow, with every change in the reported direction "
     "(21 improved, 0 got worse)."),
    ("id", "selisih berpasangan 0,70 (0,47 sampai 0,93) (jumlah hasil rekonstruksi) \\[2\\]|\\[2\\] Selisih ditentukan "
           "oleh jumlah sebelum/sesudah; interval kepercayaannya diambil pada diskordansi terbesar yang dimungkinkan "
           "(24 membaik, 3 memburuk) sehingga bersifat konservatif.",
     "konsisten",
     "kami mengasumsikan perubahan sekecil yang dimungkinkan angka itu, yaitu semua berubah ke arah yang "
     "dilaporkan (21 membaik, 0 memburuk)."),
])
def test_pilaria_s_interval_and_verdict_say_which_changes_they_assume(lang, interval, verdict, assumption):
    # Pilaria gives only margins: 24 of 30 not enough before, 27 of 30 enough after. The p assumes the fewest
    # changes (21 improved, 0 worsened); the interval the most the margins allow (24 and 3): both give
    # (21 - 0) / 30 = (24 - 3) / 30 = 0.70, SE sqrt((27 - 21^2 / 30) / 30^2) = 0.117, 0.70 +- 0.229
    table = results_table(REVIEW.studies, REVIEW.references, EFFECTS, lang)
    cell, note = interval.split("|")  # the interval in the cell, what it assumes in note 2 under the table
    assert cells_of(row_of(table, "Pilaria 2018"))[-1] == cell and note in table.splitlines()
    consistency = audit(REVIEW.studies)
    for full in (False, True):
        audited = audit_table(consistency, REVIEW.studies, REVIEW.references, lang, with_reasons=full)
        cells = cells_of(row_of(audited, "Pilaria 2018"))
        # the verdict holds whatever the changes (0 to 3 worsened), so it needs no condition; the full
        # table says which changes the p assumes
        assert cells[3].endswith("p < 0.0001" if lang == "en" else "p < 0,0001")
        assert cells[4].startswith(verdict) and ((assumption in audited) if full else cells[4] == verdict)


@pytest.mark.parametrize("lang,effect,timing", [
    ("en", "| paired Hedges' g ≥ 0.96 (bound from p; assumed paired t-test) |", "; Timing: not reported;"),
    ("id", "| g Hedges berpasangan ≥ 0,96 (batas dari p; diasumsikan uji t berpasangan) |", "; Waktu: tidak dilaporkan;"),
])
def test_triveni_s_bound_says_its_assumed_test_and_its_timing_is_not_the_population(lang, effect, timing):
    # Triveni names no test: the bound from p = 0,000 rests on an assumed paired t-test (a note of the
    # statistics); "Ibu Nifas 2-7 Hari" in its title is who was studied, not when milk was measured
    results = results_table(REVIEW.studies, REVIEW.references, EFFECTS, lang)
    context = context_table(REVIEW.studies, REVIEW.references, lang)
    triveni = [row_of(table, "Triveni 2024") for table in (results, context)]
    assert triveni[0].endswith(effect) and timing in triveni[1]
    assert "7" not in triveni[1]


def test_a_row_that_reports_no_result_in_words_shows_its_own_numbers():
    # dat.bcg gives counts and no p: the result cell shows the counts, never "not reported"
    from datafiles import BCG_REFERENCES, BCG_STUDIES

    inputs = load_inputs(BCG_STUDIES, BCG_REFERENCES)
    effects = synthesise(inputs.studies).effects
    for lang, missing, stein in (("en", "not reported", "| 180/1,541 vs 372/1,451 |"),
                                 ("id", "tidak dilaporkan", "| 180/1.541 vs 372/1.451 |")):
        table = results_table(inputs.studies, inputs.references, effects, lang)
        rows = table.splitlines()[2:]
        assert len(rows) == 13 and not any(missing in row for row in rows), rows[0]
        # Stein 1953 (dat.bcg trial 6): tpos = 180 of 1541, cpos = 372 of 1451
        assert stein in next(row for row in rows if row.startswith("| Stein 1953 |"))

@pytest.mark.parametrize("lang,conditions", [
    ("en", "inconsistent, if the groups were 22 and 22 (percentages cut off, not rounded) and the outcome was "
           "recorded as yes or no"),
    ("id", "tidak konsisten, bila kelompoknya berisi 22 dan 22 orang (persentase dipotong, bukan dibulatkan) dan luaran "
           "dicatat sebagai ya atau tidak"),
])
def test_agustia_s_verdict_states_the_assumptions_it_rests_on(lang, conditions):
    # Agustia prints 95,4% and 22,7% of 44 mothers without group sizes: only 22/22 fits, and only if the
    # percentages were cut off (21/22 = 95.45); the Mann-Whitney test is recomputed on that yes/no table
    audited = audit_table(audit(REVIEW.studies), REVIEW.studies, REVIEW.references, lang)
    verdicts = [cells_of(row)[4] for row in audited.splitlines()[2:] if row.startswith("| Agustia 2025 |")]
    assert verdicts == [conditions, conditions]


def test_triansyah_s_verdict_holds_only_if_nobody_got_worse():
    # 7 improved and the worsened not reported: 0 worsened gives binom.test(7, 7) = 0.0156, as printed (0,016);
    # 1 worsened gives binom.test(7, 8) = 0.0703, which is not (the tipping point), so the verdict is conditional
    audited = audit_table(audit(REVIEW.studies), REVIEW.studies, REVIEW.references, "en")
    assert cells_of(row_of(audited, "Triansyah 2021"))[4] == "consistent, if nobody got worse"
