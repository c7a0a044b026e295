"""The result files of a run: written the same way every time, and read back exactly.

The audit (notebook 02) and the synthesis (notebook 03) write ``results/``; every later
step reads those files instead of computing them again. Result files are for the
pipeline: lossless (floats in their shortest exact form, text as it is, notes as JSON)
and free of language. What the book offers for download is written from them by
:mod:`evsynth.book` into ``tables/``, in words and safe for a spreadsheet
(:func:`write_download_csv`).
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from evsynth import escape, run_folder
from evsynth.audit import audit
from evsynth.synthesis import Synthesis, synthesise


def output_folder(output_dir: str, part: str) -> Path:
    """``output_dir/part`` (results, figures, values); an empty ``output_dir`` means a
    throwaway folder, removed when the process ends, so a notebook run on its own (or by
    nbval) never writes into the real outputs nor leaves files behind."""
    return (Path(output_dir) if output_dir else _scratch()) / part


@functools.cache
def _scratch() -> Path:
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


def write_audit(consistency: pd.DataFrame, folder: Path) -> None:
    write_result_csv(consistency, folder / RESULT_FILES["consistency"][0])


_SYNTHESIS_TABLES = ("effects", "directions", "pooled", "decisions", "p_values")


def write_synthesis(review, folder: Path) -> None:
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


def input_hashes_of_run(output_dir: str, files: dict) -> dict[str, str]:
    """``{input name: sha256}`` of the files this run read, from its manifest; hashed here only
    for a notebook run on its own."""
    manifest = run_folder.manifest(Path(output_dir)) if output_dir else None
    if manifest:
        return {name: given["sha256"] for name, given in manifest["inputs"].items() if given}
    return {name: run_folder.sha256(path) for name, path in files.items() if path}


def audit_of_run(output_dir: str, studies: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """The audit this run wrote (notebook 02); computed here only for a notebook run on its
    own, which has no earlier results."""
    folder = output_folder(output_dir, "results")
    if (folder / RESULT_FILES["consistency"][0]).exists():
        return read_audit(folder)
    return audit(studies, alpha=alpha)


def synthesis_of_run(output_dir: str, studies: pd.DataFrame, **options):
    """The synthesis this run wrote (notebook 03); computed here only for a notebook run on
    its own."""
    folder = output_folder(output_dir, "results")
    if (folder / JSON_FILES["options"]).exists():
        return read_synthesis(folder)
    return synthesise(studies, **options)
