"""Every public function of the listed modules has a numpydoc docstring: Parameters (where it
takes any), Returns and Examples with a doctest (run by ``--doctest-modules``).

numpydoc is not in the venv, so sections are found by their header: a line holding the
section's name, underlined with at least as many dashes, as numpydoc reads them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

# Modules whose public functions must be documented. Add a module here to hold it to the rule.
MODULES = [
    "evsynth.audit",
    "evsynth.audit.findings",
    "evsynth.audit.paired_binary",
    "evsynth.audit.reasons",
    "evsynth.audit.recheck",
    "evsynth.audit.recheck_continuous",
    "evsynth.audit.recheck_paired_binary",
    "evsynth.audit.recheck_two_group_binary",
    "evsynth.audit.recompute",
    "evsynth.audit.reported_statistic",
    "evsynth.audit.summary",
    "evsynth.audit.t_tests",
    "evsynth.audit.two_group_binary",
    "evsynth.audit.verdict",
    "evsynth.synthesis",
    "evsynth.synthesis.counts",
    "evsynth.synthesis.directions",
    "evsynth.synthesis.effect_formulas",
    "evsynth.synthesis.effect_rows",
    "evsynth.synthesis.effects",
    "evsynth.synthesis.grade",
    "evsynth.synthesis.p_values",
    "evsynth.synthesis.pooling",
    "evsynth.synthesis.random_effects",
    "evsynth.synthesis.tau2",
]
# Packages whose every module must be in MODULES, so a new module is not forgotten.
PACKAGES = ["evsynth.audit", "evsynth.synthesis"]

_HEADER = re.compile(r"^(?P<name>[A-Z][A-Za-z ]*[a-z])[ \t]*\n(?P<rule>-+)[ \t]*$", re.MULTILINE)


def public_functions(module_name: str) -> list[str]:
    """Names of the functions ``module_name`` defines (not imports) without a leading underscore."""
    module = importlib.import_module(module_name)
    return sorted(name for name, obj in vars(module).items()
                  if inspect.isfunction(obj) and obj.__module__ == module_name and not name.startswith("_"))


FUNCTIONS = [(module_name, name) for module_name in MODULES for name in public_functions(module_name)]


def sections(doc: str) -> dict[str, str]:
    """A numpydoc docstring's sections: {header: text up to the next header}."""
    headers = [h for h in _HEADER.finditer(doc) if len(h["rule"]) >= len(h["name"])]
    return {h["name"]: doc[h.end():following.start() if following else len(doc)]
            for h, following in zip(headers, [*headers[1:], None])}


def documented(module_name: str, name: str):
    function = getattr(importlib.import_module(module_name), name)
    doc = inspect.getdoc(function)
    assert doc, f"{module_name}.{name} has no docstring"
    return function, sections(doc)


@pytest.mark.parametrize("module_name,name", FUNCTIONS, ids=[f"{m}.{n}" for m, n in FUNCTIONS])
def test_public_function_has_the_numpydoc_sections(module_name, name):
    function, found = documented(module_name, name)
    required = (["Parameters"] if inspect.signature(function).parameters else []) + ["Returns", "Examples"]
    missing = [section for section in required if section not in found]
    assert not missing, f"{module_name}.{name}: no {', '.join(missing)} section"
    assert ">>> " in found["Examples"], f"{module_name}.{name}: Examples holds no doctest"


@pytest.mark.parametrize("module_name,name", FUNCTIONS, ids=[f"{m}.{n}" for m, n in FUNCTIONS])
def test_parameters_section_names_every_parameter(module_name, name):
    function, found = documented(module_name, name)
    # an entry is an unindented line "name : type" (or "a, b : type"); its description is indented
    entries = re.findall(r"^([*\w][*\w, ]*?)(?:\s*:.*)?$", found.get("Parameters", ""), re.MULTILINE)
    named = {part.strip().lstrip("*") for entry in entries for part in entry.split(",")}
    undocumented = [p for p in inspect.signature(function).parameters if p not in named]
    assert not undocumented, f"{module_name}.{name}: Parameters does not describe {', '.join(undocumented)}"


def test_functions_were_found():
    assert len(FUNCTIONS) >= 13  # guards the discovery itself: the audit alone has 13


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_of_a_package_is_listed(package):
    path = importlib.import_module(package).__path__
    modules = [package] + [info.name for info in pkgutil.walk_packages(path, prefix=f"{package}.")]
    assert not set(modules) - set(MODULES), f"add to MODULES: {sorted(set(modules) - set(MODULES))}"
