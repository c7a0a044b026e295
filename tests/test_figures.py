"""Figures: the message catalogue, the PRISMA diagram, the traffic light and their exports."""

import functools
import html
import re
import string

import pandas as pd
import pytest
from conftest import AXE_OPTIONS, wcag
from datafiles import BCG_REFERENCES, BCG_STUDIES, TEST_DATA

from evsynth import paths
from evsynth.audit.recheck import audit
from evsynth.book import messages
from evsynth.errors import InvalidData
from evsynth.figures import build
from evsynth.figures.appraisal import COLOURS, SYMBOLS, traffic_light
from evsynth.figures.build import flow_and_appraisal
from evsynth.figures import export
from evsynth.figures.export import MIN_TEXT_PX, PLOTLY_JS, export_figures, export_static
from evsynth.figures.prisma import flow_boxes, prisma_figure
from evsynth.inputs.appraisal import load_appraisal
from evsynth.inputs.prisma import PrismaFlow, load_flow
from evsynth.inputs.references import load_references

REFERENCES = load_references(paths.REFERENCES)


def evidence_of(studies_path, references):
    from evsynth.inputs.studies import load_studies
    from evsynth.synthesis import synthesise

    studies = load_studies(studies_path)
    specs, notes = build.evidence(studies, references, synthesise(studies))
    assert notes == []
    return {(s.name, s.lang): s for s in specs}


# built when a test first asks, not at collection: every xdist worker collects every file
@functools.cache
def review_evidence() -> dict:
    """This review's evidence figures by (name, language)."""
    return evidence_of(paths.STUDIES, REFERENCES)


@functools.cache
def bcg_evidence() -> list:
    """The BCG review's evidence figures, named ``bcg-<name>``."""
    specs = list(evidence_of(BCG_STUDIES, load_references(BCG_REFERENCES)).values())
    for spec in specs:
        spec.name = f"bcg-{spec.name}"
    return specs


REVIEW_FLOW = load_flow(paths.PRISMA)
APPRAISAL = load_appraisal(paths.APPRAISAL)


def placeholders(message):
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_message_exists_in_both_languages_with_the_same_fields():
    for key, languages in messages.MESSAGES.items():
        assert set(languages) == set(messages.LANGUAGES), key
        assert all(languages[lang].strip() for lang in messages.LANGUAGES), key
        assert placeholders(languages["id"]) == placeholders(languages["en"]), key
    assert len(messages.NUMBER_WORDS["id"]) == len(messages.NUMBER_WORDS["en"]) == 21


# "1,83, 8,74": with a decimal comma, a comma between the bounds cannot be read unambiguously
AMBIGUOUS_INTERVAL = re.compile(r"\d,\d+,\s*-?\d")


@pytest.mark.parametrize("lang,between,written", [("id", " sampai ", "1,83 sampai 8,74"), ("en", " to ", "1.83 to 8.74")])
def test_intervals_read_the_same_way_in_figures_and_prose(lang, between, written):
    figure = review_evidence()[("forest", lang)].figure
    words = annotation_text(figure) + [t for trace in figure.data for t in (trace.hovertext or [])]
    estimates = [w for w in words if "(" in w and between in w]
    assert estimates, words
    assert not [w for w in words if AMBIGUOUS_INTERVAL.search(w)]
    assert messages.interval(1.8312, 8.7409, lang) == written


def annotation_text(figure):
    return [a.text for a in figure.layout.annotations]


@pytest.mark.parametrize("lang,included,unknown_legend", [
    ("en", "Studies included in review (n = 6)", "n = ?: count not known"),
    ("id", "Studi yang diikutsertakan dalam tinjauan (n = 6)", "n = ?: jumlah tidak diketahui"),
])
def test_the_review_flow_shows_unknown_counts_as_unknown(lang, included, unknown_legend):
    figure = prisma_figure(REVIEW_FLOW, lang)
    words = "\n".join(annotation_text(figure))
    assert included in words and unknown_legend in words
    assert "Google Scholar (n = ?)" in words and "PubMed (n = ?)" in words
    boxes = {b.key for b in flow_boxes(REVIEW_FLOW, lang)}
    assert boxes == {"identified", "removed", "screened", "records_excluded", "sought", "not_retrieved",
                     "assessed", "reports_excluded", "included"}
    # every box is a rectangle, plus the header and three phase bands
    assert len(figure.layout.shapes) == len(boxes) + 1 + 3


def test_a_complete_flow_with_the_other_arm_has_no_unknowns():
    figure = prisma_figure(load_flow(TEST_DATA / "prisma2020-full.csv"), "en")
    words = "\n".join(annotation_text(figure))
    assert "?" not in words
    for expected in ("PubMed (n = 90)", "Records screened (n = 125)", "Wrong design (n = 10)",
                     "Citation searching (n = 8)", "Studies included in review (n = 12)",
                     "Identification of studies via other methods"):
        assert expected in words
    assert "other_excluded" in {b.key for b in flow_boxes(load_flow(TEST_DATA / "prisma2020-full.csv"), "en")}


def test_the_prisma2020_template_itself_loads():
    flow = load_flow(paths.ROOT.parent / "shared" / "reference" / "PRISMA2020-template.csv") if (
        paths.ROOT.parent / "shared" / "reference" / "PRISMA2020-template.csv").exists() else None
    if flow is None:
        pytest.skip("the PRISMA2020 template (../shared/reference) is not beside this clone")
    assert flow.counts["dbr_excluded"] == [("Reason1", None), ("Reason2", None), ("Reason3", None)]
    assert not flow.other_methods


def test_a_bad_count_in_the_prisma2020_csv_names_its_row(tmp_path):
    text = (TEST_DATA / "prisma2020-full.csv").read_text()
    (tmp_path / "flow.csv").write_text(text.replace("records_screened.html,125", "records_screened.html,many"))
    with pytest.raises(InvalidData) as caught:
        load_flow(tmp_path / "flow.csv")
    (problem,) = caught.value.problems
    row = next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith("records_screened,"))
    assert (problem.row, problem.column, problem.value) == (row, "n", "many")


def test_arithmetic_is_checked_before_drawing():
    flow = PrismaFlow(counts={"database_results": 10, "duplicates": 2, "excluded_automatic": 0,
                              "excluded_other": 0, "records_screened": 9})
    with pytest.raises(InvalidData, match="records_screened = .* = 8"):
        prisma_figure(flow, "en")


def test_the_traffic_light_has_an_answer_per_study_and_item():
    figure = traffic_light(APPRAISAL, REFERENCES, "en")
    assert [t.name for t in figure.data] == ["+  yes", "\u2212  no", "?  unclear", "NA  not applicable"]
    assert sum(len(t.x) for t in figure.data) == 6 * 9
    yes = figure.data[0]
    assert set(yes.y) == {"Putri 2025", "Agustia 2025"} and set(yes.x) == {"4"}
    assert yes.marker.color == COLOURS["yes"] and set(yes.text) == {SYMBOLS["yes"]}
    unclear = figure.data[2]
    assert any("full text" in c[2] for c in unclear.customdata)  # the reason is the tooltip
    indonesian = traffic_light(APPRAISAL, REFERENCES, "id")
    assert [t.name for t in indonesian.data][0] == "+  ya"


def test_text_from_data_is_escaped_before_plotly_sees_it():
    references = {**REFERENCES, "triansyah2021": {"author": "{<script>alert(1)</script>}", "year": "2021"}}
    figure = traffic_light(APPRAISAL, references, "en")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 2021" in figure.layout.yaxis.categoryarray
    flow = PrismaFlow(counts={**REVIEW_FLOW.counts,
                              "database_specific_results": [("<img src=x onerror=alert(1)>", None)]})
    assert "&lt;img src=x onerror=alert(1)&gt; (n = ?)" in "\n".join(annotation_text(prisma_figure(flow, "en")))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    specs, notes = flow_and_appraisal(REVIEW_FLOW, APPRAISAL, REFERENCES)
    full, _ = flow_and_appraisal(load_flow(TEST_DATA / "prisma2020-full.csv"), None, REFERENCES)
    for spec in full:
        spec.name = "prisma-full"
    hostile_references = {**REFERENCES, "triansyah2021": {"author": "{<script>alert(1)</script>}", "year": "2021"}}
    hostile_flow = PrismaFlow(counts={**REVIEW_FLOW.counts,
                                      "database_specific_results": [("<img src=x onerror=alert(1)>", None)]})
    hostile, _ = flow_and_appraisal(hostile_flow, APPRAISAL, hostile_references)
    hostile = [s for s in hostile if s.lang == "en"]
    for spec in hostile:
        spec.name = f"hostile-{spec.name}"
    every = specs + full + hostile + list(review_evidence().values()) + [s for s in bcg_evidence() if s.lang == "en"]
    folders = first, second = [tmp_path_factory.mktemp("figures-a"), tmp_path_factory.mktemp("figures-b")]
    export_figures(every, first, cache=None)
    # again: every HTML and JSON file, and one PNG of each kind of figure drawn anew (the bytes are
    # the browser's each time; every image again would double the test's longest part)
    export_figures(every, second, static=False)
    export_static(list({spec.name: spec for spec in every}.values()), second, cache=None)
    return folders, every


def test_exports_are_byte_identical_across_runs(exported):
    (first, second), specs = exported
    names = sorted(p.name for p in second.iterdir())
    assert len({name for name in names if name.endswith(".png")}) == len({spec.name for spec in specs}) > 5
    assert set(names) <= {p.name for p in first.iterdir()}
    assert len(list(first.iterdir())) == 1 + 4 * len(specs)  # plotly.js once; html, standalone, json, png each
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_an_image_drawn_before_is_copied_and_only_a_changed_figure_is_drawn_again(tmp_path, monkeypatch):
    drawn = []

    def draw(images):  # the browser's part, recorded: each image's bytes name its figure and format
        drawn.append(sorted(path.name for _, _, path in images))
        for figure, form, path in images:
            path.write_text(f"{figure.layout.title.text} {form}", encoding="utf-8")

    monkeypatch.setattr(export, "_draw", draw)
    specs, _ = flow_and_appraisal(REVIEW_FLOW, APPRAISAL, REFERENCES)
    cache = tmp_path / "cache"
    export_figures(specs, tmp_path / "first", cache=cache)
    export_figures(specs, tmp_path / "second", cache=cache)
    static = sorted(f"{s.stem}.png" for s in specs)
    assert drawn == [static]  # the second export drew nothing
    for name in static:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    changed = next(s for s in specs if s.stem == "prisma-en")
    changed.figure.update_layout(title_text="another title")
    export_figures(specs, tmp_path / "third", cache=cache)
    assert drawn[1] == ["prisma-en.png"]
    assert "another title png" in (tmp_path / "third" / "prisma-en.png").read_text(encoding="utf-8")
    export_figures(specs, tmp_path / "fourth", cache=None)  # no cache: every image drawn
    assert drawn[2] == static


def test_exports_carry_alt_text_and_load_plotly_locally(exported):
    (folder, _), specs = exported
    for spec in specs:
        fragment = (folder / f"{spec.stem}.html").read_text()
        assert f'aria-label="{html.escape(spec.alt)}"' in fragment and f'lang="{spec.lang}"' in fragment
        assert len(fragment) < 100_000 and "cdn" not in fragment.lower()  # plotly.js is not embedded
        page = (folder / f"{spec.stem}.standalone.html").read_text()
        assert f'<script src="{PLOTLY_JS}"></script>' in page and f'<html lang="{spec.lang}">' in page
        assert (folder / f"{spec.stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_alt_text_says_how_many_counts_are_unknown():
    (review,) = [s for s in flow_and_appraisal(REVIEW_FLOW, None, REFERENCES)[0] if s.lang == "en"]
    # the alt text counts what is drawn: 14 counts, of which only the studies and their reports are known
    drawn = [n for a in prisma_figure(REVIEW_FLOW, "en").layout.annotations for n in re.findall(r"\(n = ([^)]*)\)", a.text or "")]
    assert len(drawn) == 14 and [n for n in drawn if n != "?"] == ["6", "6"]
    assert "2 of the 14 counts in the diagram are known; the others are shown as n = ?" in review.alt
    (full,) = [s for s in flow_and_appraisal(load_flow(TEST_DATA / "prisma2020-full.csv"), None,
                                             REFERENCES)[0] if s.lang == "en"]
    assert full.alt.endswith("12 studies were included.")


def test_skipped_figures_say_why():
    specs, notes = flow_and_appraisal(None, None, REFERENCES)
    assert specs == [] and notes == ["PRISMA flow diagram skipped: no PRISMA file was given.",
                                     "Appraisal traffic light skipped: no appraisal file was given."]


def test_figure_words_are_json_sidecars(exported):
    import json

    (folder, _), specs = exported
    words = json.loads((folder / "prisma-id.json").read_text())
    assert words["lang"] == "id" and words["title"] == "Diagram alur PRISMA 2020" and "caption" not in words
    assert pd.notna(words["alt"])


@pytest.mark.browser
def test_each_standalone_figure_draws_in_chromium_without_errors_or_network(exported, browser):
    (folder, _), specs = exported
    page = browser.new_page()  # one tab for all: a new one for each figure parses plotly.js anew
    errors, requests, dialogs = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for spec in specs:
        page.goto((folder / f"{spec.stem}.standalone.html").as_uri())
        page.wait_for_selector(f"#{spec.stem}-plot .main-svg")
        drawn = page.evaluate(f"Array.from(document.querySelectorAll('#{spec.stem}-plot .main-svg'))"
                              ".map(svg => svg.textContent).join(' ')")
        assert errors == [] and dialogs == [], spec.stem
        assert all(url.startswith(("file://", "data:")) for url in requests), requests
        assert page.evaluate("document.documentElement.lang") == spec.lang
        if spec.name == "hostile-appraisal":
            assert "<script>alert(1)</script> 2021" in drawn  # shown as text, never run
        if spec.name == "hostile-prisma":
            assert "<img src=x onerror=alert(1)> (n = ?)" in drawn
    page.close()


def in_a_column(browser, folder, stems, column):
    """A page holding the HTML fragments of the figures ``stems`` (one stem or several), one under
    the other in a column ``column`` px wide, drawn, with the book's script for boxes that scroll
    (as every page of the book has it)."""
    stems = [stems] if isinstance(stems, str) else list(stems)
    probe = folder / f"probe-{'-'.join(stems)}-{column}.html"
    script = (paths.ROOT / "assets" / "scroll-regions.html").read_text()
    fragments = "".join((folder / f"{stem}.html").read_text() for stem in stems)
    probe.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>figures</title>'
                     f'<script src="{PLOTLY_JS}"></script></head><body style="margin: 0"><main>'
                     f'<div style="width: {column}px">{fragments}</div></main>{script}</body></html>')
    page = browser.new_page(viewport={"width": column, "height": 900})
    page.goto(probe.as_uri())
    for stem in stems:
        page.wait_for_selector(f"#{stem}-plot .main-svg")
    page.wait_for_timeout(200)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("column", [800, 360])
def test_the_prisma_flow_fits_a_narrow_column_with_its_text_inside_its_boxes(exported, browser, column):
    # the book's content column is about 800 px, a phone's 360 px: the diagram (800 px, 1570 px with
    # the other arm) shrinks whole instead of being cut off on the right, down to the scale that keeps
    # its text legible, and scrolls in its box below that
    (folder, _), _specs = exported
    for stem in ("prisma-en", "prisma-id", "prisma-full-en"):
        page = in_a_column(browser, folder, stem, column)
        fit = page.evaluate("""() => {
            const drawn = document.querySelector('.main-svg').getBoundingClientRect();
            const boxes = Array.from(document.querySelectorAll('.shapelayer path')).map(p => p.getBoundingClientRect());
            const texts = Array.from(document.querySelectorAll('.annotation-text-g'))
                .filter(g => g.textContent.trim()).map(g => g.getBoundingClientRect());
            const inside = t => boxes.some(b => t.left >= b.left - 1 && t.right <= b.right + 1
                                                && t.top >= b.top - 1 && t.bottom <= b.bottom + 1);
            const box = document.querySelector('.evsynth-figure');
            return {page: document.documentElement.scrollWidth, right: drawn.right, texts: texts.length,
                    outside: texts.filter(t => !inside(t)).length,
                    reach: box.getBoundingClientRect().left + box.scrollWidth};
        }""")
        page.close()
        # every text but the legend under the diagram lies inside its box; the page never scrolls sideways,
        # but at a phone's width the diagram, kept legible, scrolls in its own box (up to all of it)
        assert fit["page"] <= column and fit["texts"] > 10, (stem, fit)
        assert fit["outside"] == (0 if stem == "prisma-full-en" else 1), (stem, fit)
        assert fit["right"] <= fit["reach"] + 0.5, (stem, fit)
        if column >= 800 and stem != "prisma-full-en":  # the one-arm diagram fits the book's column whole
            assert fit["reach"] <= column + 0.5, (stem, fit)


@pytest.mark.browser
@pytest.mark.parametrize("column", [360, 1280])
def test_the_direction_plot_draws_no_text_over_another_in_a_phone_column(exported, browser, column):
    # the sign-test notes of the two domains and the key's entries once printed over each other at a
    # phone's width: the notes now stand under the plot one after another, and the key in one column
    (folder, _), _specs = exported
    for stem in ("direction-id", "direction-en"):
        page = in_a_column(browser, folder, stem, column)
        drawn = page.evaluate("""() => {
            const texts = Array.from(document.querySelectorAll('.annotation-text-g, .legendtext, .legendtitletext,'
                                                               + ' .legendpoints, .xtick text, .ytick text, .g-xtitle'))
                .filter(e => e.getBoundingClientRect().width > 0)
                .map(e => { const r = e.getBoundingClientRect();
                            return {words: e.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; });
            const svg = document.querySelector('.main-svg').getBoundingClientRect();
            return {page: document.documentElement.scrollWidth, bottom: svg.bottom, texts};
        }""")
        page.close()
        texts = drawn["texts"]
        overlaps = [(a["words"], b["words"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                    if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1]
        notes = [t for t in texts if "k = " in t["words"]]
        assert len(notes) == 2 and len(texts) > 20, (stem, texts)  # both domains' notes, ticks, key entries
        assert overlaps == [], (stem, overlaps)
        # nothing passes the column's right edge or the figure's bottom, and the page does not scroll sideways
        assert drawn["page"] <= column and max(t["r"] for t in texts) <= column, (stem, drawn["page"])
        assert max(t["b"] for t in texts) <= drawn["bottom"], stem


#: The effective size of every text of the figures on the page, in CSS pixels: its font size
#: times the scale from its drawing to the screen (a diagram shrunk to fit is smaller than it says).
TEXT_SIZES = """() => Array.from(document.querySelectorAll('.evsynth-figure svg text'))
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => { const m = t.getScreenCTM();
                return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)]; })"""


#: The figures a reader meets: this review's, in both languages, and the flow with its other arm.
BOOK_FIGURES = ("prisma", "appraisal", "forest", "direction", "albatross", "prisma-full")


@pytest.mark.browser
@pytest.mark.parametrize("column", [390, 1280])
def test_each_figure_passes_axe_is_legible_and_says_when_it_scrolls(exported, browser, column):
    # at 390 px the PRISMA flow once shrank to 5 px text: a diagram now stops shrinking at 11 px and
    # scrolls in its box, which is then reached by keyboard, faded at its edge and named by a line
    from axe_playwright_python.sync_playwright import Axe

    (folder, _), specs = exported
    stems = [spec.stem for spec in specs if spec.name in BOOK_FIGURES]
    page = in_a_column(browser, folder, stems, column)
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], v["nodes"][0]["html"][:200]) for v in found if wcag(v)] == [], column
    for stem in stems:
        sizes = page.evaluate(TEXT_SIZES.replace(".evsynth-figure", f"#{stem}"))
        scrolls = page.evaluate(f"(b => [b.scrollWidth > b.clientWidth, b.tabIndex, b.classList.contains("
                                f"'evsynth-scrolls')])(document.getElementById('{stem}'))")
        hint_shown = page.locator(f'.evsynth-scroll-hint[data-for="{stem}"]').is_visible()
        assert sizes and min(size for _, size in sizes) >= MIN_TEXT_PX - 0.01, (stem, min(sizes, key=lambda t: t[1]))
        assert scrolls[0] == scrolls[2] == hint_shown and (scrolls[1] == 0 or not scrolls[0]), (stem, scrolls)
    page.close()


def traces_named(figure, **match):
    return [t for t in figure.data if all(getattr(t, k, None) == v for k, v in match.items())]


@pytest.mark.parametrize("lang,alt", [
    ("id", "Diagram gaya forest atas 7 hasil dari 6 studi dalam 4 panel: 4 hasil dari 3 studi dengan taksiran dan "
           "interval kepercayaan, 2 hasil dari 2 studi hanya dengan batas efek, karena p-nya hanya dilaporkan "
           "sebagai batas dan 1 hasil dari 1 studi "
           "hanya dengan arah yang dilaporkan."),
    ("en", "Forest-style chart of 7 results from 6 studies in 4 panels: 4 results from 3 studies with an estimate "
           "and confidence interval, 2 results from 2 studies with only a bound from a censored p-value and "
           "1 result from 1 study with only a reported direction."),
])
def test_the_forest_alt_text_counts_outcomes_and_their_studies(lang, alt):
    # Agustia gives two outcomes: four estimates come from three studies, as the results say
    assert review_evidence()[("forest", lang)].alt == alt


@pytest.mark.parametrize("lang,agustia", [
    ("id", [f"n = 44 · {rr}<br>bila kelompok 22 dan 22" for rr in ("4,00 (1,83 sampai 8,74)", "4,20 (1,93 sampai 9,12)")]),
    ("en", [f"n = 44 · {rr}<br>if groups of 22 and 22" for rr in ("4.00 (1.83 to 8.74)", "4.20 (1.93 to 9.12)")]),
])
def test_forest_labels_give_the_basis_of_an_effect_but_not_the_audit_of_its_printed_p(lang, agustia):
    # the audit judges Agustia's printed p-value ("inconsistent"); beside the risk ratio the verdict
    # would read as a judgement of the effect, so a label says how the effect was got and under which
    # assumption (the groups reconstructed as 22 and 22), nothing more
    figure = review_evidence()[("forest", lang)].figure
    labels = [a.text for a in figure.layout.annotations if a.text and a.text.startswith("n = ")]
    hovers = [h for t in figure.data if t.hovertext for h in t.hovertext]
    assert sorted(t for t in labels if t.startswith("n = 44 ")) == agustia
    verdicts = [messages.text(f"verdict.{v}", lang) for v in
                ("consistent", "inconsistent", "decision_inconsistent", "not_checkable")]
    assert len(labels) == 7 and not [w for w in labels + hovers for v in verdicts if v in w]


@pytest.mark.parametrize("lang,said,not_said", [
    ("en", "(24 improved, 3 got worse), so conservative", "if the fewest changed"),
    ("id", "(24 membaik, 3 memburuk), sehingga konservatif", "bila perubahannya sekecil mungkin"),
])
def test_a_paired_interval_says_the_changes_it_is_taken_at_not_those_the_p_assumed(lang, said, not_said):
    # Pilaria gives only before/after margins: its p assumes the fewest changes (21 and 0), but its
    # interval, 0.47 to 0.93, is taken at the most they allow (24 and 3); the hover said the p's
    figure = review_evidence()[("forest", lang)].figure
    hovers = [h for t in figure.data if t.hovertext for h in t.hovertext if "0.47" in h or "0,47" in h]
    assert hovers and all(said in h and not_said not in h for h in hovers), hovers


def test_forest_draws_estimates_bounds_and_directions_differently():
    figure = review_evidence()[("forest", "en")].figure
    titles = [a.text for a in figure.layout.annotations if a.text in (
        "Risk ratio (log scale)", "Paired difference in proportions (after - before)",
        "Standardised mean change (Hedges' g, paired)", "Direction of effect only")]
    assert len(titles) == 4
    squares = [t for t in figure.data if t.marker.symbol == "square"]
    bounds = [t for t in figure.data if t.mode == "lines+markers" and t.line.dash == "dot"]
    directions = [t for t in figure.data if t.marker.symbol == "triangle-right" and t.mode == "markers"]
    assert len(squares) == 4 and len(bounds) == 2 and len(directions) == 1
    assert all(t.error_x.array is not None for t in squares)  # estimates carry CIs; bounds do not
    words = "\n".join(a.text for a in figure.layout.annotations)
    assert "\u2265 0.96<br>bound from p" in words and "favours intervention<br>direction only" in words
    # the one-group panels measure change from baseline; only a comparison can favour the intervention
    assert words.count("improved<br>from baseline \u2192") == 2 and words.count("favours<br>intervention \u2192") == 2


SIDES = {"en": {"two_group": ("\u2190 favours<br>control", "favours<br>intervention \u2192"),
                 "paired": ("\u2190 worse<br>than baseline", "improved<br>from baseline \u2192")},
         "id": {"two_group": ("\u2190 mendukung<br>kontrol", "mendukung<br>intervensi \u2192"),
                "paired": ("\u2190 memburuk<br>dibanding awal", "membaik<br>dibanding awal \u2192")}}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_forest_panel_names_its_sides_for_its_design(lang):
    import json

    # the figure as plotly.js receives it: panels top to bottom are RR, paired RD, SMCC, direction
    layout = json.loads(review_evidence()[("forest", lang)].figure.to_json())["layout"]
    sides = {}
    for note in layout["annotations"]:
        if note.get("xref", "").endswith(" domain"):
            sides.setdefault(note["xref"], []).append(note["text"])
    expected = SIDES[lang]
    assert sides == {"x domain": list(expected["two_group"]), "x2 domain": list(expected["paired"]),
                     "x3 domain": list(expected["paired"]), "x4 domain": list(expected["two_group"])}
    assert "baseline" not in json.dumps(sides["x domain"]) and "awal" not in json.dumps(sides["x domain"])


def test_a_direction_panel_with_both_designs_names_both_readings():
    from evsynth.figures.forest import _side_keys

    both = pd.DataFrame({"design_group": ["controlled", "uncontrolled"]})
    left, right = (messages.text(key, "en") for key in _side_keys(both))
    assert (left, right) == ("favours control or worse than baseline", "favours intervention or improved from baseline")
    assert _side_keys(pd.DataFrame({"design_group": ["unknown"]}))[1] == "forest.favours_intervention"


def test_the_bcg_forest_has_a_pooled_diamond_and_a_prediction_interval():
    figure = next(s for s in bcg_evidence() if s.name == "bcg-forest" and s.lang == "en").figure
    diamond = [t for t in figure.data if t.fill == "toself"]
    assert len(diamond) == 1 and len(diamond[0].x) == 5
    assert any("Pooled, REML (k = 13)" in str(t) for t in figure.layout.yaxis.ticktext)
    prediction = [t for t in figure.data if t.mode == "lines" and t.line.dash == "dash"]
    assert len(prediction) == 1


def test_effect_direction_plot_votes_on_the_controlled_studies_and_shows_the_floor():
    # the primary synthesis: Putri and Agustia; 2 of 2 favouring the intervention give p = 2 x 0.5^2 = 0.5
    figure = review_evidence()[("direction", "id")].figure
    words = "\n".join(a.text for a in figure.layout.annotations)
    assert "studi berkontrol: k = 2; uji tanda atas 2 dari 2: p = 0,500" in words
    assert "terkecil yang mungkin p = 0,500" in words
    # onset of lactation: Agustia alone; a sign test on one study means nothing, so none is shown
    assert "satu studi: mendukung intervensi; tanpa uji tanda" in words and "p = 1,00" not in words
    drawn = [t for t in figure.data if t.customdata is not None]  # the points, not the key
    said = {(trace.name, hover[1]) for trace in drawn for hover in trace.customdata}
    assert said == {("satu kelompok, sebelum/sesudah", "membaik dibanding keadaan awal"),
                    ("desain berkontrol", "mendukung intervensi")}  # a one-group change is not "in favour"
    symbols = [sym for t in drawn for sym in t.marker.symbol]
    assert symbols.count("triangle-up") == 7  # six studies in milk production, one in lactation onset
    assert {t.name for t in drawn} == {"desain berkontrol", "satu kelompok, sebelum/sesudah"}


@pytest.mark.parametrize("lang,entries,size_words,domains", [
    ("id", {("desain berkontrol", "square"), ("satu kelompok, sebelum/sesudah", "square"),
            ("mendukung intervensi<br>atau membaik dari awal", "triangle-up"),
            ("mendukung kontrol<br>atau memburuk dari awal", "triangle-down"),
            ("campuran (luaran tidak searah)", "diamond"), ("tidak ada perbedaan", "circle-open")},
     "Ukuran: besar sampel<br>(kecil < 50, sedang 50–300, besar > 300)", ("Produksi ASI", "Onset laktasi")),
    ("en", {("controlled design", "square"), ("one group, before/after", "square"),
            ("favours intervention<br>or improved from baseline", "triangle-up"),
            ("favours control<br>or worse than baseline", "triangle-down"),
            ("mixed (outcomes disagree)", "diamond"), ("no difference", "circle-open")},
     "Size: sample size<br>(small < 50, medium 50–300, large > 300)", ("Milk production", "Onset of lactation")),
])
def test_the_direction_plot_has_a_key_and_names_domains_in_words(lang, entries, size_words, domains):
    spec = review_evidence()[("direction", lang)]
    key = {(t.name, t.marker.symbol) for t in spec.figure.data if t.showlegend}
    assert key == entries  # every colour and every shape is named, in the figure's language
    assert not [t for t in spec.figure.data if t.customdata is not None and t.showlegend is not False]
    assert size_words in spec.figure.layout.legend.title.text
    # the alt text names each domain by its label, never by the table's id
    assert all(f"{domain}, " in spec.alt for domain in domains)
    assert "milk_production" not in spec.alt and "lactation_onset" not in spec.alt


def test_albatross_marks_paired_designs_and_censored_p():
    figure = review_evidence()[("albatross", "en")].figure
    paired = traces_named(figure, name="one-group before/after study")[0]
    groups = traces_named(figure, name="two-group study")[0]
    assert len(paired.x) == 4 and len(groups.x) == 3
    [heads] = traces_named(figure, name="bound-heads")
    assert len(heads.x) == 3  # Putri, Triveni and Supardi print only "p = 0,000"
    assert not [a for a in figure.layout.annotations if a.showarrow]  # two traces, whatever the table's size
    contours = {t.name for t in figure.data if t.mode == "lines" and t.showlegend}
    assert contours == {"two-group effect d", "paired effect d_z"}


@pytest.mark.parametrize("lang,labels", [
    ("id", {"d = 0,25", "d = 0,5", "d = 1", "d_z = 0,25", "d_z = 0,5", "d_z = 1"}),
    ("en", {"d = 0.25", "d = 0.5", "d = 1", "d_z = 0.25", "d_z = 0.5", "d_z = 1"}),
])
def test_albatross_contour_labels_use_the_language_s_decimal_separator(lang, labels):
    figure = review_evidence()[("albatross", lang)].figure
    assert {t.text[0] for t in figure.data if t.mode == "text"} == labels


@pytest.mark.parametrize("lang,triansyah,putri", [
    ("id", "Triansyah 2021<br>Produksi ASI cukup<br>p = 0,0156", "Putri 2025<br>Produksi ASI<br>p < 0,0005"),
    ("en", "Triansyah 2021<br>Adequate breast milk production<br>p = 0.0156",
     "Putri 2025<br>Breast milk production<br>p < 0.0005"),
])
def test_albatross_hover_names_study_and_outcome_with_the_language_s_numbers(lang, triansyah, putri):
    # Triansyah's exact McNemar p = 2 x P(X <= 0 | 7, 1/2) = 2/128 = 0.0156; Putri prints "p = 0,000"
    figure = review_evidence()[("albatross", lang)].figure
    hovers = [h for trace in figure.data if trace.mode == "markers" and trace.hovertext for h in trace.hovertext]
    assert len(hovers) == 7 and triansyah in hovers and putri in hovers
    wrong_separator = re.compile(r"\d\.\d") if lang == "id" else re.compile(r"\d,\d")
    assert not [h for h in hovers if wrong_separator.search(h)]


def test_a_table_too_large_to_draw_legibly_gets_the_albatross_only():
    from evsynth.inputs.studies import load_studies
    from evsynth.synthesis import synthesise

    studies = load_studies(BCG_STUDIES)
    specs, notes = build.evidence(studies, None, synthesise(studies), max_rows=10)
    assert {s.name for s in specs} == {"albatross"}
    assert notes == ["Forest-style summary skipped: 13 rows are more than the 10 it can show legibly.",
                     "Effect direction plot skipped: 13 rows are more than the 10 it can show legibly."]
