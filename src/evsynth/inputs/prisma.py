"""The PRISMA 2020 flow counts and the search strategy, validated with their arithmetic.

Count names follow the ``data`` column of the PRISMA2020 R package's template (Haddaway
et al. 2022), so a file drawn with that app maps onto this one. A count is a whole
number, or ``null`` where it is unknown; the arithmetic between boxes is checked only
where every count a rule needs is known.

References
----------
.. [1] Page, M. J., McKenzie, J. E., Bossuyt, P. M., et al. (2021). The PRISMA 2020
   statement: an updated guideline for reporting systematic reviews. BMJ, 372, n71.
.. [2] Haddaway, N. R., Page, M. J., Pritchard, C. C., & McGuinness, L. A. (2022).
   PRISMA2020: An R package and Shiny app for producing PRISMA 2020-compliant flow
   diagrams. Campbell Systematic Reviews, 18, e1230.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.text_tables import read_text_table
from evsynth.inputs.yamlfile import Lines, load_yaml
from evsynth.paths import shown

#: Boxes holding one count.
COUNTS = (
    "previous_studies", "previous_reports",
    "database_results", "register_results",
    "duplicates", "excluded_automatic", "excluded_other",
    "records_screened", "records_excluded",
    "dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed",
    "website_results", "organisation_results", "citations_results",
    "other_sought_reports", "other_notretrieved_reports", "other_assessed",
    "new_studies", "new_reports", "total_studies", "total_reports",
)
#: Boxes holding a list of {name, n} (records per source) or {reason, n} (exclusions).
BREAKDOWNS = {
    "database_specific_results": "name",
    "register_specific_results": "name",
    "dbr_excluded": "reason",
    "other_excluded": "reason",
}
#: Boxes that count as 0 when absent: a review that searched no register, or has no
#: previous version, simply leaves them out. Every other absent box is unknown.
ZERO_WHEN_ABSENT = ("register_results", "previous_studies", "previous_reports")

TOP_LEVEL = ("counts", "search", "other_methods", "note")


@dataclass(frozen=True)
class PrismaFlow:
    """A validated flow: ``counts[box]`` is an int, None (unknown) or, for a
    breakdown box, a list of ``(label, int | None)``."""

    counts: dict[str, object]
    search: dict[str, object] = field(default_factory=dict)
    other_methods: bool = False
    note: str = ""

    def total(self, box: str) -> int | None:
        """A box's count; for a breakdown, the sum of its parts (None if any is unknown)."""
        if box not in self.counts:
            return 0 if box in ZERO_WHEN_ABSENT else None
        value = self.counts[box]
        if isinstance(value, list):
            parts = [n for _, n in value]
            return None if not parts or None in parts else sum(parts)
        return value

    def included(self, kind: str) -> int | None:
        """The included ``studies`` or ``reports``: the total where the file gives that box,
        else the new ones (a review without a previous version)."""
        return self.total(f"total_{kind}") if f"total_{kind}" in self.counts else self.total(f"new_{kind}")

    def diagram_counts(self) -> list[int | None]:
        """The counts the flow diagram shows, each once, in the order it draws them (None where
        unknown): a box's count and the parts of a breakdown it lists; the included studies and
        reports once (their total, or the new ones without a total), however many of the file's
        boxes hold them; the other-methods arm only when the review used other methods."""
        total = self.total

        def excluded(value) -> list[int | None]:  # a total, and each reason when they are named
            if isinstance(value, list) and value and any(label for label, _ in value):
                return [None if any(n is None for _, n in value) else sum(n for _, n in value)] + [n for _, n in value]
            return [None if not value or value[0][1] is None else value[0][1]]

        shown = [total("database_results")]
        shown += [n for name, n in self.counts.get("database_specific_results") or [] if name]
        if "register_results" in self.counts or self.counts.get("register_specific_results"):
            shown.append(total("register_results"))
        shown += [total(box) for box in ("duplicates", "excluded_automatic", "excluded_other", "records_screened",
                                         "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
                                         "dbr_assessed")]
        shown += excluded(self.counts.get("dbr_excluded"))
        shown += [self.included(kind) for kind in ("studies", "reports")]
        if self.other_methods:
            shown += [total(box) for box in ("website_results", "organisation_results", "citations_results")
                      if box in self.counts]
            shown += [total(box) for box in ("other_sought_reports", "other_notretrieved_reports", "other_assessed")]
            shown += excluded(self.counts.get("other_excluded"))
        return shown

    def known_counts(self) -> tuple[int, int]:
        """How many of the counts the diagram shows are known, and how many it shows (each
        once: :meth:`diagram_counts`); notebook 01 and the diagram's alt text both say this."""
        shown = self.diagram_counts()
        return sum(n is not None for n in shown), len(shown)


def _is_count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def load_flow(path: Path | str) -> PrismaFlow:
    """A PRISMA flow from this project's YAML, or from the PRISMA2020 package's CSV template."""
    return load_prisma_csv(path) if Path(path).suffix.lower() == ".csv" else load_prisma(path)


def load_prisma(path: Path | str) -> PrismaFlow:
    """Load and validate a PRISMA flow file (YAML).

    Raises
    ------
    InvalidData
        With every problem, each naming the file, line, key, value and expectation.
    """
    name = shown(Path(path))
    data, lines = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("counts"), dict):
        raise InvalidData([Problem(name, "a mapping with a 'counts' mapping of PRISMA boxes", line=1)])
    problems = [
        Problem(name, "one of the keys: " + ", ".join(TOP_LEVEL), line=lines[(key,)], column=key)
        for key in data if key not in TOP_LEVEL
    ]
    counts: dict[str, object] = {}
    for box, value in data["counts"].items():
        where = ("counts", box)
        if box in BREAKDOWNS:
            parts = _breakdown(name, lines, where, value, BREAKDOWNS[box], problems)
            if parts is not None:
                counts[box] = parts
        elif box in COUNTS:
            if _is_count(value):
                counts[box] = value
            else:
                problems.append(Problem(name, "a whole number >= 0, or null where unknown",
                                        line=lines[where], column=box, value=value))
        else:
            problems.append(Problem(name, "a PRISMA 2020 box: " + ", ".join((*COUNTS, *BREAKDOWNS)),
                                    line=lines[where], column=box))
    other_methods = data.get("other_methods", False)
    if not isinstance(other_methods, bool):
        problems.append(Problem(name, "true or false", line=lines[("other_methods",)],
                                column="other_methods", value=other_methods))
    search = data.get("search") or {}
    problems.extend(_search_problems(name, lines, search))
    if problems:
        raise InvalidData(problems)
    flow = PrismaFlow(counts=counts, search=search, other_methods=bool(other_methods), note=data.get("note") or "")
    problems = [
        Problem(name, expected, line=lines.get(("counts", box), lines[("counts",)]), column=box,
                value=flow.total(box))
        for box, expected in arithmetic_errors(flow)
    ]
    if problems:
        raise InvalidData(problems)
    return flow


def _breakdown(name, lines, where, value, label, problems) -> list | None:
    if value is None:
        return None
    expected = f"a list of items, each with '{label}' and 'n' (a whole number >= 0, or null)"
    if isinstance(value, int) and _is_count(value):
        return [("", value)]
    if not isinstance(value, list):
        problems.append(Problem(name, expected, line=lines[where], column=where[-1], value=value))
        return None
    parts = []
    for i, item in enumerate(value):
        if (not isinstance(item, dict) or set(item) != {label, "n"} or not isinstance(item[label], str)
                or not _is_count(item["n"])):
            problems.append(Problem(name, expected, line=lines[(*where, i)], column=f"{where[-1]}[{i + 1}]",
                                    value=item))
        else:
            parts.append((item[label], item["n"]))
    return parts


def _search_problems(name: str, lines: Lines, search: object) -> list[Problem]:
    if not isinstance(search, dict):
        return [Problem(name, "a mapping (databases, years, keywords, stages)", line=lines[("search",)],
                        column="search")]
    problems = []
    for key in ("databases", "keywords", "stages"):
        value = search.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(Problem(name, "a list of non-empty texts", line=lines.get(("search", key)),
                                    column=f"search.{key}", value=value))
    years = search.get("years")
    if years is not None and not (isinstance(years, dict) and set(years) == {"from", "to"}
                                  and all(isinstance(v, int) for v in years.values())
                                  and years["from"] <= years["to"]):
        problems.append(Problem(name, "a mapping 'from: YYYY' and 'to: YYYY' with from <= to",
                                line=lines.get(("search", "years")), column="search.years", value=years))
    return problems


def arithmetic_errors(flow: PrismaFlow) -> list[tuple[str, str]]:
    """Boxes whose count contradicts the boxes before it, with the rule in words.

    Each rule is checked only where every count it needs is known.
    """
    reports_box = "new_reports" if flow.counts.get("new_reports") is not None else "new_studies"
    included = [(+1, "dbr_assessed"), (-1, "dbr_excluded")]
    if flow.other_methods:
        included += [(+1, "other_assessed"), (-1, "other_excluded")]
    rules = [
        ("database_results", [(+1, "database_specific_results")]),
        ("register_results", [(+1, "register_specific_results")]),
        ("records_screened", [(+1, "database_results"), (+1, "register_results"), (-1, "duplicates"),
                              (-1, "excluded_automatic"), (-1, "excluded_other")]),
        ("dbr_sought_reports", [(+1, "records_screened"), (-1, "records_excluded")]),
        ("dbr_assessed", [(+1, "dbr_sought_reports"), (-1, "dbr_notretrieved_reports")]),
        ("other_assessed", [(+1, "other_sought_reports"), (-1, "other_notretrieved_reports")]),
        (reports_box, included),
        ("total_studies", [(+1, "new_studies"), (+1, "previous_studies")]),
        ("total_reports", [(+1, "new_reports"), (+1, "previous_reports")]),
    ]
    errors = []
    for box, terms in rules:
        values = [flow.total(b) for _, b in terms]
        target = flow.total(box)
        if target is None or None in values:
            continue
        expected = sum(sign * v for (sign, _), v in zip(terms, values))
        if target != expected:
            formula = " ".join(f"{'+' if sign > 0 else '-'} {b}" for sign, b in terms).lstrip("+ ")
            note = " (one report per study)" if box == "new_studies" and terms is included else ""
            errors.append((box, f"{box} = {formula} = {expected}{note}"))
    return errors


def load_prisma_csv(path: Path | str) -> PrismaFlow:
    """A flow from the PRISMA2020 R package's template (columns ``data`` and ``n``).

    ``n`` holds a count; for the breakdowns (``database_specific_results``,
    ``register_specific_results``, ``dbr_excluded``, ``other_excluded``) a list such as
    ``"PubMed, 120; Scopus, 80"``. The template's placeholder ``xxx`` and ``NA`` mean
    unknown. The other-methods arm is drawn when any of its counts is above zero.
    """
    name = shown(Path(path))
    table = read_text_table(path)
    missing = [c for c in ("data", "n") if c not in table.columns]
    if missing:
        raise InvalidData([Problem(name, "a column with this name (PRISMA2020 template)", row=1, column=c)
                           for c in missing])
    counts, problems = {}, []
    for row, box, value in zip(table.index, table["data"], table["n"]):
        if box in BREAKDOWNS:
            parts = []
            for item in filter(None, (p.strip() for p in value.split(";"))):
                label, _, number = item.rpartition(",")
                count = _count(number)
                if count is False or not label.strip():
                    problems.append(Problem(name, "items 'Label, count' separated by ';' (count or xxx)",
                                            row=row, column="n", value=item))
                else:
                    parts.append((label.strip(), count))
            counts[box] = parts or None
        elif box in COUNTS:
            count = _count(value)
            if count is False:
                problems.append(Problem(name, "a whole number >= 0, or NA / xxx where unknown", row=row,
                                        column="n", value=value))
            else:
                counts[box] = count
    if problems:
        raise InvalidData(problems)
    other = any((counts.get(k) or 0) > 0 for k in ("website_results", "organisation_results", "citations_results",
                                                     "other_sought_reports", "other_assessed"))
    if not other:
        counts = {k: v for k, v in counts.items() if not k.startswith(("website", "organisation", "citations",
                                                                     "other_"))}
    counts = {k: v for k, v in counts.items() if not k.startswith("previous_")}
    flow = PrismaFlow(counts=counts, other_methods=other)
    problems = [Problem(name, expected, column=box) for box, expected in arithmetic_errors(flow)]
    if problems:
        raise InvalidData(problems)
    return flow


def _count(value: str):
    """A template cell: an int, None (unknown), or False (not a count)."""
    value = value.strip()
    if value.lower() in ("", "na", "xxx"):
        return None
    return int(value) if value.isdigit() else False
