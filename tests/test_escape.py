"""Text from data files reaches the book and the downloads as written: never as markup, a
shortcode, a citation or a spreadsheet formula.

The hostile strings are in ``tests/data/hostile-text.txt``, one per line: a new case is one
line there. Generated Markdown is read back by the pandoc of the test extra
(``pypandoc-binary``), with both readers the book uses: Quarto's (pandoc ``markdown``: the
chapters, the notebook pages and the values ``{{< meta >}}`` inserts) and the stricter one
the table shortcode passes to ``pandoc.read`` (``_extensions/evsynth/evsynth.lua``).
"""

import json
import re
import subprocess

import pandas as pd
import pypandoc
import pytest
import yaml
from conftest import evsynth, read_rows, write_rows
from datafiles import TEST_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from evsynth import escape, paths
from evsynth.audit.recheck import audit
from evsynth.book.tables import audit_table, characteristics_table, frame_table, markdown_table, with_words
from evsynth.book.labels import study_label
from evsynth.inputs import load_inputs
from evsynth.results import read_audit, read_synthesis, write_download_csv

HOSTILE = [line for line in (TEST_DATA / "hostile-text.txt").read_text(encoding="utf-8").splitlines() if line]
ORDINARY = ["0,016", "0,000", "0.000", "p < 0,0001", "p = 0.0156", "(>= 0.05)", "≥ 0,70", "Triansyah 2021", "(cc)",
            "d_z", "-", "Produksi ASI cukup", "Increase in breast milk volume (cc)", "tidak disebut",
            "dua kelompok, sebelum/sesudah", "Mann-Whitney U (normal approximation, tie-corrected)",
            "Fisher's exact test", "95,4% fits 21/22 = 95.45% only if truncated", "n_1 = 22", "2021"]
# p as printed in the hostile studies: each is valid, and each was misread where Quarto inserts it
PRINTED = ["> 0,05", "1e-5"]
PANDOC = pypandoc.get_pandoc_path()
LUA_READER = re.search(r'TABLE_MARKDOWN = "([^"]+)"',
                       (paths.ROOT / "_extensions" / "evsynth" / "evsynth.lua").read_text()).group(1)
READERS = ("markdown", LUA_READER)
# All that text from data may become: tables and paragraphs of words (smart quotes are typography).
PLAIN = {"Table", "Plain", "Para", "Str", "Space", "Quoted", "SingleQuote", "DoubleQuote", "AlignDefault", "AlignLeft",
         "ColWidthDefault", "ColWidth", "MetaMap", "MetaInlines", "MetaString"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")


def read(markdown: str, reader: str = "markdown") -> dict:
    """pandoc's abstract syntax tree of ``markdown``, as JSON."""
    done = subprocess.run([PANDOC, "-f", reader, "-t", "json"], input=markdown, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def to_html(markdown: str, reader: str = "markdown") -> str:
    return subprocess.run([PANDOC, "-f", reader, "-t", "html"], input=markdown, capture_output=True, text=True,
                          check=True).stdout


def kinds(node) -> set[str]:
    """Every element type in a pandoc tree."""
    if isinstance(node, dict):
        return ({node["t"]} if "t" in node else set()).union(*map(kinds, node.values()))
    if isinstance(node, list):
        return set().union(*map(kinds, node))
    return set()


def words(node) -> str:
    """The text a reader sees, with pandoc's smart quotes straightened."""
    if isinstance(node, list):
        return "".join(map(words, node))
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return content.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if kind in ("Space", "SoftBreak"):
        return " "
    if kind == "Quoted":
        mark = "'" if content[0]["t"] == "SingleQuote" else '"'
        return mark + words(content[1]) + mark
    if kind in ("Plain", "Para", "MetaInlines"):
        return words(content)
    if kind == "MetaString":
        return content
    raise AssertionError(f"{kind} where only text was expected")


def cells(tree: dict) -> list[list[str]]:
    """The words of each cell of the document's one table, header row first."""
    (table,) = [block for block in tree["blocks"] if block["t"] == "Table"]
    _, _, _, head, bodies, _ = table["c"]
    rows = head[1] + [row for body in bodies for row in body[2] + body[3]]
    return [[words(cell[4]) for cell in row[1]] for row in rows]


def as_read(text) -> str:
    """How text reads once rendered: runs of white space are one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


def assert_only_text(markdown: str, reader: str) -> dict:
    """Read ``markdown`` as the book does; fail on anything but text in a table or paragraph."""
    assert "{{<" not in markdown and "{{%" not in markdown  # Quarto would run a shortcode
    tree = read(markdown, reader)
    assert kinds(tree["blocks"]) - PLAIN == set(), markdown
    return tree


@pytest.mark.parametrize("reader", READERS)
def test_hostile_text_reads_as_written_in_a_table(reader):
    header = ["label", *HOSTILE[:2]]
    rows = [[text, f"before {text} after", "two\nlines"] for text in HOSTILE]
    tree = assert_only_text(markdown_table(header, rows), reader)
    assert cells(tree) == [header] + [[text, f"before {text} after", "two lines"] for text in HOSTILE]
    shown = pd.DataFrame({"test_reported": HOSTILE, "n": range(len(HOSTILE))})
    assert cells(assert_only_text(frame_table(shown), reader))[1:] == [[t, str(n)] for n, t in enumerate(HOSTILE)]


@pytest.mark.parametrize("reader", READERS)
def test_ordinary_text_renders_exactly_as_before(reader):
    # before: only pipes and line breaks were escaped; what reads the same must still render the same
    for text in ORDINARY:
        assert to_html(markdown_table(["x"], [[text]]), reader) == to_html(f"| x |\n|:---|\n| {text} |\n", reader)


def test_the_reviews_tables_render_exactly_as_before(monkeypatch):
    inputs = load_inputs(paths.STUDIES, paths.REFERENCES)

    def tables():
        written = []
        consistency = audit(inputs.studies)
        for lang in ("id", "en"):
            written += [characteristics_table(inputs.studies, inputs.references, lang),
                        audit_table(consistency, inputs.studies, inputs.references, lang),
                        audit_table(consistency, inputs.studies, inputs.references, lang, with_reasons=True)]
        return written

    escaped = tables()
    monkeypatch.setattr(escape, "markdown", lambda value: str(value).replace("|", "\\|").replace("\n", " "))
    for now, before in zip(escaped, tables(), strict=True):
        assert to_html(now) == to_html(before)


# text with every character that means something in Markdown, the sequences that open a construct,
# and plain YAML that pandoc reads as a boolean or a number
SYNTAX = [*" \\`*_[]{}<>$^~@&|#-+%:=!().'\"\n\t", "{{<", "{{%", "<!--", "](", "1. ", "(a) ", "    ", "---", "N", "1e3"]
TEXT = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))
                | st.sampled_from(SYNTAX), max_size=20).map("".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=12))
def test_any_text_reads_as_written_in_a_cell_and_as_a_value(texts):
    literal = "markdown-smart"  # smart punctuation only sets quotes and dashes; the words must be the same
    table = read(markdown_table(["x"], [[t] for t in texts]), literal)
    assert kinds(table["blocks"]) - PLAIN == set()
    assert cells(table)[1:] == [[as_read(t)] for t in texts]
    values = {f"k{i}": escape.markdown(t) for i, t in enumerate(texts)}
    meta = read("---\n" + escape.yaml({"values": values}) + "---\n", literal)["meta"]  # as write_yaml writes
    assert {k: words(v) for k, v in meta["values"]["c"].items()} == {f"k{i}": as_read(t) for i, t in enumerate(texts)}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    """The review's data plus one study per hostile string: its first author, outcome labels
    and named test are that string; its p is printed as one of ``PRINTED``; every other one
    got worse, so that the results hold negative numbers too."""
    folder = tmp_path_factory.mktemp("hostile")
    fieldnames, rows = read_rows(paths.STUDIES)
    base = rows[0]
    for k, text in enumerate(HOSTILE):
        rows.append({**base, "study_id": f"hostile{k}", "outcome_label_id": text, "outcome_label_en": text,
                     "test_reported": text, "p_reported": PRINTED[k % len(PRINTED)],
                     **({"improved": "0", "worsened": "5"} if k % 2 else {})})
    studies = write_rows(folder / "studies.csv", fieldnames, rows)
    references = folder / "references.bib"
    references.write_text(paths.REFERENCES.read_text(encoding="utf-8") + "".join(
        f"\n@misc{{hostile{k},\n  author = {{{text}, Given}},\n  year = {{2020}}\n}}\n"
        for k, text in enumerate(HOSTILE)), encoding="utf-8")
    return studies, references


@pytest.fixture(scope="module")
def hostile_run(hostile_files, tmp_path_factory):
    studies, references = hostile_files
    out = tmp_path_factory.mktemp("hostile-run") / "outputs"
    # HTML figures only: the static exports' escaping is tested in test_figures.py
    done = evsynth("run", "--studies", str(studies), "--references", str(references), "--out", str(out),
                   "-p", "static_figures=false")
    assert done.returncode == 0, done.stderr
    return out


def hostile_rows(table: list[list[str]]) -> list[list[str]]:
    return table[-len(HOSTILE):]


@pytest.mark.parametrize("reader", READERS)
def test_the_table_functions_show_hostile_labels_tests_and_authors_as_written(hostile_files, reader):
    inputs = load_inputs(*hostile_files)
    labels = [study_label(f"hostile{k}", inputs.references) for k in range(len(HOSTILE))]
    for lang in ("id", "en"):
        shown = cells(assert_only_text(characteristics_table(inputs.studies, inputs.references, lang), reader))
        assert [[row[0], row[3], row[4], row[5]] for row in hostile_rows(shown)] == \
            [[label, text, text, PRINTED[k % len(PRINTED)]] for k, (label, text) in enumerate(zip(labels, HOSTILE))]
        consistency = audit(inputs.studies)
        full = cells(assert_only_text(audit_table(consistency, inputs.studies, inputs.references, lang,
                                                  with_reasons=True), reader))
        reasons = [as_read(" ".join(filter(None, [r.reason, r.assumption])))
                   for r in with_words(consistency, lang, inputs.studies).itertuples()]
        # the last cell: the verdict, then its reason and assumptions, or, where long, their notes' numbers
        tree = read(audit_table(consistency, inputs.studies, inputs.references, lang, with_reasons=True), reader)
        notes = dict(words(block["c"]).split(" ", 1) for block in tree["blocks"] if block["t"] == "Para")
        said = [" ".join(notes[mark] for mark in re.findall(r"\[\d+\]", row[-1])) or row[-1].split(". ", 1)[1]
                for row in hostile_rows(full)]
        assert [[row[0], row[1]] for row in hostile_rows(full)] == [[label, text] for label, text in zip(labels, HOSTILE)]
        assert said == reasons[-len(HOSTILE):]


def test_every_markdown_file_of_a_run_shows_hostile_text_as_written(hostile_run):
    files = sorted((hostile_run / "tables").glob("*.md"))
    # characteristics, context, results, audit, full audit; no GRADE without judgements; the JBI items hold no data
    assert len(files) == 12
    for path in (hostile_run / "text").glob("*.md"):  # the paragraphs chosen by the data: text, lines, lists
        for reader in READERS:
            paragraph = path.read_text(encoding="utf-8")
            assert "{{<" not in paragraph and kinds(read(paragraph, reader)["blocks"]) - PLAIN - {
                "SoftBreak", "BulletList"} == set(), paragraph
    for path in [f for f in files if not f.name.startswith("jbi-items")]:
        for reader in READERS:
            shown = cells(assert_only_text(path.read_text(encoding="utf-8"), reader))
            outcome = 3 if path.name.startswith("characteristics") else 1  # the hostile outcome labels' column
            assert [row[outcome] for row in hostile_rows(shown)] == HOSTILE


def test_the_notebooks_markdown_outputs_show_hostile_text_as_written(hostile_run):
    # the book renders the executed notebooks as pages: their Markdown outputs are read by Quarto
    shown = {}
    for path in sorted((hostile_run / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                if "text/markdown" in output.get("data", {}):
                    markdown = "".join(output["data"]["text/markdown"])
                    shown[path.name] = cells(assert_only_text(markdown, "markdown"))
    assert [row[6] for row in hostile_rows(shown["01-validate-data.ipynb"])] == HOSTILE  # test_reported


def test_the_values_read_as_written_where_quarto_inserts_them(hostile_run):
    for lang in ("id", "en"):
        text = (hostile_run / "values" / f"{lang}.yml").read_text(encoding="utf-8")
        assert "{{<" not in text and "{{%" not in text
        values = yaml.safe_load(text)["values"]
        meta = read("---\n" + text + "---\n")["meta"]["values"]["c"]
        assert kinds(meta) - PLAIN == set()
        # escaping only puts a backslash before a character; the reader must take it as that character
        assert {k: words(v) for k, v in meta.items()} == {k: re.sub(r"\\(.)", r"\1", v) for k, v in values.items()}
        for k, printed in enumerate(PRINTED):  # before: a quote block without its ">", and the number 1.0e-5
            assert words(meta[f"audit_hostile{k}_milk_adequacy_printed"]) == printed
        assert values["n_studies"] == str(6 + len(HOSTILE))


def test_no_downloadable_csv_cell_starts_a_formula(hostile_run):
    downloads = sorted((hostile_run / "tables").glob("*.csv"))
    assert len(downloads) == 9  # consistency, effects, pooling decisions, votes in each language; pooled
    for path in downloads:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in pd.read_csv(path).select_dtypes(exclude="number").columns:  # numbers are numbers
            started = frame[column][frame[column].str.startswith(FORMULA_START)]
            assert started.str.fullmatch(PLAIN_NUMBER).all(), (path.name, column, started.tolist())
    consistency = pd.read_csv(hostile_run / "tables" / "consistency-en.csv", dtype=str, keep_default_na=False)
    assert consistency["test_reported"].tolist()[-len(HOSTILE):] == \
        ["'" + text if text.startswith(FORMULA_START) else text for text in HOSTILE]


def test_the_csvs_keep_their_numbers(hostile_run, hostile_files):
    from evsynth.synthesis import synthesise
    from evsynth.synthesis.effects import EFFECT_COLUMNS

    studies = load_inputs(*hostile_files).studies
    for name, computed in (("consistency", audit(studies)), ("effects", synthesise(studies).effects[EFFECT_COLUMNS])):
        written = pd.read_csv(hostile_run / "tables" / f"{name}-en.csv")
        numbers = computed.select_dtypes("number").columns
        assert len(numbers) and len(written) == len(computed), name
        assert name == "consistency" or (computed[numbers] < 0).any().any()  # a minus sign stays a number
        pd.testing.assert_frame_equal(written[numbers], computed[numbers].reset_index(drop=True), check_dtype=False,
                                      rtol=1e-11)


def test_the_result_files_read_back_exactly_as_computed(hostile_run, hostile_files):
    # later notebooks read these files instead of computing again: nothing may change on the way
    from evsynth.synthesis import synthesise

    studies = load_inputs(*hostile_files).studies
    pd.testing.assert_frame_equal(read_audit(hostile_run / "results"), audit(studies), check_dtype=False)
    review, back = synthesise(studies), read_synthesis(hostile_run / "results")
    for name in ("effects", "directions", "pooled", "decisions"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(review, name), check_dtype=False, rtol=0, atol=0)
    assert (back.votes, back.controlled_votes, back.uncontrolled_votes) == \
        (review.votes, review.controlled_votes, review.uncontrolled_votes)


def test_write_download_csv_neutralises_text_that_would_run_as_a_formula(tmp_path):
    frame = pd.DataFrame({"text": [*HOSTILE, "-0.5", "McNemar", None],
                          "number": [-0.5 * i for i in range(len(HOSTILE) + 3)],
                          "count": pd.array([-1] * (len(HOSTILE) + 2) + [None], dtype="Int64")})
    back = pd.read_csv(write_download_csv(frame, tmp_path / "out.csv"), keep_default_na=False, na_values={"count": [""]})
    assert back["text"].tolist() == ["'" + text if text.startswith(FORMULA_START) else text for text in HOSTILE] \
        + ["-0.5", "McNemar", ""]  # a plain number cannot run, so it stays as the number it is
    pd.testing.assert_series_equal(back["number"], frame["number"])
    pd.testing.assert_series_equal(back["count"].astype("Int64"), frame["count"])
