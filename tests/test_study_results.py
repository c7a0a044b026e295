"""Results of individual studies (PRISMA 2020 item 19): from the study table, traceable to its sources."""

import csv
import re

import pytest

from evsynth import paths
from evsynth.book.tables import context_table, results_table
from evsynth.inputs import load_inputs
from evsynth.synthesis import synthesise

ROWS = list(csv.DictReader(paths.STUDIES.open(encoding="utf-8")))


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
    inputs = load_inputs(paths.STUDIES, paths.REFERENCES)
    table = results_table(inputs.studies, inputs.references, synthesise(inputs.studies).effects, lang)
    triansyah = next(line for line in table.splitlines() if line.startswith("| Triansyah 2021"))
    cells = [cell.strip() for cell in triansyah.strip("|").split(" | ")]
    assert cells[-1] == effect and cells[-2].endswith(printed)
    assert len(table.splitlines()) == 2 + len(ROWS)


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
    inputs = load_inputs(paths.STUDIES, paths.REFERENCES)
    context = context_table(inputs.studies, inputs.references, lang).splitlines()
    results = results_table(inputs.studies, inputs.references, synthesise(inputs.studies).effects, lang).splitlines()
    assert context[0] == header and triansyah in context
    for table in (context, results):
        assert table[1] == "|:---|:---|:---|:---|" and len(table) == 2 + len(ROWS)
    pilaria = next(line for line in context if line.startswith("| Pilaria 2018"))
    assert ROWS[4]["study_id"] == "pilaria2018" and ROWS[4][f"timing_{lang}"] in pilaria
