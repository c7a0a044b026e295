"""One two-sided p-value per study x outcome, for the albatross plot, and the p-values its
contours stand for.

A row's p is, in order of preference: the audit's recomputed p; else the p the study prints
(a bound where it is censored, such as "0.000"); else the Wald z-test of its effect estimate.

References
----------
.. [1] Harrison, S., Jones, H. E., Martin, R. M., Lewis, S. J., & Higgins, J. P. T. (2017).
   The albatross plot: A novel graphical tool for presenting results of diversely
   reported studies in a systematic review. Research Synthesis Methods, 8(3), 281-289.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from evsynth.inputs.printed_p import censored, parse_p
from evsynth.synthesis.directions import outcome_directions
from evsynth.vocabulary import UNCONTROLLED

P_VALUE_COLUMNS = ["study_id", "outcome_id", "p", "bound", "source", "direction", "n_total", "paired"]


def study_p_values(studies: pd.DataFrame, consistency: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """A two-sided p for every study x outcome that has one and an ``n_total``.

    Parameters
    ----------
    studies : DataFrame
        The validated extraction table.
    consistency : DataFrame
        The audit (:func:`evsynth.audit.audit`): its ``p_recomputed`` is preferred.
    effects : DataFrame
        Effect rows (:func:`evsynth.synthesis.effects.effect_sizes`): the z-test of the first
        estimate of a row is the last resort.

    Returns
    -------
    DataFrame
        :data:`P_VALUE_COLUMNS`: the ``p``; ``bound`` (True where the p is only known to be at
        most this); its ``source`` (``recomputed``, ``printed`` or ``wald``); the row's
        ``direction`` (:func:`evsynth.synthesis.directions.outcome_directions`); ``n_total``;
        and ``paired`` (a one-group before/after design).

    Examples
    --------
    A study whose p is printed only as "0.000" (a bound: below 0.0005), and one with counts,
    whose p comes from the z-test of its log risk ratio (scipy: ``2 * norm.sf(|yi| / sqrt(vi))``):

    >>> studies = pd.DataFrame({"study_id": ["a", "b"], "outcome_id": "o", "p_reported": ["0.000", ""],
    ...     "n_total": [40, 262], "design": "randomised_two_group"})
    >>> consistency = pd.DataFrame({"study_id": ["a", "b"], "outcome_id": "o", "p_recomputed": [np.nan] * 2})
    >>> effects = pd.DataFrame({"row": [0, 1], "study_id": ["a", "b"], "outcome_id": "o", "outcome_domain": "d",
    ...     "design_group": "controlled", "basis": ["direction_only", "counts"], "n_total": [40, 262],
    ...     "direction": ["favours_intervention", "favours_intervention"], "yi": [np.nan, -0.8893],
    ...     "vi": [np.nan, 0.3256]})
    >>> found = study_p_values(studies, consistency, effects)
    >>> found[["p", "bound", "source"]].round(4).values.tolist()
    [[0.0005, True, 'printed'], [0.1191, False, 'wald']]
    """
    printed = parse_p(studies["p_reported"]).reset_index(drop=True)
    bounded = censored(printed).to_numpy()
    keys = pd.MultiIndex.from_frame(studies[["study_id", "outcome_id"]])
    recomputed = consistency.set_index(["study_id", "outcome_id"])["p_recomputed"].reindex(keys).to_numpy(dtype=float)
    estimated = effects.dropna(subset=["yi", "vi"]).drop_duplicates(["study_id", "outcome_id"])
    wald = pd.Series(2 * stats.norm.sf(np.abs(estimated["yi"].to_numpy(dtype=float))
                                       / np.sqrt(estimated["vi"].to_numpy(dtype=float))),
                     index=pd.MultiIndex.from_frame(estimated[["study_id", "outcome_id"]]))
    wald = wald.reindex(keys).to_numpy(dtype=float)
    shown = np.where(bounded, printed["high"], printed["value"]).astype(float)
    shown[~printed["parsed"].to_numpy(dtype=bool)] = np.nan
    p = np.where(~np.isnan(recomputed), recomputed, np.where(~np.isnan(shown), shown, wald))
    source = np.where(~np.isnan(recomputed), "recomputed", np.where(~np.isnan(shown), "printed", "wald"))
    direction = (outcome_directions(effects).set_index(["study_id", "outcome_id"])["direction"]
                 .reindex(keys).to_numpy(dtype=object))
    frame = pd.DataFrame({"study_id": studies["study_id"].to_numpy(), "outcome_id": studies["outcome_id"].to_numpy(),
                          "p": p, "bound": np.isnan(recomputed) & ~np.isnan(shown) & bounded, "source": source,
                          "direction": direction, "n_total": studies["n_total"].to_numpy(dtype=float),
                          "paired": (studies["design"] == UNCONTROLLED).to_numpy()})
    return frame[~np.isnan(frame["p"]) & frame["n_total"].notna()].reset_index(drop=True)[P_VALUE_COLUMNS]


def contour_log_p(effect_size: float, n, paired: bool) -> np.ndarray:
    """-log10 of the two-sided p at which a standardised effect of ``effect_size`` lies with
    ``n`` participants: z = d sqrt(n) / 2 for two equal groups, z = d_z sqrt(n) paired.

    Parameters
    ----------
    effect_size : float
        The standardised effect (d, or d_z where ``paired``).
    n : array_like
        Total sample sizes.
    paired : bool
        One group measured twice rather than two groups.

    Returns
    -------
    ndarray
        -log10 p, computed on the log scale so that no p underflows.

    Examples
    --------
    d = 0.5 with 64 participants in two groups: z = 2, p = 0.0455 (scipy: ``2 * norm.sf(2)``).

    >>> round(float(10 ** -contour_log_p(0.5, 64, paired=False)), 4)
    0.0455
    """
    n = np.asarray(n, dtype=float)
    z = effect_size * (np.sqrt(n) if paired else np.sqrt(n) / 2)
    return -(np.log(2) + stats.norm.logsf(z)) / np.log(10)
