"""Command line: ``python -m evsynth`` or ``evsynth``.

Heavy libraries are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evsynth import paths


def _validate(args: argparse.Namespace) -> int:
    from evsynth.inputs import load_inputs

    files = review_files(args)
    table = load_inputs(**files).studies
    print(f"valid: {paths.shown(files['studies'])} ({len(table)} rows, {table['study_id'].nunique()} studies)")
    for path in list(files.values())[1:]:
        if path:
            print(f"valid: {paths.shown(path)}")
    return 0


def review_files(args: argparse.Namespace) -> dict[str, Path | None]:
    """The input files to use: the review's own when no study table is named.

    With another review's ``--studies``, this review's PRISMA, appraisal and
    background files would be meaningless, so only the files named are used.
    """
    if args.studies is not None and args.references is None:
        raise UsageError("--references is required with --studies")
    own = args.studies is None
    return {
        "studies": args.studies or paths.STUDIES,
        "references": args.references or (paths.REFERENCES if own else None),
        "prisma": args.prisma or (paths.PRISMA if own else None),
        "appraisal": args.appraisal or (paths.APPRAISAL if own else None),
        "background": args.background or (paths.BACKGROUND if own else None),
        "grade": args.grade or (paths.GRADE if own else None),
        "claims": args.claims or (paths.CLAIMS if own else None),
    }


class UsageError(Exception):
    """Options that do not go together; reported as ``evsynth COMMAND: message``, exit 2."""


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    for name, help_text in (("studies", "extraction table (CSV or XLSX)"),
                            ("references", "BibTeX file (required with --studies)"),
                            ("prisma", "PRISMA flow counts (YAML, or a PRISMA2020 CSV)"),
                            ("appraisal", "JBI appraisal (CSV or XLSX)"), ("background", "introduction figures (YAML)"),
                            ("grade", "GRADE judgements per outcome domain (YAML)"),
                            ("claims", "the manuscript's claims and what the book does with them (YAML)")):
        parser.add_argument(f"--{name}", type=Path, help=help_text)


def _run(args: argparse.Namespace) -> int:
    from evsynth.pipeline import RunFailed, run, update_notebooks

    if args.update_notebooks:
        update_notebooks()
        print(f"Notebooks refreshed in {paths.shown(paths.NOTEBOOKS)}")
        return 0
    files = review_files(args)
    try:
        overrides = _parameters(args.parameter)
        run(files, args.out, overrides, force=args.force)
    except RunFailed as err:
        print(f"The run failed; {paths.shown(args.out)} is unchanged.\n  {err}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"evsynth run: {err}", file=sys.stderr)
        return 2
    return 0


def _parameters(pairs: list[str]) -> dict:
    """``-p key=value`` pairs; values read as YAML scalars (0.01, true, DL)."""
    import yaml

    parsed = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-p takes key=value, got {pair!r}")
        parsed[name.strip()] = yaml.safe_load(value)
    return parsed


def _references(args: argparse.Namespace) -> int:
    from evsynth.inputs.references import load_references, unverified

    missing = unverified(load_references(args.references))
    if not missing:
        print(f"Every entry of {paths.shown(args.references)} is verified.")
        return 0
    print(f"{len(missing)} entries of {paths.shown(args.references)} lack verified details:")
    width = max(map(len, missing))
    for key, fields in missing.items():
        print(f"  {key:<{width}}  {', '.join(fields)}")
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
    run.add_argument("--update-notebooks", action="store_true",
                     help="re-execute notebooks/ with their defaults and store them normalised")
    run.set_defaults(run=_run)

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
