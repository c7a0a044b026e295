"""The words of what changed since a release (:mod:`evsynth.book.since_release`) that need no run:
the version line, and the appendix that the pre-render step lists for Quarto only where the run
found a release. The comparisons themselves, in words, are tested on the BCG runs in
``tests/test_changes.py``."""

from __future__ import annotations

import yaml

from evsynth.book.since_release import APPENDIX, release_values, write_book_appendix
from evsynth.changes import Comparison, StudyChanges
from evsynth.results import write_yaml

RECORD = {"version": "0.2.0", "date": "2026-03-12"}
NOTHING = Comparison(StudyChanges(), (), (), ())
EDITED = Comparison(StudyChanges(edited=(("a", "x", "notes", "", "new"),)), (), (), ())


def test_the_version_line_says_whether_the_book_is_the_release():
    assert release_values(None, None, "en") == {"release_version": "", "release_date": "", "release_changes_title": "",
                                                "release_line": "No version released yet"}
    assert release_values(RECORD, NOTHING, "en")["release_line"] == "Version 0.2.0, released on 12 March 2026"
    assert release_values(RECORD, NOTHING, "id")["release_line"] == "Versi 0.2.0, dirilis 12 Maret 2026"
    assert release_values(RECORD, EDITED, "en")["release_line"] == \
        "Version 0.2.0 (released on 12 March 2026) with later changes, not yet released"
    assert release_values(RECORD, EDITED, "id")["release_changes_title"] == "Perubahan sejak versi 0.2.0"


def run_with(tmp_path, record):
    for lang in ("id", "en"):
        write_yaml({"values": release_values(record, NOTHING, lang)},
                   tmp_path / "out" / "values" / f"release-{lang}.yml")
    return tmp_path / "out"


def test_the_appendix_is_listed_in_the_language_rendered_only_after_a_release(tmp_path):
    listed = tmp_path / "_since-release.yml"
    out = run_with(tmp_path, RECORD)
    for profile, lang in (("en", "en"), ("id", "id"), ("id,draft", "id")):
        assert write_book_appendix(out, listed, profile) == listed
        assert yaml.safe_load(listed.read_text()) == {"book": {"appendices": [
            {"href": f"chapters-{lang}/{APPENDIX}",
             "text": {"en": "What changed since version 0.2.0", "id": "Perubahan sejak versi 0.2.0"}[lang]}]}}
    out = run_with(tmp_path, None)
    write_book_appendix(out, listed, "en")
    assert yaml.safe_load(listed.read_text()) == {}  # replaced: no heading stands for nothing
    listed.unlink()
    assert write_book_appendix(out, listed, "") is None and not listed.exists()  # not a render of one language


def test_every_value_of_this_review_that_can_move_has_a_label(review_run):
    from evsynth.book.value_labels import value_labels
    from evsynth.changes import NOT_COMPARED
    from evsynth.results import inputs_of_run, values_of_run

    out, _ = review_run
    inputs = inputs_of_run(str(out))
    for lang, found in values_of_run(str(out)).items():
        labels = value_labels(inputs.studies, inputs.references, inputs.background, lang)
        assert [name for name in found if not NOT_COMPARED.search(name) and name not in labels] == []


def test_edited_words_that_move_no_number_are_said_so():
    import pandas as pd

    from evsynth.book.since_release import _Words, since_paragraph

    words = _Words(pd.DataFrame({"study_id": ["a"], "outcome_id": ["x"], "outcome_domain": ["d"]}), {}, None, "en")
    assert since_paragraph(RECORD, EDITED, words) == \
        "Since version 0.2.0 (12 March 2026), one cell of the study table changed, but no number of the book moved."
    assert since_paragraph(RECORD, NOTHING, words) == \
        "No number in this book has changed since version 0.2.0 (12 March 2026)."
    assert since_paragraph(None, None, words) == ""
