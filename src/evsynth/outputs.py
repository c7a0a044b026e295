"""Write result files the same way every time, so identical inputs give identical bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import escape


def output_folder(output_dir: str, part: str) -> Path:
    """``output_dir/part`` (results, figures, values); an empty ``output_dir`` means a fresh
    throwaway folder, so a notebook run on its own (or by nbval) never writes into the
    real outputs."""
    import tempfile

    base = Path(output_dir) if output_dir else Path(tempfile.mkdtemp(prefix="evsynth-"))
    return base / part


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV with ``\\n`` line ends, no index, and floats to 12 significant digits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format="%.12g", lineterminator="\n")
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
