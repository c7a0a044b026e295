"""The catalogue of a run (``outputs.yml``): its notebooks, what each declares, every output.

``evsynth run`` executes the notebooks in the catalogue's order; the notebook pages of the
book's appendix are written from it (:func:`notebook_page`), and the tests check the books'
profiles, each notebook's parameters cell and a run's files against it.

Standard library and PyYAML only: ``evsynth run`` reads it on its cached no-op path.
"""

from __future__ import annotations

import functools
from pathlib import Path

#: The book's languages, its first language first: every output in words is written in each.
LANGUAGES = ("id", "en")
#: The files of one figure in one language, and those added by ``static_figures``: the PNG that
#: the PDF and DOCX show (a reader who wants a vector image has the HTML figure's SVG button).
FIGURE_FILES = (".html", ".json", ".standalone.html")
STATIC_FIGURE_FILES = (".png",)


@functools.cache
def catalogue() -> dict:
    """``outputs.yml`` as data: ``{"notebooks": {name: entry}}``, in run order."""
    import yaml

    return yaml.safe_load((Path(__file__).with_name("outputs.yml")).read_text(encoding="utf-8"))


def notebook_names() -> list[str]:
    """The pipeline's notebooks, in run order (``NN-verb-object``, without ``.ipynb``).

    >>> notebook_names()[:2]
    ['01-validate-data', '02-audit-reported-results']
    """
    return list(catalogue()["notebooks"])


def notebook_reads() -> dict[str, list[str]]:
    """Each notebook's ``reads``: the notebooks whose results it needs before it can run.

    >>> notebook_reads()["06-draw-evidence"]
    ['01-validate-data', '03-synthesise-evidence']
    """
    return {name: entry["reads"] for name, entry in catalogue()["notebooks"].items()}


def notebook_page(name: str) -> str:
    """The book's page for one notebook: its title and what it does in both languages, and
    the notebook as the run executed it (embedded in HTML, linked in print formats)."""
    entry = catalogue()["notebooks"][name]
    number = name.split("-", 1)[0]
    title, about = entry["title"], entry["about"]
    return f'''---
title: "Notebook {number}: {title["en"]} / {title["id"]}"
---

[{about["id"]}]{{lang="id"}} / [{about["en"]}]{{lang="en"}}

<!-- This render's executed notebook: its code and stored outputs, embedded by Quarto. The stub
     exists because a book lists only files present before the pre-render step runs. Print
     formats link to the notebook instead of reproducing its code. -->
::: {{.content-visible when-format="html"}}
{{{{< embed ../_outputs/notebooks/{name}.ipynb echo=true >}}}}
:::

::: {{.content-hidden when-format="html"}}
[`{name}.ipynb`](../_outputs/notebooks/{name}.ipynb)
:::
'''


def run_files(static_figures: bool = True) -> set[str]:
    """Every file a complete run writes (each output's condition holding), relative to the
    output folder, but its manifest and the shared ``figures/plotly.min.js``."""
    files = set()
    for name, entry in catalogue()["notebooks"].items():
        files.add(f"notebooks/{name}.ipynb")
        makes = entry["makes"]
        files.update(f"results/{file}" for file in makes.get("results", []))
        files.update(f"values/{file}" for file in makes.get("values", []))
        suffixes = FIGURE_FILES + (STATIC_FIGURE_FILES if static_figures else ())
        files.update(f"figures/{figure}-{lang}{suffix}" for figure in makes.get("figures", {})
                     for lang in LANGUAGES for suffix in suffixes)
        for table, how in makes.get("tables", {}).items():
            if how == "download-numbers":
                files.add(f"tables/{table}.csv")
            else:
                files.update(f"tables/{table}-{lang}.{'md' if how == 'markdown' else 'csv'}" for lang in LANGUAGES)
        files.update(f"text/{text}-{lang}.md" for text in makes.get("text", []) for lang in LANGUAGES)
    return files


def write_notebook_pages(folder: Path) -> list[Path]:
    """Write each notebook's page into ``folder`` (``notebook-pages/``); return the pages."""
    pages = []
    for name in notebook_names():
        page = Path(folder) / f"{name}.qmd"
        page.write_text(notebook_page(name), encoding="utf-8")
        pages.append(page)
    return pages
