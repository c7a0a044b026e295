"""The result files of a run: written the same way every time, and read back exactly.

Each step leaves its results for the later ones in ``results/`` and reads the earlier
ones' there, so nothing is loaded, validated or computed twice: notebook 01 the validated
inputs, notebook 02 the audit, notebook 03 the synthesis. Writing a step's results
removes those of the steps after it (which were made from what it replaces), so the
results in a folder always come from one pass over the same inputs; a step whose earlier
results are missing stops with a message naming the notebook that writes them.

Result files are for the pipeline: lossless (floats in their shortest exact form, text as
it is, notes as JSON) and free of language. What the book offers for download is written
from them by :mod:`evsynth.book` into ``tables/``, in words and safe for a spreadsheet
(:func:`write_download_csv`).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from evsynth import escape, run_folder
from evsynth.catalogue import LANGUAGES, catalogue, notebook_names, notebook_reads
from evsynth.synthesis import Synthesis

#: Where notebooks run on their own (an empty ``output_dir``) keep their results, when set: the
#: test suite sets it, so that the notebooks under nbval hand their results on as a run does.
NOTEBOOK_OUTPUTS = "EVSYNTH_NOTEBOOK_OUTPUTS"


class MissingResults(RuntimeError):
    """An earlier step's results are not in the output folder; the message names the notebook
    that writes them."""


def output_folder(output_dir: str, part: str) -> Path:
    """``output_dir/part`` (results, figures, values); an empty ``output_dir`` means a
    throwaway folder, removed when the process ends, so a notebook run on its own never
    writes into the real outputs nor leaves files behind (or :data:`NOTEBOOK_OUTPUTS`)."""
    return (Path(output_dir) if output_dir else _scratch()) / part


@functools.cache
def _scratch() -> Path:
    if os.environ.get(NOTEBOOK_OUTPUTS):
        return Path(os.environ[NOTEBOOK_OUTPUTS])
    folder = tempfile.mkdtemp(prefix="evsynth-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


def write_download_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV with ``\\n`` line ends, no index, and floats to 12 significant digits.

    The data appendix offers these files for download, and a spreadsheet runs a cell such as
    ``=HYPERLINK(...)`` as a formula: every text cell (and column name) goes through
    :func:`evsynth.escape.spreadsheet`. Numbers and missing values are written as they are.

    >>> import tempfile
    >>> path = write_download_csv(pd.DataFrame({"test": ["=1+1", "McNemar"], "p": [-0.5, 0.016]}),
    ...                  Path(tempfile.mkdtemp()) / "out.csv")
    >>> print(path.read_text(), end="")
    test,p
    '=1+1,-0.5
    McNemar,0.016
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    safe = frame.copy()
    for i, dtype in enumerate(frame.dtypes):
        if not pd.api.types.is_numeric_dtype(dtype):  # a numeric column keeps its dtype and format
            safe.isetitem(i, frame.iloc[:, i].map(escape.spreadsheet))
    safe.columns = [escape.spreadsheet(column) for column in frame.columns]
    safe.to_csv(path, index=False, float_format="%.12g", lineterminator="\n")
    return path


def write_json(data, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_yaml(data: dict, path: Path) -> Path:
    """YAML with sorted keys in which every string reads back as written (:func:`evsynth.escape.yaml`).

    >>> import tempfile
    >>> path = write_yaml({"values": {"printed": "1e-5", "words": "six"}}, Path(tempfile.mkdtemp()) / "en.yml")
    >>> print(path.read_text(), end="")
    values:
      printed: '1e-5'
      words: six
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(escape.yaml(data), encoding="utf-8")
    return path


# --- results/: what the audit and the synthesis found, for the steps after them

#: Each result file, and the columns read back as numbers (the rest is text, or booleans:
#: :data:`BOOLEAN_COLUMNS`).
RESULT_FILES = {
    "consistency": ("consistency.csv", ("p_recomputed",)),
    "effects": ("effects.csv", ("estimate", "ci_low", "ci_high", "yi", "vi", "n_total", "row")),
    "directions": ("directions.csv", ("n_outcomes", "n_total")),
    "pooled": ("pooled.csv", ("k", "estimate", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2", "q", "q_p")),
    "decisions": ("pooling-decisions.csv", ("k",)),
    "p_values": ("p-values.csv", ("p", "n_total")),
}
BOOLEAN_COLUMNS = ("pooled", "hksj", "chosen", "bound", "paired")
#: The rest of :class:`evsynth.synthesis.Synthesis`, each in its JSON file.
JSON_FILES = {"votes": "synthesis.json", "controlled_votes": "synthesis-controlled.json",
              "uncontrolled_votes": "synthesis-uncontrolled.json", "counts": "counts.json",
              "certainty": "certainty.json", "options": "synthesis-options.json"}


def write_result_csv(frame: pd.DataFrame, path: Path) -> Path:
    """A result table, lossless: floats in their shortest exact form, text as it is.

    >>> import tempfile
    >>> path = write_result_csv(pd.DataFrame({"id": ["=1+1"], "p": [0.1 + 0.2]}), Path(tempfile.mkdtemp()) / "r.csv")
    >>> print(path.read_text(), end="")
    id,p
    =1+1,0.30000000000000004
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def read_result_csv(name: str, folder: Path) -> pd.DataFrame:
    """A result table as it was written: text as text (an empty cell is ""), numbers as
    numbers (an empty cell is NaN), :data:`BOOLEAN_COLUMNS` as booleans, ``tipping_point`` as a whole
    number, ``none_feasible`` or None."""
    file, numeric = RESULT_FILES[name]
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
        if column in ("k", "n_outcomes", "row"):
            frame[column] = frame[column].astype(int)
    for column in BOOLEAN_COLUMNS:
        if column in frame:
            frame[column] = frame[column].map({"True": True, "False": False}).astype(bool)
    if "tipping_point" in frame:
        frame["tipping_point"] = [int(v) if v.isdigit() else (v or None) for v in frame["tipping_point"]]
    return frame


#: The validated inputs (notebook 01): pickled, the one form that keeps every table's types and
#: the PRISMA flow as loaded. A pickle runs code when read: only a folder a run of this project
#: wrote is ever read (:func:`inputs_of_run`).
INPUTS_FILE = "inputs.pickle"
#: ``{input name: sha256}`` of the files the inputs were read from (the colophon's hashes).
INPUT_HASHES_FILE = "inputs.json"
#: The audit's own parameters (notebook 02): ``{"alpha": ...}``.
AUDIT_OPTIONS_FILE = "audit-options.json"


def write_inputs(inputs, files: dict[str, str], folder: Path) -> None:
    """The validated inputs, and the SHA-256 of each file of ``files`` (``{name: path}``; an
    empty path is a file not given)."""
    _forget_later_results(folder, INPUTS_FILE)
    with open(folder / INPUTS_FILE, "wb") as handle:
        pickle.dump(inputs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    write_json({name: run_folder.sha256(Path(path)) for name, path in files.items() if path},
               folder / INPUT_HASHES_FILE)


def write_audit(consistency: pd.DataFrame, alpha: float, folder: Path) -> None:
    _forget_later_results(folder, RESULT_FILES["consistency"][0])
    write_result_csv(consistency, folder / RESULT_FILES["consistency"][0])
    write_json({"alpha": alpha}, folder / AUDIT_OPTIONS_FILE)


_SYNTHESIS_TABLES = ("effects", "directions", "pooled", "decisions", "p_values")


def write_synthesis(review, folder: Path) -> None:
    _forget_later_results(folder, JSON_FILES["options"])
    for name in _SYNTHESIS_TABLES:
        write_result_csv(getattr(review, name), folder / RESULT_FILES[name][0])
    for name, file in JSON_FILES.items():
        write_json(getattr(review, name), folder / file)


def read_audit(folder: Path) -> pd.DataFrame:
    return read_result_csv("consistency", folder)


def read_synthesis(folder: Path):
    found = {name: json.loads((folder / file).read_text(encoding="utf-8")) for name, file in JSON_FILES.items()}
    tables = {name: read_result_csv(name, folder) for name in _SYNTHESIS_TABLES}
    return Synthesis(**tables, **found)


def inputs_of_run(output_dir: str):
    """The inputs notebook 01 validated, as :func:`evsynth.inputs.load_inputs` returned them."""
    with open(_result(output_dir, INPUTS_FILE), "rb") as handle:
        return pickle.load(handle)


def input_hashes_of_run(output_dir: str) -> dict[str, str]:
    """``{input name: sha256}`` of the files notebook 01 read."""
    return json.loads(_result(output_dir, INPUT_HASHES_FILE).read_text(encoding="utf-8"))


def audit_of_run(output_dir: str) -> pd.DataFrame:
    """The audit notebook 02 wrote."""
    return read_audit(_result(output_dir, RESULT_FILES["consistency"][0]).parent)


def alpha_of_run(output_dir: str) -> float:
    """The significance level notebook 02 audited with."""
    return json.loads(_result(output_dir, AUDIT_OPTIONS_FILE).read_text(encoding="utf-8"))["alpha"]


def synthesis_of_run(output_dir: str):
    """The synthesis notebook 03 wrote."""
    return read_synthesis(_result(output_dir, JSON_FILES["options"]).parent)


def values_of_run(output_dir: str) -> dict[str, dict[str, str]]:
    """The values of the book notebook 04 wrote, ``{lang: {name: text}}``."""
    import yaml

    found = {}
    for lang in LANGUAGES:
        path = output_folder(output_dir, "values") / f"{lang}.yml"
        if not path.is_file():
            raise MissingResults(f"{path} is missing: notebook {_maker(path.name, 'values')} writes it.")
        found[lang] = yaml.safe_load(path.read_text(encoding="utf-8"))["values"]
    return found


def _result(output_dir: str, file: str) -> Path:
    """``results/<file>`` of the run in ``output_dir``; a clear message when it is not there."""
    path = output_folder(output_dir, "results") / file
    if not path.is_file():
        raise MissingResults(f"{path} is missing: notebook {_maker(file)} writes it. Run the notebooks in order "
                             "into one output_dir (evsynth run does), or give output_dir the folder of a "
                             "complete run, e.g. '../_outputs'.")
    return path


def _maker(file: str, part: str = "results") -> str:
    return next(name for name, entry in catalogue()["notebooks"].items() if file in entry["makes"].get(part, []))


def _forget_later_results(folder: Path, file: str) -> None:
    """Remove the results of the steps that read, directly or through another, those of the step
    that writes ``file``: they were made from what it is about to replace. A step that runs
    beside it (reading neither) keeps its own. Creates ``folder`` when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    reads, made_from = notebook_reads(), {_maker(file)}
    for name in notebook_names():  # in run order: a step reads only steps before it
        if made_from & set(reads[name]):
            made_from.add(name)
            for result in catalogue()["notebooks"][name]["makes"].get("results", []):
                (folder / result).unlink(missing_ok=True)
