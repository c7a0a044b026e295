"""The book's frame, checked without Quarto: the two language trees, references,
citations, values, includes, configuration, and no number typed in the prose.
Tests of the rendered book skip, with the reason, where Quarto is not installed."""

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
import zipfile

import pytest
import yaml

from evsynth import paths
from evsynth.book.language_links import book_pages
from evsynth.book.since_release import APPENDIX as SINCE_RELEASE
from evsynth.inputs.references import load_references

import book_frame
from book_frame import INCLUDE, LABEL, META, OUTPUT, REFERENCE, citations, prose, text_of
from conftest import AXE_OPTIONS, wcag

ROOT = paths.ROOT
LANGUAGES = book_frame.LANGUAGES


def chapters(lang):
    return book_frame.chapters(ROOT, lang)


def test_both_languages_have_the_same_chapter_files():
    assert [p.name for p in chapters("id")] == [p.name for p in chapters("en")]
    assert len(chapters("id")) >= 10


def test_each_chapter_pair_shares_sections_labels_citations_values_and_includes():
    assert book_frame.pair_differences(ROOT) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_cross_reference_has_a_target(lang):
    assert book_frame.unresolved_references(ROOT, lang) == set()
    texts = [text_of(p) for p in chapters(lang)]
    defined = {label for t in texts for label in LABEL.findall(t)}
    used = {ref for t in texts for ref in REFERENCE.findall(t)}
    assert {label for label in defined if label.startswith(("fig-", "tbl-"))} <= used  # every figure is cited


def bibliography_keys():
    """The keys of the review's references and of the methods it cites (methods.bib)."""
    return set(load_references(paths.REFERENCES)) | set(load_references(paths.METHODS_BIB))


def test_every_citation_is_in_the_bibliography():
    keys = bibliography_keys()
    used = set().union(*(citations(text_of(p)) for lang in LANGUAGES for p in chapters(lang)))
    assert used and used - keys == set()


def load_yaml(name):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def book_files(entries):
    """The files of a profile's chapter or appendix list, parts flattened (part page first)."""
    for entry in entries:
        if isinstance(entry, dict) and "part" in entry:
            yield entry["part"]
            yield from entry["chapters"]
        else:
            yield entry["href"] if isinstance(entry, dict) else entry


def test_the_project_and_its_profiles_parse_and_list_existing_files():
    project = load_yaml("_quarto.yml")
    assert project["project"]["type"] == "book"
    assert project["profile"]["default"] == "id"
    assert project["bibliography"] == ["references.bib", "methods.bib"]
    version = re.search(r"(\d+)\.(\d+)", project["quarto-required"]).groups()
    assert tuple(map(int, version)) >= (1, 9)
    # where the pre-render step lists the appendix "What changed since version X" (a release's)
    assert project["metadata-files"] == [paths.BOOK_APPENDIX.name]
    listed = {}
    for lang in LANGUAGES:
        profile = load_yaml(f"_quarto-{lang}.yml")
        assert profile["lang"] == lang and profile["project"]["output-dir"] == f"_book/{lang}"
        assert profile["metadata-files"] == [f"_outputs/values/{lang}.yml", f"_outputs/values/release-{lang}.yml"]
        # the home page is named in words: its heading's shortcode would show raw in breadcrumbs and search
        assert profile["book"]["chapters"][0] == {"href": "index.qmd", "text": profile["preface-title"]}
        files = list(book_files(profile["book"]["chapters"] + profile["book"]["appendices"]))
        assert files[0] == "index.qmd"
        for file in files:
            # a book's files must exist before the pre-render step: none may be a pipeline output
            assert (ROOT / file).is_file() and not file.startswith("_outputs/"), file
        chapter_files = [f for f in files[1:] if f.startswith("chapters-")]
        assert {f.split("/")[-1] for f in chapter_files} == \
            {p.name for p in chapters(lang) if not p.name.startswith("_")} - {SINCE_RELEASE}
        listed[lang] = [f.replace(f"chapters-{lang}/", "") for f in files]
    assert listed["id"] == listed["en"]  # the same chapter order in both languages


def test_every_executed_notebook_is_a_page_of_the_book():
    for lang in LANGUAGES:
        appendices = load_yaml(f"_quarto-{lang}.yml")["book"]["appendices"]
        [part] = [entry for entry in appendices if isinstance(entry, dict) and "part" in entry]
        assert part["part"] == f"chapters-{lang}/appendix-notebooks.qmd"
        pages = [ROOT / page for page in part["chapters"]]
        assert [p.stem for p in pages] == [nb.stem for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))]
        appendix = text_of(ROOT / part["part"])
        for page in pages:
            notebook = f"../_outputs/notebooks/{page.stem}.ipynb"
            assert f"{{{{< embed {notebook} echo=true >}}}}" in text_of(page)  # this render's notebook
            # one page serves both books: a line under the title says what the notebook does, in each language
            [line] = [line for line in text_of(page).split("---\n", 2)[2].splitlines() if line.strip()][:1]
            assert re.fullmatch(r'\[[^\]]+\.\]\{lang="id"\} / \[[^\]]+\.\]\{lang="en"\}', line), page.name
            assert f"(../notebook-pages/{page.name})" in appendix and f"({notebook})" in appendix  # read, download


def test_the_indonesian_profile_fills_quartos_missing_strings():
    language = load_yaml("_quarto-id.yml")["language"]
    assert (language["tools-download"], language["tools-share"]) == ("Unduh", "Bagikan")


@pytest.fixture(scope="module")
def values(review_run):
    out, _ = review_run
    return {lang: book_frame.book_values(out, lang) for lang in LANGUAGES}


def test_the_values_file_holds_every_key_the_chapters_use(values):
    for lang in LANGUAGES:
        used = {key for p in [ROOT / "index.qmd", *chapters(lang)] for key in META.findall(text_of(p))}
        assert used - set(values[lang]) == set(), lang
        assert all(str(values[lang][k]).strip() for k in used), [k for k in used if not str(values[lang][k]).strip()]


def book_sources():
    return [ROOT / "index.qmd", *chapters("id"), *chapters("en")]


def test_no_value_prints_an_interval_a_reader_could_misread(values):
    # "1,83, 8,74" (decimal commas separated by a comma) is ambiguous in Indonesian
    assert not [v for v in values["id"].values() if re.search(r"\d,\d+,\s*-?\d", str(v))]
    assert values["id"]["effect_agustia2025_milk_flow_rr_ci"].count(" sampai ") == 1
    assert values["en"]["effect_agustia2025_milk_flow_rr_ci"].count(" to ") == 1


def test_includes_are_static_files_never_pipeline_outputs():
    # Quarto expands {{< include >}} before the pre-render step: an included file must be in the clone
    for path in book_sources():
        for target in INCLUDE.findall(text_of(path)):
            assert "_outputs" not in target, f"{path.name} includes a pipeline output: {target}"
            assert (path.parent / target).resolve().is_file(), f"{path.name}: {target}"


def test_the_run_writes_every_table_and_figure_the_chapters_ask_for(review_run):
    out, _ = review_run
    wanted = book_frame.wanted_outputs(ROOT)
    assert {kind for kind, _ in wanted} == {"table", "figure", "text"}
    # every one: in this book, a "not drawn" note in place of a figure or table would be a defect
    missing = [file for kind, name in sorted(wanted) for lang in LANGUAGES
               for file in book_frame.output_files(kind, name, lang) if not (out / file).is_file()]
    assert missing == []


def test_the_shortcodes_read_the_folder_the_pre_render_step_writes():
    lua = text_of(ROOT / "_extensions" / "evsynth" / "evsynth.lua")
    assert '"_outputs"' in lua and "evsynth-table" in lua and "evsynth-figure" in lua
    assert load_yaml("_extensions/evsynth/_extension.yml")["contributes"]["shortcodes"] == ["evsynth.lua"]
    # the pre-render step runs the pipeline with its default output folder, the one the shortcodes read
    assert '"-m", "evsynth", "pre-render"]' in text_of(ROOT / "scripts" / "pre-render.py")
    assert 'main(["run", "-p", "static_figures=false"])' in text_of(paths.PACKAGE / "__main__.py")
    assert paths.OUTPUTS == ROOT / "_outputs"
    project = load_yaml("_quarto.yml")["project"]
    assert (project["pre-render"], project["post-render"]) == ("scripts/pre-render.py", "scripts/post-render.py")


def test_the_resources_are_anchored_at_the_project_root(review_run):
    # a glob without a leading / matches at any depth, also inside the other language's _book/
    out, _ = review_run
    for glob in load_yaml("_quarto.yml")["project"]["resources"]:
        assert glob.startswith("/"), glob
        relative = glob[1:]
        base = out if relative.startswith("_outputs/") else ROOT
        matches = list(base.glob(relative.removeprefix("_outputs/")))
        assert matches, f"{glob} matches nothing after a run"


def test_git_ignores_what_quarto_would_add():
    # Quarto appends these exact lines to .gitignore when they are missing, dirtying the checkout
    lines = {line.strip() for line in text_of(ROOT / ".gitignore").splitlines()}
    assert {"/.quarto/", "**/*.quarto_ipynb", "_book/", "_outputs/"} <= lines


def test_every_page_has_a_favicon():
    favicon = load_yaml("_quarto.yml")["book"]["favicon"]
    assert (ROOT / favicon).is_file()
    assert f'href="id/{favicon}"' in text_of(ROOT / "assets" / "book-index.html")


@pytest.mark.parametrize("path", [ROOT / "index.qmd"] + [p for lang in LANGUAGES for p in chapters(lang)],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_number_is_typed_in_the_prose(path):
    assert book_frame.typed_numbers(path) == [], f"digits typed in {path.name}"


def test_the_scanner_catches_a_typed_number():
    assert re.search(r"\d", prose("Sebanyak 6 studi [@triansyah2021] pada 2021."))
    assert not re.search(r"\d", prose("Sebanyak {{< meta values.n_studies >}} studi [@triansyah2021] pada 2021."))


def test_cite_this_follows_citation_cff():
    cff = load_yaml("CITATION.cff")
    citation = load_yaml("_quarto.yml")["citation"]
    assert citation["version"] == cff["version"]
    assert citation["title"] == cff["title"].split(" (evsynth)")[0]
    # the authors are named once, in CITATION.cff; the book's title block and citation show the same names
    named = [author.get("name") or f"{author['given-names']} {author['family-names']}" for author in cff["authors"]]
    book_author = load_yaml("_quarto.yml")["book"]["author"]
    assert (book_author if isinstance(book_author, list) else [book_author]) == named


def test_the_site_requests_nothing_from_elsewhere():
    for name in ("_quarto.yml", "_quarto-id.yml", "_quarto-en.yml", "assets/book-index.html", "assets/book.css",
                 "_extensions/evsynth/evsynth.lua", "scripts/post-render.py"):
        assert not re.search(r"https?://", text_of(ROOT / name)), name
    project = load_yaml("_quarto.yml")
    assert project["format"]["html"]["html-math-method"] == "plain"


quarto = pytest.mark.skipif(shutil.which("quarto") is None,
                            reason="quarto is not on PATH: the rendered book cannot be tested here")


def git_status(folder):
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=folder, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def rendered_book(tmp_path_factory):
    """``make book`` as an author runs it, in a copy of the working tree (tests never write into the
    checkout), committed to a fresh git repository there: the render must leave ``git status`` clean."""
    copy = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)  # keeps times, so the venv's stamp stays newer than the lock
    (copy / ".venv").symlink_to(ROOT / ".venv")  # the same environment, not a second install
    # never older than the copy's lock and package metadata: else make (or the pre-render step) in the copy
    # would reinstall the shared venv's editable evsynth from the copy, and the checkout would lose it
    stamp = (ROOT / ".venv" / ".installed-from-lock").stat().st_mtime
    for name in ("requirements.lock", "pyproject.toml"):
        os.utime(copy / name, (stamp - 1, stamp - 1))
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=test", "-c", "user.email=test@example.org",
                                                     "commit", "-q", "-m", "copy"]):
        subprocess.run(["git", *command], cwd=copy, check=True)
    subprocess.run(["make", "book"], cwd=copy, check=True, timeout=1800)
    assert git_status(copy) == ""
    return copy / "_book"


@quarto
def test_each_language_is_rendered_once_into_its_own_folder_in_every_format(rendered_book):
    figures = {name for path in book_sources() for kind, name in OUTPUT.findall(text_of(path)) if kind == "figure"}
    for lang in LANGUAGES:
        book = rendered_book / lang
        assert not (book / "_book").exists()  # resources never copy the other language's book
        [docx] = book.glob("*.docx")
        [pdf] = book.glob("*.pdf")
        with zipfile.ZipFile(docx) as archive:
            media = [n for n in archive.namelist() if n.startswith("word/media/")]
            document = archive.read("word/document.xml").decode("utf-8")
        assert len([m for m in media if m.endswith(".png")]) == len(figures), media
        tables = {label for p in chapters(lang) for label in LABEL.findall(text_of(p)) if label.startswith("tbl-")}
        assert document.count("<w:tbl>") >= len(tables)
        assert len(re.findall(rb"/Subtype\s*/Image", pdf.read_bytes())) >= len(figures)


@quarto
def test_the_rendered_book_shows_its_version_and_what_changed_since_it(rendered_book, values):
    # this review has a release: its appendix is the first, in every format, and every page's footer has the version
    for lang in LANGUAGES:
        book = rendered_book / lang
        title = values[lang]["release_changes_title"]
        page = (book / f"chapters-{lang}" / SINCE_RELEASE.replace(".qmd", ".html")).read_text(encoding="utf-8")
        assert f"{title}</span>" in page and values[lang]["release_line"] in page
        for html in book_pages(book):
            footer = html.read_text(encoding="utf-8").split('class="nav-footer-left"', 1)[-1]
            assert values[lang]["release_line"] in footer, html
        [docx] = book.glob("*.docx")
        with zipfile.ZipFile(docx) as archive:
            assert title in re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
        pdf = subprocess.run(["pdftotext", next(book.glob("*.pdf")), "-"], capture_output=True, text=True)
        assert pdf.returncode != 0 or title in pdf.stdout  # pdftotext (poppler) where installed


def static_alternate(page, lang):
    """The counterpart's href in the page's static HTML (what a reader without JavaScript gets)."""
    html = page.read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    [alternate] = re.findall(rf'<link rel="alternate" hreflang="{lang}" href="([^"]+)"', head)
    assert re.search(rf'<a href="{re.escape(alternate)}" hreflang="{lang}" lang="{lang}"', html)
    return alternate


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Text of a figure that lies outside its own SVG is cut off for the reader.
TEXT_OUTSIDE = """() => [...document.querySelectorAll('.evsynth-figure')].flatMap(figure => {
  const box = figure.querySelector('.main-svg').getBoundingClientRect();
  return [...figure.querySelectorAll('svg text')].filter(t => { const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                           || r.bottom > box.bottom + 1); }).map(t => t.textContent); })"""


@quarto
@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_at_phone_and_desktop_width(browser, rendered_book, width):
    from axe_playwright_python.sync_playwright import Axe

    from evsynth.figures.export import MIN_TEXT_PX
    from test_figures import TEXT_SIZES

    handler = functools.partial(QuietHandler, directory=str(rendered_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        pages = [p for lang in LANGUAGES for p in book_pages(rendered_book / lang)] + [rendered_book / "index.html"]
        for page in pages:
            relative = page.relative_to(rendered_book).as_posix()
            tab = context.new_page()
            errors, failed, outside, plotly = [], [], [], []
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
            tab.on("request", lambda r: plotly.append(r.url) if r.url.endswith("plotly.min.js") else None)
            tab.goto(f"{base}/{relative}")
            tab.wait_for_load_state("networkidle")
            where = f"{relative} at {width} px"
            assert (errors, failed, outside) == ([], [], []), where
            assert "{{<" not in page.read_text(encoding="utf-8"), f"{where}: a shortcode shows raw"
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"{where} scrolls sideways"
            figures = tab.locator(".evsynth-figure").count()
            assert bool(plotly) == bool(figures), f"{where}: plotly.js requested {len(plotly)}x, {figures} figures"
            for figure in tab.locator(".evsynth-figure").all():
                assert figure.locator(".main-svg").count() >= 1, where
            for link in tab.locator(".evsynth-figure-full-size a").all():  # the figure at full size, a tap away
                target = urllib.parse.urljoin(f"{base}/{relative}", link.get_attribute("href"))
                assert target.endswith(".standalone.html") and tab.request.get(target).ok, (where, target)
            assert tab.locator(".evsynth-figure-full-size").count() == figures, where
            assert tab.evaluate(TEXT_OUTSIDE) == [], where
            violations = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
            assert [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in violations if wcag(v)] == [], where
            if width == 390:  # no figure text below the size a phone can show
                assert all(size >= MIN_TEXT_PX - 0.01 for _, size in tab.evaluate(TEXT_SIZES)), where
            if relative != "index.html":  # a page of a book: the same page in the other language
                lang = relative.split("/")[0]
                assert tab.evaluate("document.documentElement.lang") == lang, where
                (other,) = set(LANGUAGES) - {lang}
                target = urllib.parse.urljoin(f"{base}/{relative}", static_alternate(page, other))
                assert target.startswith(f"{base}/{other}/") and tab.request.get(target).ok, (where, target)
            tab.close()
    finally:
        context.close()
        server.shutdown()


# Words a review of very-low-certainty evidence about an unassessed harm may not use loosely: each
# may stand only in a sentence that also holds one of its approved contexts. One list, both languages.
GUARDED = {
    r"\bsafe(ty)?\b": (r"nothing about safety", r"nothing is known about its safety"),
    r"\brecommend": (r"does not support a recommendation", r"^WHO recommends exclusive breastfeeding"),
    r"\b(aman|keamanan|keamanannya)\b": (r"tidak (dapat menyatakan|memberi keterangan) apa pun tentang keamanan",
                                          r"keamanannya tidak diketahui"),
    r"\b(dianjurkan|menganjurkan|rekomendasi)\b": (r"tidak mendukung rekomendasi",
                                                   r"^WHO menganjurkan ASI eksklusif"),
    r"\bstrongest\b|\bpaling kuat\b|reasonable to offer|wajar ditawarkan|appears safe|tampaknya aman": (),
}


def test_no_sentence_claims_safety_or_recommends_beyond_the_evidence():
    loose = []
    for path in [ROOT / "index.qmd", *chapters("id"), *chapters("en")]:
        for sentence in text_of(path).splitlines():  # one sentence per line
            for word, contexts in GUARDED.items():
                if re.search(word, sentence, re.IGNORECASE) and not any(re.search(c, sentence) for c in contexts):
                    loose.append(f"{path.relative_to(ROOT)}: {sentence}")
    assert loose == []


def test_every_reference_is_cited_in_the_book():
    keys = bibliography_keys()
    cited = {key for p in book_sources() for key in re.findall(r"@([A-Za-z0-9_:-]+)", text_of(p))}
    assert keys - cited == set()


MAIN_TEXT = ("summary", "introduction", "methods", "results", "discussion", "conclusion")


def test_each_languages_main_text_is_a_full_review_and_the_two_match():
    # words of prose a reader reads, summary to conclusion; generated tables and figures excluded
    def words(lang):
        lines = [line for name in MAIN_TEXT for line in text_of(ROOT / f"chapters-{lang}" / f"{name}.qmd").splitlines()
                 if not line.startswith(("{{<", ":::", "|"))]
        return len(" ".join(lines).split())

    indonesian, english = words("id"), words("en")
    assert min(indonesian, english) >= 3000 and abs(indonesian - english) <= 0.15 * max(indonesian, english)


def test_no_indonesian_sentence_starts_with_a_value_in_words():
    # a count in words ("empat") is lower case: at the start of a sentence it reads as an error
    starts = [line for p in chapters("id") for line in text_of(p).splitlines()
              if re.match(r"\{\{< meta values\.\w+_words >\}\}", line)]
    assert starts == []


def test_every_generated_table_stands_in_a_div_of_its_own():
    # a table that is a section's direct child widens the page on a phone: inside a div, book.css
    # lets it scroll in its own box (as the changes since a release once did not)
    from evsynth.scaffold import HERE as SCAFFOLD

    files = [*chapters("id"), *chapters("en"), *SCAFFOLD.rglob("chapters-*/*.qmd")]
    bare = [f"{path.name}:{number}" for path in files
            for number, (before, line) in enumerate(zip([""] + text_of(path).splitlines(), text_of(path).splitlines()), 1)
            if line.startswith("{{< evsynth-table") and not before.startswith(":::")]
    assert bare == [] and len(files) > 20
