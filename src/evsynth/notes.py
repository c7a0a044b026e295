"""Notes: what a statistic decided or assumed, free of language.

A note is a message key with its fields, such as ``("assume.groups", {"n_1": 22, "n_2": 22,
"n": 44})``. The statistics return notes, the result files hold them as JSON text, and
:func:`evsynth.book.messages.render` turns them into Indonesian or English sentences.
"""

from __future__ import annotations

import json


def notes_json(notes) -> str:
    """Notes as the JSON text a result file holds: ``[[key, fields], ...]``, or "" for none.

    >>> import numpy as np
    >>> notes_json([("effect.zero_cell", {}), ("assume.groups", {"n_1": np.int64(22)})])
    '[["effect.zero_cell", {}], ["assume.groups", {"n_1": 22}]]'
    """
    if not any(key for key, _ in notes):
        return ""
    return json.dumps([[key, fields] for key, fields in notes if key], ensure_ascii=False,
                      default=lambda value: value.item())


def read_notes(notes) -> list:
    """Notes from JSON text (empty text: none), or as given when already a list."""
    if isinstance(notes, str):
        return json.loads(notes) if notes else []
    return [note for note in notes if note[0]]
