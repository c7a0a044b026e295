"""The bibliography in the page's language, and the entries known only by their author and year.

Each profile names its own citation style (``assets/bibliography-<lang>.csl``): Quarto writes the
HTML references page in a pandoc run that is not given the book's ``lang``, so the style's own
locale gives that page its words, and the style notes, in the same language, each entry of which
only the author and the year are known. The tests that run citeproc skip, saying why, where
``quarto`` (and so its pandoc) is not on PATH.
"""

import difflib
import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

from evsynth import paths
from evsynth.inputs.references import (IDENTIFYING_FIELDS, known_only_by_author_and_year, load_references,
                                       unverified)
from evsynth.scaffold import HERE as SCAFFOLD
from evsynth.scaffold.copies import SHARED

ROOT = paths.ROOT
LANGUAGES = ("id", "en")
LOCALES = {"id": "id-ID", "en": "en-US"}
MARKERS = {"id": "[Hanya penulis dan tahun yang diketahui]", "en": "[Only the author and year are known]"}
# the words that join authors' names in each language
WORDS = {"id": (" dan ", " dkk."), "en": (" and ", " et al.")}
CSL = "{http://purl.org/net/xbiblio/csl}"
# The CSL variable pandoc reads each identifying BibTeX field into: the style marks an entry with none of them.
READ_AS = {"title": "title", "journal": "container-title", "journaltitle": "container-title",
           "booktitle": "container-title", "maintitle": "title", "publisher": "publisher",
           "institution": "publisher", "organization": "publisher", "school": "publisher",
           "howpublished": "publisher", "doi": "DOI", "url": "URL"}

quarto = pytest.mark.skipif(shutil.which("quarto") is None,
                            reason="quarto is not on PATH: citeproc (quarto pandoc) cannot be run here")


def style_path(lang):
    return ROOT / "assets" / f"bibliography-{lang}.csl"


def marker_macro(lang):
    style = ElementTree.parse(style_path(lang)).getroot()
    [macro] = [m for m in style.iter(f"{CSL}macro") if m.get("name") == "evsynth-known-only-by-author-and-year"]
    return style, macro


def book_entries():
    return {**load_references(paths.REFERENCES), **load_references(paths.METHODS_BIB)}


@pytest.mark.parametrize("root", [ROOT, SCAFFOLD / "project"], ids=["book", "scaffold"])
def test_each_profile_names_the_style_of_its_language_and_typst_uses_it(root):
    for lang in LANGUAGES:
        profile = yaml.safe_load((root / f"_quarto-{lang}.yml").read_text(encoding="utf-8"))
        assert profile["lang"] == lang  # Quarto's interface strings stay those of the language
        assert profile["csl"] == f"assets/bibliography-{lang}.csl"
    project = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    assert "csl" not in project  # the project's would be the one style of both languages
    # Typst's own bibliography would print its own style in English: the PDF goes through citeproc too
    assert project["format"]["typst"]["citeproc"] is True


def test_a_new_project_gets_both_styles():
    for lang in LANGUAGES:
        assert f"assets/bibliography-{lang}.csl" in SHARED  # tests/test_scaffold.py checks the copies byte for byte


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_style_sets_its_locale_and_notes_an_entry_with_no_title_container_publisher_or_link(lang):
    style, macro = marker_macro(lang)
    assert style.get("default-locale") == LOCALES[lang]
    [condition] = macro.iter(f"{CSL}if")
    assert condition.get("match") == "none"
    assert set(condition.get("variable").split()) == set(READ_AS.values())
    [text] = condition.iter(f"{CSL}text")
    assert text.get("prefix") + text.get("value") + text.get("suffix") == MARKERS[lang]
    # the bibliography prints it
    [entry] = [m for m in style.iter(f"{CSL}macro") if m.get("name") == "bibliography-author-date"]
    assert "evsynth-known-only-by-author-and-year" in [t.get("macro") for t in entry.iter(f"{CSL}text")]


def test_the_style_tests_the_variables_the_identifying_fields_are_read_into():
    assert set(READ_AS) == set(IDENTIFYING_FIELDS)


def test_the_two_styles_differ_only_in_their_language():
    indonesian, english = (style_path(lang).read_text(encoding="utf-8").splitlines() for lang in LANGUAGES)
    changed = [line[0] + line[1:].strip() for line in difflib.unified_diff(indonesian, english, lineterm="", n=0)
               if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
    assert changed == [
        f'-<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" demote-non-dropping-particle='
        f'"display-and-sort" page-range-format="chicago-16" version="1.0" default-locale="id-ID">',
        f'+<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" demote-non-dropping-particle='
        f'"display-and-sort" page-range-format="chicago-16" version="1.0" default-locale="en-US">',
        "-<title>Chicago Manual of Style 18th edition (author-date), evsynth, Indonesian</title>",
        "+<title>Chicago Manual of Style 18th edition (author-date), evsynth, English</title>",
        "-<id>evsynth-chicago-author-date-id</id>",
        "+<id>evsynth-chicago-author-date-en</id>",
        '-<text value="Hanya penulis dan tahun yang diketahui" prefix="[" suffix="]"/>',
        '+<text value="Only the author and year are known" prefix="[" suffix="]"/>',
    ]


def test_the_entries_known_only_by_author_and_year_are_those_whose_title_is_not_known():
    entries = book_entries()
    known_only = known_only_by_author_and_year(entries)
    assert "barirah2017" in known_only and "andreas2015" not in known_only
    # such an entry says that its title is missing (the note in the bibliography is not hiding a typo),
    # and in this book every entry without a title is known only by its author and year
    missing = unverified(entries)
    untitled = sorted(key for key in entries if "title" not in entries[key])
    assert known_only == untitled and all("title" in missing[key] for key in known_only)


def citeproc(bibliography, style, lang=None):
    """``{key: entry as text}`` of every entry, as citeproc writes them in HTML with ``style``
    (and ``lang``, as for a chapter, DOCX or PDF; without it, as for Quarto's HTML references page)."""
    metadata = {"bibliography": [str(path) for path in bibliography], "csl": str(style), "nocite": "@*"}
    if lang:
        metadata["lang"] = lang
    done = subprocess.run(["quarto", "pandoc", "--citeproc", "--from", "markdown", "--to", "html", "--wrap=none"],
                          input=f"---\n{yaml.safe_dump(metadata)}---\n", capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=True)
    entries = re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', done.stdout, re.DOTALL)
    return {key: html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for key, text in entries}


@quarto
@pytest.mark.parametrize("lang", [*LANGUAGES, None], ids=["lang-id", "lang-en", "as-references-page"])
def test_citeproc_writes_the_bibliography_in_the_language_of_each_style(lang):
    known_only = known_only_by_author_and_year(book_entries())
    for style in LANGUAGES:
        if lang not in (None, style):
            continue
        entries = citeproc([paths.REFERENCES, paths.METHODS_BIB], style_path(style), lang)
        assert set(entries) == set(book_entries())
        other = "en" if style == "id" else "id"
        # the authors, before the year (titles are in the language of the work)
        authors = "\n".join(re.match(r"(.*?) \d{4}\.", entry).group(1) for entry in entries.values())
        assert all(word in authors for word in WORDS[style]) and not any(word in authors for word in WORDS[other])
        assert entries["agresti2013"].endswith({"id": " 3 ed.", "en": " 3rd ed."}[style])
        text = "\n".join(entries.values())
        assert sorted(key for key, entry in entries.items() if MARKERS[style] in entry) == known_only
        assert entries["barirah2017"] == {"id": "Barirah dkk. 2017. [Hanya penulis dan tahun yang diketahui].",
                                          "en": "Barirah et al. 2017. [Only the author and year are known]."}[style]
        assert MARKERS[other] not in text


@quarto
def test_each_identifying_field_is_read_as_the_style_expects(tmp_path):
    # one entry per field (a book title only for a part of a book: pandoc reads no other booktitle), one without
    value = {"doi": "10.1000/1", "url": "https://example.org/1"}
    bib = ["@misc{only, author = {Surname}, year = {2001}}"] + [
        f"@{'incollection' if field == 'booktitle' else 'misc'}{{with-{field}, author = {{Surname}}, "
        f"year = {{2001}}, {field} = {{{value.get(field, 'Words')}}}}}"
        for field in IDENTIFYING_FIELDS]
    (tmp_path / "fields.bib").write_text("\n".join(bib) + "\n", encoding="utf-8")
    entries = citeproc([tmp_path / "fields.bib"], style_path("en"))
    assert len(entries) == len(IDENTIFYING_FIELDS) + 1
    assert [key for key, entry in entries.items() if MARKERS["en"] in entry] == ["only"]
