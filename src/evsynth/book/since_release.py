"""What changed since the latest release, in the book's words: the changes table (Markdown for
the appendix, CSV for download), the paragraph of the summary chapter, and the version line of
the home page and the footer.

:mod:`evsynth.changes` compares; here its codes and numbers are only put into words. The
appendix "What changed since version X" exists only where the project has a release: the
pre-render step lists it in the book (:func:`write_book_appendix`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

from evsynth import escape
from evsynth.book.formats import p_statement
from evsynth.book.labels import domain_labels, outcome_labels, study_label
from evsynth.book.messages import (LANGUAGES, beyond_words, counted, estimate_with_interval, in_words, joined,
                                   long_date, text)
from evsynth.book.paragraphs import inline
from evsynth.book.tables import VOTE_ANALYSES, markdown_table
from evsynth.book.value_labels import value_labels
from evsynth.inputs.text_tables import read_text_table
from evsynth.results import write_download_csv, write_yaml

#: The columns of the changes table (``change.header.*``), as the download names them.
COLUMNS = ("what", "where", "before", "now", "because")
#: The appendix's chapter, in each language's folder (``chapters-<lang>/``), which no profile lists.
APPENDIX = "appendix-since-release.qmd"


def release_values(record: dict | None, comparison, lang: str) -> dict[str, str]:
    """The values the home page, the footer and the appendix's heading show: the version, its
    date, a line saying whether the book is that version, and the appendix's title ("" without
    a release)."""
    if record is None:
        return {"release_version": "", "release_date": "", "release_line": text("release.line.none", lang),
                "release_changes_title": ""}
    version, date = record["version"], long_date(record["date"], lang)
    line = "release.line.same" if comparison.none else "release.line.changed"
    return {"release_version": version, "release_date": date,
            "release_line": text(line, lang, version=version, date=date),
            "release_changes_title": text("release.title", lang, version=version)}


class _Words:
    """The labels of one language for the studies, rows, domains and values of both runs."""

    def __init__(self, studies: pd.DataFrame, references: dict, background, lang: str):
        self.lang, self.references = lang, references
        self.rows = outcome_labels(studies, lang)
        self.domains = domain_labels(studies, lang)
        self.values = value_labels(studies, references, background, lang)

    def study(self, study: str) -> str:
        return study_label(study, self.references)

    def row(self, study: str, outcome: str) -> str:
        return text("label.row", self.lang, study=self.study(study),
                    outcome=inline(self.rows.get((study, outcome), outcome)))

    def domain(self, domain: str) -> str:
        return self.domains.get(domain, domain)


def changes_rows(comparison, words: _Words) -> list[list[str]]:
    """One row per study added, removed or cell edited, then per result that moved: what, where,
    before, now, and the input changes that could have moved it, in ``words``' language."""
    lang = words.lang
    empty, absent = text("change.empty", lang), text("change.absent", lang)
    rows = [[text(f"change.what.{kind}", lang), words.study(study), "", "", ""]
            for kind in ("added", "removed") for study in getattr(comparison.studies, kind)]
    rows += [[text("change.what.edited", lang), text("change.cell", lang, row=words.row(study, outcome), column=column),
              old or empty, new or empty, ""] for study, outcome, column, old, new in comparison.studies.edited]
    for change in comparison.results:
        if change.what == "value" and change.where[1] != lang:
            continue
        shown = [absent if found is None else _shown(change, found, words) or empty
                 for found in (change.old, change.new)]
        rows.append([text(f"change.what.{change.what}", lang), _where(change, words), *shown,
                     "; ".join(_cause(cause, words) for cause in change.because) or text("change.because.none", lang)])
    return rows


def _where(change, words: _Words) -> str:
    where, lang = change.where, words.lang
    if change.what == "verdict":
        return words.row(*where)
    if change.what == "direction":
        return f"{words.study(where[0])}, {inline(words.domain(where[1]))}"
    if change.what == "sign_test":
        return text("change.vote_where", lang, domain=words.domain(where[0]),
                    analysis=text(dict(VOTE_ANALYSES)[where[1]], lang))
    if change.what == "pooled":
        return text("change.pooled_where", lang, domain=words.domain(where[0]),
                    measure=text(f"measure.{where[1]}", lang))
    if change.what == "certainty":
        return words.domain(where[0])
    return words.values.get(where[0], where[0])  # a value no label family makes: its key


def _shown(change, found: tuple | str, words: _Words) -> str:
    lang = words.lang
    if change.what == "value":
        return escape.plain(found)
    if change.what == "sign_test":
        k, n_for, n_against, p = found
        sign_test = text("change.no_sign_test", lang) if p is None else p_statement(p, lang)
        return text("change.vote", lang, k=k, n_for=n_for, n_against=n_against, sign_test=sign_test)
    if change.what == "pooled":
        k, estimate, low, high = found
        return text("change.pooled", lang, k=int(k),
                    estimate=estimate_with_interval(estimate, low, high, lang, measure=change.where[1]))
    code = found[0]
    return text(f"{change.what}.{code}", lang) if code else ""


def _cause(cause: tuple, words: _Words) -> str:
    kind, *of = cause
    if kind in ("added", "removed"):
        return text(f"change.because.{kind}", words.lang, study=words.study(of[0]))
    if kind == "edited":
        return text("change.because.edited", words.lang, study=words.study(of[0]), column=of[1])
    return text(f"change.because.{kind}", words.lang, name=of[0])


def since_paragraph(record: dict | None, comparison, words: _Words) -> str:
    """The summary chapter's sentence: what changed since the release, or that no number did;
    "" without a release."""
    if record is None:
        return ""
    lang = words.lang
    version, date = record["version"], long_date(record["date"], lang)
    studies = comparison.studies
    moved = [c for c in comparison.results if c.what != "value" or c.where[1] == lang]
    if not moved:
        if studies.edited:
            cells = counted("cell", len(studies.edited), lang)
            return text("release.cells_only", lang, version=version, date=date, cells=cells)
        return text("release.nothing", lang, version=version, date=date)
    votes = [change for change in moved if change.what == "sign_test" and change.where[1] == "controlled_votes"]
    edited_studies = len({edit[0] for edit in studies.edited})
    # a sentence says all its counts in words, or all in digits when one is beyond words
    counts = [len(studies.added), len(studies.removed), len(studies.edited), edited_studies, len(moved),
              *(n for change in votes for found in (change.old, change.new) if found for n in found[:2])]
    digits = beyond_words(max(counts), lang)
    parts = [text(f"release.studies.{kind}.{'one' if len(found) == 1 else 'other'}", lang,
                  studies=counted("study", len(found), lang, digits))
             for kind, found in (("added", studies.added), ("removed", studies.removed)) if found]
    if studies.edited:
        parts.append(text(f"release.studies.edited.{'one' if len(studies.edited) == 1 else 'other'}", lang,
                          cells=counted("cell", len(studies.edited), lang, digits),
                          studies=counted("study", edited_studies, lang, digits)))
    for change in votes:
        old, new = (_vote_count(found, lang, digits) for found in (change.old, change.new))
        parts.append(text("release.vote", lang, domain=inline(words.domain(change.where[0])), old=old, new=new))
    parts.append(text("release.moved", lang, results=counted("number", len(moved), lang, digits),
                      title=text("release.title", lang, version=version)))
    return text("release.since", lang, version=version, date=date, what=joined(parts, lang))


def _vote_count(found: tuple | None, lang: str, digits: bool) -> str:
    if found is None:
        return text("release.vote.none", lang)
    return text("release.vote.count", lang, n_for=in_words(found[1], lang, digits), k=in_words(found[0], lang, digits))


def write_since_release(out: Path, record: dict | None, comparison, studies: pd.DataFrame, references: dict,
                        background=None) -> dict[str, str]:
    """Write, into the output folder ``out``, the version values (``values/release-<lang>.yml``), the
    summary's paragraph (``text/since-release-<lang>.md``) and, where there is a release
    (``record``, :func:`evsynth.release.release_record`), the changes table
    (``tables/changes-since-<lang>.md``, ``tables/changes-<lang>.csv``). ``studies`` is the run's
    study table; a removed study's rows are labelled from the release's copy. Returns the
    Markdown by name."""
    if record is not None:  # the run's rows first: a study in both is labelled as it is now
        studies = pd.concat([studies, read_text_table(record["files"]["studies"]).fillna("")], ignore_index=True)
        studies = studies.drop_duplicates(["study_id", "outcome_id"])
    written = {}
    for lang in LANGUAGES:
        words = _Words(studies, references, background, lang)
        values = {name: escape.markdown(value) for name, value in release_values(record, comparison, lang).items()}
        write_yaml({"values": values}, out / "values" / f"release-{lang}.yml")
        written[f"since-release-{lang}"] = since_paragraph(record, comparison, words)
        if record is not None:
            rows = changes_rows(comparison, words)
            header = [text(f"change.header.{column}", lang, version=record["version"]) for column in COLUMNS]
            written[f"changes-since-{lang}"] = markdown_table(header, rows) if rows else text("release.no_rows", lang)
            write_download_csv(pd.DataFrame(rows, columns=list(COLUMNS)), out / "tables" / f"changes-{lang}.csv")
    for name, markdown in written.items():
        folder = out / ("text" if name.startswith("since-release") else "tables")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(markdown + "\n" if markdown else "", encoding="utf-8")
    return written


def write_book_appendix(out: Path, path: Path, profile: str | None = None) -> Path | None:
    """List the appendix "What changed since version X" for Quarto in ``path`` (``paths.BOOK_APPENDIX``),
    in the language of the Quarto profile being rendered (``$QUARTO_PROFILE``), where the run in
    ``out`` compared itself with a release; else leave the file empty, so no heading stands for nothing.

    ``_quarto.yml`` reads the file among its metadata files, and Quarto reads the project again
    after the pre-render step, so the book of this render has the appendix exactly when the run
    found a release. Returns the file, or None outside a render of one language.
    """
    profile = os.environ.get("QUARTO_PROFILE", "") if profile is None else profile
    lang = next((name.strip() for name in profile.split(",") if name.strip() in LANGUAGES), None)
    if lang is None:
        return None
    values = yaml.safe_load((out / "values" / f"release-{lang}.yml").read_text(encoding="utf-8"))["values"]
    title = escape.plain(values["release_changes_title"])
    book = {"book": {"appendices": [{"href": f"chapters-{lang}/{APPENDIX}", "text": title}]}}
    path.write_text(yaml.safe_dump(book, allow_unicode=True) if title else "{}\n", encoding="utf-8")
    return path
