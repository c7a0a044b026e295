"""The Indonesian terminology list (``src/evsynth/book/terminology.yml``) is followed everywhere a
reader meets Indonesian text: both chapter trees of this book and of a new project, the
Indonesian text of the data files and the message catalogue."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from evsynth import paths
from evsynth.book.messages import MESSAGES

ROOT = Path(__file__).parents[1]
TERMS = yaml.safe_load(resources.files("evsynth.book").joinpath("terminology.yml").read_text(encoding="utf-8"))["terms"]
REJECTED = [(phrase, term["use"]) for term in TERMS for phrase in term["not"]]


def indonesian_texts() -> dict[str, str]:
    """Every Indonesian text a reader may meet, by where it is."""
    texts = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
             for folder in (ROOT / "chapters-id", ROOT / "src/evsynth/scaffold/project/chapters-id")
             for path in sorted(folder.glob("*.qmd"))}
    texts.update({f"messages.yml: {key}": entry["id"] for key, entry in MESSAGES.items()})
    for name in ("grade", "claims"):  # the book's own words; a claim's quote is the manuscript's, kept verbatim
        data = yaml.safe_load(getattr(paths, name.upper()).read_text(encoding="utf-8"))
        for i, entry in enumerate(data.get("outcomes") or data.get("claims") or []):
            texts[f"{name}.yml #{i + 1}"] = yaml.safe_dump({k: v for k, v in entry.items() if k != "quote"},
                                                          allow_unicode=True)
    return texts


def rejected_in(text: str) -> list[tuple[str, str]]:
    return [(phrase, use) for phrase, use in REJECTED
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE)]


@pytest.mark.parametrize("where,text", list(indonesian_texts().items()))
def test_no_rejected_term(where, text):
    found = rejected_in(text)
    assert not found, f"{where}: " + "; ".join(f"'{phrase}' (use '{use}')" for phrase, use in found)


def test_the_check_finds_a_rejected_term_in_any_case():
    assert rejected_in("Uji Kai-kuadrat Pearson") == [("kai-kuadrat", "khi-kuadrat")]
    assert rejected_in("p yang dilaporkan sebagai batas; Khi-kuadrat") == []
    assert rejected_in("nilai p tersensor") == [("p tersensor", "p yang dilaporkan sebagai batas"),
                                                ("nilai p tersensor", "p yang dilaporkan sebagai batas")]


def test_every_entry_names_its_term_the_english_and_why():
    for term in TERMS:
        assert set(term) == {"use", "not", "en", "why"} and term["not"], term
