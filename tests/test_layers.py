"""Dependencies run one way (#23): inputs -> audit -> synthesis -> results -> words (the book's
messages, formats and labels) -> figures and the book; the figures and the rest of the book never
import each other. And no vocabulary code is typed outside :mod:`evsynth.vocabulary`.

Read from the source with :mod:`ast`, so an import inside a function counts as much as one at the
top: an import moved into a function to dodge a cycle is a cycle all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from evsynth import paths, vocabulary
from evsynth.audit.recheck import audit
from evsynth.book.messages import read_notes
from evsynth.catalogue import LANGUAGES
from evsynth.inputs.references import load_references
from evsynth.inputs.studies import load_studies
from evsynth.synthesis import synthesise

SOURCE = Path(__file__).parents[1] / "src"
PACKAGE = SOURCE / "evsynth"

#: Each layer by the modules it holds (a module name, or a package ending in "."), earliest first.
#: A module may import from its own layer and the ones before it.
LAYERS = [
    ("foundation", ("evsynth", "evsynth.errors", "evsynth.paths", "evsynth.escape", "evsynth.notes",
                    "evsynth.vocabulary", "evsynth.run_folder", "evsynth.parameters", "evsynth.catalogue")),
    ("inputs", ("evsynth.inputs", "evsynth.inputs.")),
    ("audit", ("evsynth.audit", "evsynth.audit.")),
    ("synthesis", ("evsynth.synthesis", "evsynth.synthesis.")),
    ("results", ("evsynth.results", "evsynth.changes")),
    ("words", ("evsynth.book.messages", "evsynth.book.formats", "evsynth.book.labels")),
    ("figures and book", ("evsynth.figures", "evsynth.figures.", "evsynth.book", "evsynth.book.")),
    ("commands", ("evsynth.pipeline", "evsynth.kernels", "evsynth.refresh", "evsynth.static_figures",
                  "evsynth.release", "evsynth.__main__", "evsynth.render_steps", "evsynth.scaffold",
                  "evsynth.scaffold.")),
]
#: Within their shared layer, neither may import the other: what both need is in the words layer.
APART = ("evsynth.figures", "evsynth.book")


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))
           if "shared" not in path.relative_to(PACKAGE).parts}  # the scaffold's files are a project's, not ours


def layer(name: str) -> int:
    """The layer of a module: the most specific entry of :data:`LAYERS` that holds it."""
    found = [(len(entry), rank) for rank, (_, entries) in enumerate(LAYERS) for entry in entries
             if name == entry or (entry.endswith(".") and name.startswith(entry))]
    assert found, f"{name} is in no layer of tests/test_layers.py: add it to LAYERS"
    return max(found)[1]


def side(name: str) -> str | None:
    """``evsynth.figures`` or ``evsynth.book`` for a module of the figures or the book (not of the words)."""
    if LAYERS[layer(name)][0] != "figures and book":
        return None
    return next(package for package in APART if name == package or name.startswith(package + "."))


def imported(path: Path, name: str) -> list[tuple[str, int]]:
    """The evsynth modules ``path`` imports, anywhere in it, with their lines."""
    found = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # "from evsynth.book import messages" imports the module evsynth.book.messages
            found += [(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base, node.lineno)
                      for alias in node.names]
    return [(module, line) for module, line in found if module == "evsynth" or module.startswith("evsynth.")]


def wrong_imports(name: str, path: Path) -> list[str]:
    """Each import of ``name`` that goes against the layers, in words."""
    wrong = []
    for module, line in imported(path, name):
        if module not in MODULES:
            continue
        if layer(module) > layer(name):
            wrong.append(f"{name}:{line} imports {module} ({LAYERS[layer(module)][0]}), a later layer than "
                         f"{LAYERS[layer(name)][0]}")
        elif side(name) and side(module) and side(name) != side(module):
            wrong.append(f"{name}:{line} imports {module}: the figures and the book never import each other")
    return wrong


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_from_its_own_layer_and_earlier_ones(name):
    wrong = wrong_imports(name, MODULES[name])
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_an_import_against_the_layers(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def f():\n    from evsynth.figures.forest import forest_rows\n"
                    "    from evsynth.book import messages\n")
    assert wrong_imports("evsynth.book.tables", path) == [
        "evsynth.book.tables:2 imports evsynth.figures.forest: the figures and the book never import each other"]
    assert [w.split(" (")[0] for w in wrong_imports("evsynth.synthesis.effects", path)] == [
        "evsynth.synthesis.effects:2 imports evsynth.figures.forest", "evsynth.synthesis.effects:3 imports evsynth.book.messages"]


# --- vocabulary codes

#: The codes whose spelling only :mod:`evsynth.vocabulary` may hold: an effect's directions and
#: why a row has none, the bases an effect rests on, the designs, the measures and the audit's
#: verdicts; everyone else uses their names. Left out, as words with other meanings here too:
#: ``none`` (also a test family, a plotly value), ``counts`` (also the review's counts and
#: PRISMA's) and ``direction`` (also a column, a figure and a paragraph).
CODES = (set(vocabulary.DIRECTIONS) | set(vocabulary.NO_DIRECTION) | {vocabulary.MIXED}
         | set(vocabulary.BASIS_RANK) | set(vocabulary.DESIGNS) | set(vocabulary.OUTCOME_OF_MEASURE)
         | {vocabulary.NO_EFFECT_MEASURE} | set(vocabulary.VERDICTS)) - {"none", "counts", "direction"}


def code_literals(path: Path) -> list[tuple[str, int]]:
    """String constants of ``path`` that spell a code of :data:`CODES`, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.value, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CODES
            and id(node) not in docstrings]


@pytest.mark.parametrize("name", sorted(set(MODULES) - {"evsynth.vocabulary"}))
def test_no_vocabulary_code_is_typed_outside_the_vocabulary(name):
    found = code_literals(MODULES[name])
    assert not found, "; ".join(f"{name}:{line} types '{code}'" for code, line in found)


def _words_in(value) -> list:
    """The parts of a note's field that are words in a language (a dict keyed by languages)."""
    if isinstance(value, dict):
        return [value] if set(value) & set(LANGUAGES) else [w for v in value.values() for w in _words_in(v)]
    if isinstance(value, list):
        return [w for v in value for w in _words_in(v)]
    return []


def test_the_statistics_notes_carry_no_words_of_a_language():
    """A note names a message and its numbers; the row's own labels are found by the words layer."""
    studies = load_studies(paths.STUDIES, set(load_references(paths.REFERENCES)))
    review = synthesise(studies)
    cells = [*audit(studies)["assumption"], *audit(studies)["reason"], *review.effects["assumption"],
             *review.decisions["reason"]]
    found = [words for cell in cells for _, fields in read_notes(cell) for words in _words_in(fields)]
    assert read_notes(cells[0]), "the audit's first row has its notes"
    assert found == []
    assert _words_in({"outcome": {"id": "x", "en": "y"}}) == [{"id": "x", "en": "y"}]  # the check can fail
