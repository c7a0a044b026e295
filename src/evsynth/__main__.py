"""Command line: ``python -m evsynth`` or ``evsynth``.

Heavy libraries are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evsynth import paths


def _validate(args: argparse.Namespace) -> int:
    """The data files, then the boxes of the chapters still to be written."""
    from evsynth.inputs import load_inputs
    from evsynth.scaffold import places_to_write

    files = review_files(args)
    inputs = load_inputs(**files)
    table = inputs.studies
    print(f"valid: {paths.shown(files['studies'])} ({len(table)} rows, {table['study_id'].nunique()} studies)")
    for path in list(files.values())[1:]:
        if path:
            print(f"valid: {paths.shown(path)}")
    if table.empty:
        print(f"not filled in yet: {paths.shown(files['studies'])} has no study (data/README.md says how to fill it)")
    if inputs.prisma is not None and inputs.prisma.known_counts()[0] == 0:
        print(f"not filled in yet: {paths.shown(files['prisma'])} gives no count (its diagram is drawn once it does)")
    places = places_to_write(paths.ROOT)
    if places:
        print(f"to be written: {len(places)} {'place' if len(places) == 1 else 'places'} marked for the authors' "
              "own words")
        for chapter, line in places:
            print(f"  {paths.shown(chapter)}, line {line}")
    return 0


def review_files(args: argparse.Namespace) -> dict[str, Path | None]:
    """The input files to use: the project's own when no study table is named.

    With another review's ``--studies``, this review's PRISMA, appraisal and
    background files would be meaningless, so only the files named are used. Of the
    project's own files, the study table and the references must exist; the others are
    used where the project has them (a new review starts without an appraisal or GRADE).
    """
    if args.studies is not None and args.references is None:
        raise UsageError("--references is required with --studies")
    own = args.studies is None

    def optional(given, path):
        return given or (path if own and path.exists() else None)

    return {
        "studies": args.studies or paths.STUDIES,
        "references": args.references or (paths.REFERENCES if own else None),
        "prisma": optional(args.prisma, paths.PRISMA),
        "appraisal": optional(args.appraisal, paths.APPRAISAL),
        "background": optional(args.background, paths.BACKGROUND),
        "grade": optional(args.grade, paths.GRADE),
        "claims": optional(args.claims, paths.CLAIMS),
    }


def since_release(args: argparse.Namespace) -> Path | None:
    """The release a run says what changed since: ``--since``, else the project's latest (in
    ``releases/``) when the run uses the project's own files, else none."""
    from evsynth.release import RECORD, latest

    if args.since is not None:
        if not (args.since / RECORD).is_file():
            raise UsageError(f"--since {args.since}: not a release (no {RECORD} in it); releases/ holds them")
        return args.since
    return latest(paths.RELEASES) if args.studies is None else None


class UsageError(Exception):
    """Options that do not go together; reported as ``evsynth COMMAND: message``, exit 2."""


INPUT_OPTIONS = {
    "studies": "extraction table (CSV or XLSX)",
    "references": "BibTeX file (required with --studies)",
    "prisma": "PRISMA flow counts (YAML, or a PRISMA2020 CSV)",
    "appraisal": "JBI appraisal (CSV or XLSX)",
    "background": "introduction figures (YAML)",
    "grade": "GRADE judgements per outcome domain (YAML)",
    "claims": "the manuscript's claims and what the book does with them (YAML)",
}


def _add_input_options(parser: argparse.ArgumentParser, names=tuple(INPUT_OPTIONS)) -> None:
    for name in names:
        parser.add_argument(f"--{name}", type=Path, help=INPUT_OPTIONS[name])


def _run(args: argparse.Namespace) -> int:
    from evsynth.pipeline import RunFailed, run
    from evsynth.refresh import update_notebooks

    if args.update_notebooks:
        update_notebooks()
        print(f"Notebooks refreshed in {paths.shown(paths.NOTEBOOKS)}")
        return 0
    files = review_files(args)
    try:
        overrides = _parameters(args.parameter)
        run(files, args.out, overrides, force=args.force, since=since_release(args))
    except RunFailed as err:
        print(f"The run failed; {paths.shown(args.out)} is unchanged.\n  {err}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"evsynth run: {err}", file=sys.stderr)
        return 2
    return 0


def _parameters(pairs: list[str]) -> dict:
    """``-p key=value`` pairs; a value is a number where Python reads one (0.01, 5e-1), else a
    YAML scalar (true, DL) under the strict loader, which refuses tags and aliases."""
    import yaml

    from evsynth.inputs.yamlfile import strict_load

    parsed = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-p takes key=value, got {pair!r}")
        try:
            parsed[name.strip()] = _number(value) if _is_number(value) else strict_load(value)[0]
        except yaml.YAMLError as err:
            raise ValueError(f"-p {name.strip()}: {value!r} is not a plain value ({getattr(err, 'problem', err)})") \
                from None
    return parsed


def _number(value: str) -> int | float:
    return int(value) if value.strip().lstrip("+-").isdigit() else float(value)


def _is_number(value: str) -> bool:
    """Whether ``value`` is a finite number as Python writes one (YAML 1.1 reads 5e-1 as text)."""
    try:
        return abs(float(value)) < float("inf") and value.strip().lower() not in ("nan", "inf", "-inf")
    except ValueError:
        return False


def _references(args: argparse.Namespace) -> int:
    from evsynth.inputs.references import known_only_by_author_and_year, load_references, unverified

    entries = load_references(args.references)
    missing = unverified(entries)
    if not missing:
        print(f"Every entry of {paths.shown(args.references)} is verified.")
    else:
        print(f"{len(missing)} entries of {paths.shown(args.references)} lack verified details:")
        width = max(map(len, missing))
        for key, fields in missing.items():
            print(f"  {key:<{width}}  {', '.join(fields)}")
    bare = known_only_by_author_and_year(entries)
    if bare:
        print(f"{len(bare)} of them are known only by author and year, which the bibliography says beside "
              f"each: {', '.join(bare)}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from evsynth.scaffold import ScaffoldRefused, new_project

    try:
        made = new_project(args.folder, args.studies, args.references, args.prisma, args.appraisal,
                           args.title_id, args.title_en, args.force)
    except ScaffoldRefused as err:
        raise UsageError(str(err)) from None
    print(f"Made a review project in {args.folder} ({len(made.written)} files written):")
    for folder in sorted({p.relative_to(args.folder).parts[0] for p in made.written}):
        print(f"  {folder}")
    if made.kept:
        print(f"Kept as they are ({len(made.kept)} files that differ from what evsynth new writes, "
              "changed by you or not made by it):")
        for path in made.kept:
            print(f"  {path.relative_to(args.folder).as_posix()}")
    first = "check data/" if args.studies else "fill data/ (data/README.md says how)"
    print(f"Next: {first}, then 'evsynth validate', 'evsynth run', and 'quarto render' in that folder.")
    return 0


def _pre_render(_args: argparse.Namespace) -> int:
    """Quarto's pre-render step: validate and run (a new project calls it directly, this book's
    scripts/pre-render.py from the project venv)."""
    from evsynth.render_steps import stop_quarto

    # no PNG: an HTML book shows none, and the PDF and DOCX add them when they ask (static-figures)
    status = main(["run", "-p", "static_figures=false"])
    if status:
        print("pre-render: the book was not rendered because 'evsynth run' failed (see above); "
              "fix the data, then render again.", file=sys.stderr)
        stop_quarto()
        return status
    from evsynth.book.since_release import write_book_appendix

    write_book_appendix(paths.OUTPUTS, paths.BOOK_APPENDIX)  # "What changed since version X", where there is a release
    return 0


def _release(args: argparse.Namespace) -> int:
    from evsynth.release import ReleaseRefused, release

    try:
        made = release(args.version, review_files(args), args.out, paths.RELEASES, paths.CITATION, paths.QUARTO)
    except ReleaseRefused as err:
        print(f"evsynth release: {err}", file=sys.stderr)
        return 2
    print(f"Released {args.version}: {paths.shown(made)}")
    return 0


def _static_figures(args: argparse.Namespace) -> int:
    from evsynth.run_folder import RefusedOutput
    from evsynth.static_figures import add_static_figures

    try:
        add_static_figures(args.out, echo=lambda line: print(line, file=sys.stderr))
    except (RefusedOutput, RuntimeError) as err:  # no finished run; no browser to draw with
        print(f"evsynth static-figures: {err}", file=sys.stderr)
        return 2
    return 0


def _post_render(_args: argparse.Namespace) -> int:
    import os

    from evsynth.book.language_links import link_book
    from evsynth.book.link_names import name_links_as_shown

    output_dir = Path(os.environ["QUARTO_PROJECT_OUTPUT_DIR"])
    pages = link_book(output_dir)
    name_links_as_shown(output_dir)
    print(f"post-render: language links written into {len(pages)} pages")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evsynth", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check the input files; exit 1 on any problem",
        description="Without --studies, the review's own files are checked; with it, only the files named.")
    _add_input_options(validate)
    validate.set_defaults(run=_validate)

    run = commands.add_parser(
        "run", help="execute the notebooks into an output folder (cached, atomic)",
        description="Without --studies, the review's own files are used; with it, only the files named.")
    _add_input_options(run)
    run.add_argument("--out", type=Path, default=paths.OUTPUTS, help="output folder (default: _outputs)")
    run.add_argument("-p", "--parameter", action="append", default=[], metavar="KEY=VALUE",
                     help="a notebook parameter, e.g. -p alpha=0.01 -p binary_measure=OR")
    run.add_argument("--force", action="store_true", help="run even when nothing changed")
    run.add_argument("--since", type=Path, metavar="RELEASE",
                     help="the release to say what changed since, e.g. releases/0.1.0 (default: the latest in "
                          "releases/ for the project's own files; none with --studies)")
    run.add_argument("--update-notebooks", action="store_true",
                     help="re-execute notebooks/ with their defaults and store them normalised")
    run.set_defaults(run=_run)

    new = commands.add_parser(
        "new", help="make a review project (data, chapters in both languages, notebooks, Quarto configuration)",
        description="Without --studies, data/ holds empty templates; with it, the files given are copied.")
    new.add_argument("folder", type=Path, help="a new or empty folder")
    _add_input_options(new, ("studies", "references", "prisma", "appraisal"))
    new.add_argument("--title-id", help="the book's title in Indonesian")
    new.add_argument("--title-en", help="the book's title in English")
    new.add_argument("--force", action="store_true",
                     help="add the project's missing files to a folder that is not empty, and update those still as "
                          "evsynth new wrote them; a file you changed, data/ and references.bib are kept")
    new.set_defaults(run=_new)

    for name, step, help_text in (("pre-render", _pre_render, "Quarto's pre-render step: validate, then run"),
                                  ("post-render", _post_render, "Quarto's post-render step: link the languages")):
        commands.add_parser(name, help=help_text).set_defaults(run=step)

    released = commands.add_parser(
        "release", help="record the finished run as a version of the review (releases/VERSION/)",
        description="Without --studies, the review's own files; the run in --out must be the one "
                    "`evsynth run` makes from them now.")
    released.add_argument("version", help="MAJOR.MINOR.PATCH, after the latest release")
    _add_input_options(released)
    released.add_argument("--out", type=Path, default=paths.OUTPUTS, help="the run's folder (default: _outputs)")
    released.set_defaults(run=_release)

    static = commands.add_parser(
        "static-figures", help="add the PNG of every figure to a finished run (the PDF and DOCX ask for them)")
    static.add_argument("--out", type=Path, default=paths.OUTPUTS, help="the run's folder (default: _outputs)")
    static.set_defaults(run=_static_figures)

    references = commands.add_parser("references", help="list the references' unverified fields")
    references.add_argument("--references", type=Path, default=paths.REFERENCES, help="BibTeX file")
    references.set_defaults(run=_references)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from evsynth.errors import InvalidData

    try:
        return args.run(args)
    except InvalidData as err:
        print(err.report(), file=sys.stderr)
        return 1
    except UsageError as err:
        print(f"evsynth {args.command}: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stdout = None
        return 0


if __name__ == "__main__":
    sys.exit(main())
