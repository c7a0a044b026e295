"""The JBI appraisal table: nine items per study, reasons for what is not yes or no."""

import pytest

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs import load_inputs
from evsynth.inputs.appraisal import ITEMS, load_appraisal


def problems_of(path):
    with pytest.raises(InvalidData) as caught:
        load_appraisal(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "changes,row,column,expected",
    [
        ({2: {"item": "10"}}, 2, "item", "from 1 to 9"),
        ({2: {"item": "one"}}, 2, "item", "from 1 to 9"),
        ({4: {"answer": "maybe"}}, 4, "answer", "yes | no | unclear | not_applicable"),
        ({2: {"reason": ""}}, 2, "reason", "a reason for the answer 'unclear'"),
        ({3: {"item": "1"}}, 3, "item", "already in row 2"),
        ({2: {"study_id": ""}}, 2, "study_id", "may not be empty"),
    ],
)
def test_malformed_appraisal_rows_are_named(edited_appraisal, changes, row, column, expected):
    messages = problems_of(edited_appraisal(changes))
    assert any(f"row {row}," in m and f"column {column!r}" in m and expected in m for m in messages), messages


def test_a_study_missing_items_is_named_with_the_missing_items(edited_appraisal):
    messages = problems_of(edited_appraisal({}, drop_rows=(4, 9)))  # triansyah2021 items 3 and 8
    assert any("row 2," in m and "column 'item'" in m and "missing: 3, 8" in m for m in messages), messages


def test_an_appraised_study_must_be_in_the_study_table(edited_appraisal):
    path = edited_appraisal({r: {"study_id": "hesti2017"} for r in range(2, 11)})
    with pytest.raises(InvalidData) as caught:
        load_inputs(paths.STUDIES, paths.REFERENCES, appraisal=path)
    messages = [str(p) for p in caught.value.problems]
    assert any("row 2," in m and "column 'study_id'" in m and "a study of" in m for m in messages)
    assert any("an appraisal of every study" in m and "triansyah2021" in m for m in messages)


def test_the_review_appraisal_rates_only_what_the_design_answers():
    table = load_appraisal(paths.APPRAISAL)
    assert table.groupby("study_id")["item"].apply(sorted).map(lambda i: i == list(ITEMS)).all()
    control = table[table["item"] == 4].set_index("study_id")["answer"]
    # one-group designs have no control group; the two-group designs have one
    assert control.to_dict() == {
        "triansyah2021": "no", "putri2025": "yes", "triveni2024": "no",
        "supardi2022": "no", "pilaria2018": "no", "agustia2025": "yes",
    }
    needs_full_text = table[table["item"].isin([1, 6, 7, 8, 9])]
    assert (needs_full_text["answer"] == "unclear").all()


def test_the_indonesian_figure_gives_every_reason_in_indonesian():
    from evsynth.figures.appraisal import traffic_light
    from evsynth.inputs.references import load_references

    table = load_appraisal(paths.APPRAISAL, set(load_references(paths.REFERENCES)))
    assert (table.loc[table["reason"] != "", "reason_id"] != "").all()  # each reason has its Indonesian
    figure = traffic_light(table, load_references(paths.REFERENCES), "id")
    reasons = {row[2] for trace in figure.data for row in trace.customdata}
    assert "memerlukan naskah lengkap, yang tidak tersedia bagi buku ini" in reasons
    assert not {"needs the full text, which was not available to this book"} & reasons


@pytest.mark.parametrize("lang,first,fifth", [
    ("id", "| 1\\. Sebab dan akibat jelas | Apakah jelas variabel mana yang menjadi sebab",
     "| 5\\. Pengukuran berulang sebelum dan sesudah | Apakah luaran diukur lebih dari sekali"),
    ("en", "| 1\\. Cause and effect clear | Is it clear which variable is the cause",
     "| 5\\. Multiple measurements before and after | Were outcomes measured more than once"),
])
def test_the_checklist_items_are_a_table_not_only_a_hover(lang, first, fifth):
    # the figure's columns are numbers; a phone cannot hover, so the book lists every item in words
    from evsynth.book.tables import jbi_items_table

    table = jbi_items_table(lang)
    rows = table.splitlines()[2:]
    assert len(rows) == len(ITEMS) and rows[0].startswith(first) and rows[4].startswith(fifth)
    assert all(row.count("|") == 3 and row.rstrip(" |").endswith("?") for row in rows)
    chapter = (paths.ROOT / f"chapters-{lang}" / "results.qmd").read_text(encoding="utf-8")
    assert "::: {#tbl-jbi-items}\n{{< evsynth-table jbi-items >}}" in chapter and "@tbl-jbi-items" in chapter
