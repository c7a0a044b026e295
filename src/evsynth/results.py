"""Write result files the same way every time, so identical inputs give identical bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from evsynth import escape


def output_folder(output_dir: str, part: str) -> Path:
    """``output_dir/part`` (results, figures, values); an empty ``output_dir`` means a fresh
    throwaway folder, so a notebook run on its own (or by nbval) never writes into the
    real outputs."""
    import tempfile

    base = Path(output_dir) if output_dir else Path(tempfile.mkdtemp(prefix="evsynth-"))
    return base / part


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV with ``\\n`` line ends, no index, and floats to 12 significant digits.

    The data appendix offers these files for download, and a spreadsheet runs a cell such as
    ``=HYPERLINK(...)`` as a formula: every text cell (and column name) goes through
    :func:`evsynth.escape.spreadsheet`. Numbers and missing values are written as they are.

    >>> import tempfile
    >>> path = write_csv(pd.DataFrame({"test": ["=1+1", "McNemar"], "p": [-0.5, 0.016]}),
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
