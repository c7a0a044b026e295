"""``evsynth static-figures``: the PNG of every figure of a finished run, added to it when a
format that shows them asks.

Quarto's pre-render step cannot tell which formats the render will make, and an HTML book shows
no PNG, so the pre-render runs the pipeline without them (``static_figures=false``). The PDF
and DOCX ask for a figure's PNG through the ``evsynth-figure`` shortcode, which, on finding
none, runs this command once: it draws the figures of the run in ``OUT`` again from the run's
own results, exactly as notebooks 05 and 06 draw them, exports their PNGs (from the cache of
images where drawn before) and lists them in the run's manifest, so that the run stays one
``evsynth run`` accepts as its own and finds up to date.
"""

from __future__ import annotations

from pathlib import Path

from evsynth import paths, run_folder


def add_static_figures(out: Path, echo=print) -> list[Path]:
    """Add the PNG of every figure of the finished run in ``out``; return the files written.

    Raises
    ------
    evsynth.run_folder.RefusedOutput
        Where ``out`` holds no finished run.
    """
    out = Path(out).resolve()
    if "files" not in (run_folder.manifest(out) or {}):
        raise run_folder.RefusedOutput(f"{paths.shown(out)} holds no finished run: run `evsynth run` first")
    from evsynth.figures.build import every_figure
    from evsynth.figures.export import export_static
    from evsynth.results import inputs_of_run, synthesis_of_run

    with run_folder.locked(out, echo):
        manifest = run_folder.manifest(out)
        written = export_static(every_figure(inputs_of_run(str(out)), synthesis_of_run(str(out))), out / "figures")
        manifest["files"].update({path.relative_to(out).as_posix(): [path.stat().st_size, run_folder.sha256(path)]
                                  for path in written})
        run_folder.write_manifest(out, manifest)
    echo(f"static-figures: {len(written)} PNG added to {paths.shown(out)}")
    return written

