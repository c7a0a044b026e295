"""Effect sizes with 95% confidence intervals, each with its basis and assumption.

Every row of an extraction table gets at least one effect row, on its native metric:

- two groups, binary: risk ratio (RR), odds ratio (OR), risk difference (RD);
- one group before/after, binary: paired risk difference (paired_RD);
- two groups, continuous: mean difference (MD) and Hedges' g (SMD);
- one group before/after, continuous: mean change (MC) and the standardised mean change
  (SMCC: standardised by the SD of the change, with Hedges' correction, so a g).

Formulas, small-sample corrections and the zero-cell rule follow metafor's
``escalc`` (Viechtbauer 2010): a ratio from a table with a zero cell gets 0.5 added to
every cell (``add = 1/2, to = "only0"``), a difference in proportions none (``add = 0``);
a study with no events in either group, or events in everyone of both groups, has no
estimate on any measure (``drop00 = TRUE``): it says nothing about which group fares
better, so it gets no direction either (Cochrane Handbook 10.4.4.2), and is left out of
the sign test and of pooling, the risk difference included;
confidence intervals are normal-based, as in ``summary.escalc``, except for a mean whose
SE comes from a t statistic, which takes t on the same degrees of freedom. Where a study
prints only a censored p ("0.000", "< 0.05"), the Cochrane Handbook's conversion (section
6.5.2.3) at the censoring limit gives a *bound*, never an estimate, and the t-test behind
it is an assumption where the study names none; a study with nothing more than a reported
direction gets a ``direction_only`` row, and a row with neither an effect nor a reported
direction a ``no_estimate`` row whose direction says why (:data:`evsynth.vocabulary.NO_DIRECTION`).

References
----------
.. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
   Journal of Statistical Software, 36(3), 1-48.
.. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
   of Interventions, version 6.4, section 6.5.2.3 (standard errors from P values).
.. [3] Agresti, A. (2013). Categorical Data Analysis (3rd ed.), section 11.1 (paired
   proportions).
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from evsynth.inputs.contract import complete
from evsynth.notes import notes_json
from evsynth.parameters import DEFAULTS
# the formulas are part of this module's interface too: the effects are computed, and checked, by them
from evsynth.synthesis.effect_formulas import (  # noqa: F401
    binary_paired,
    binary_two_group,
    continuous_paired,
    continuous_two_group,
    hedges_correction,
    t_from_p,
)
from evsynth.synthesis.effect_rows import (
    _chunk,
    _continuous,
    _defined,
    _paired_binary,
    _two_group_binary,
    _why_undefined,
)
from evsynth.vocabulary import (
    DIRECTIONS,
    DIRECTION_ONLY,
    DIRECTION_ONLY_MEASURE,
    KIND_MEASURES,
    NOT_ESTIMABLE,
    NOT_REPORTED,
    NO_EFFECT_MEASURE,
    NO_ESTIMATE,
    SMCC,
    SMD,
    chosen_measure,
    row_kinds,
)

EFFECT_COLUMNS = ["study_id", "outcome_id", "outcome_domain", "measure", "estimate", "ci_low", "ci_high",
                  "basis", "assumption"]
#: The order of a row's effects: its kind's measures as listed in KIND_MEASURES.
_ORDER = {DIRECTION_ONLY_MEASURE: 0, NO_EFFECT_MEASURE: 0, **{m: i for measures in KIND_MEASURES.values() for i, m in enumerate(measures)}}


def effect_sizes(table: pd.DataFrame) -> pd.DataFrame:
    """Every effect the rows of a validated table support, with basis and assumption.

    Each row gets the measures of its kind (:data:`evsynth.vocabulary.KIND_MEASURES`, by
    ``design`` and ``outcome_type``) from the best numbers it has: counts, summary
    statistics, or a p-value with the reported direction; else a ``direction`` row (a reported
    direction only) or a ``no_effect`` row. A two-group binary row with no events in either
    group, or events in everyone of both, has no estimate on any measure (``drop00``).

    Parameters
    ----------
    table : DataFrame
        A validated extraction table (``data/README.md``; :func:`evsynth.inputs.studies.load_studies`),
        one row per study x outcome. Read are ``study_id``, ``outcome_id``, ``outcome_domain``,
        ``design``, ``outcome_type``, ``higher_is_better``, ``n_total``, ``test_reported``,
        ``p_reported``, ``direction_reported`` and, by kind of row, ``events_1``, ``n_1``,
        ``events_2``, ``n_2`` (two groups, binary), ``events_pre``, ``events_post``,
        ``improved``, ``worsened`` (one group before/after, binary), ``mean_1``, ``sd_1``,
        ``mean_2``, ``sd_2`` (two groups, continuous) or ``mean_change``, ``sd_change`` (one
        group, continuous). A contract column it lacks counts as empty.

    Returns
    -------
    DataFrame
        One row per effect, in table order, the measures of a row in
        :data:`evsynth.vocabulary.KIND_MEASURES` order.
        The columns of :data:`EFFECT_COLUMNS` (ratio measures exponentiated), plus
        ``yi`` and ``vi`` (analysis scale: log for ratios), ``direction``
        (favours_intervention | favours_control | none), ``design_group``
        (controlled | uncontrolled | unknown), ``n_total`` and ``row`` (the input row).
        ``basis`` is one of :data:`evsynth.vocabulary.BASIS_RANK`: ``counts``,
        ``summary_stats`` or ``reconstructed_counts`` for an estimate, ``bound_from_p``,
        ``direction_only`` (measure ``direction``) or ``no_estimate`` (measure ``no_effect``),
        whose ``direction`` says why from :data:`evsynth.vocabulary.NO_DIRECTION`
        (no_events | all_events | not_estimable | not_reported).
        A bound has no estimate: ``ci_low`` (or ``ci_high``) holds the bound.
        ``assumption`` holds notes as JSON text (:mod:`evsynth.notes`), free of language.

    References
    ----------
    .. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.
    .. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, sections 6.5.2.3 (standard errors from P values) and
       10.4.4.2 (studies with no events in either group).

    Examples
    --------
    BCG trial 1 (Aronson 1948, tuberculosis cases, so higher is not better), a trial with no
    cases in either group, a one-group before/after mean change and a row with only its
    reported direction. metafor's ``summary(escalc(measure = "RR", ai = 4, n1i = 123,
    ci = 11, n2i = 139), transf = exp)`` gives 0.4109 [0.1343, 1.2574]; ``"OR"`` gives
    0.3911 [0.1212, 1.2619]; ``"RD"`` with ``add = 0`` gives -0.0466 [-0.1014, 0.0081];
    ``summary(escalc(measure = "SMCC", m1i = 2.5, m2i = 0, sd1i = 1.8, sd2i = 0, ni = 20,
    ri = 0))`` gives 1.3332 [0.7309, 1.9355], and ``"MC"`` 2.5 [1.7111, 3.2889]:

    >>> trial = dict(outcome_id="tb", outcome_domain="tuberculosis", design="randomised_two_group",
    ...              outcome_type="binary", higher_is_better=False)
    >>> scores = dict(outcome_id="score", outcome_domain="knowledge", outcome_type="continuous",
    ...               higher_is_better=True)
    >>> table = pd.DataFrame([
    ...     dict(trial, study_id="aronson1948", n_total=262, n_1=123, events_1=4, n_2=139, events_2=11),
    ...     dict(trial, study_id="nocases2020", n_total=98, n_1=50, events_1=0, n_2=48, events_2=0),
    ...     dict(scores, study_id="change2021", design="one_group_pre_post", n_total=20,
    ...          mean_change=2.5, sd_change=1.8),
    ...     dict(scores, study_id="said2022", design="two_group_post_only", n_total=40,
    ...          direction_reported="favours_intervention")])
    >>> effects = effect_sizes(table)
    >>> shown = ["study_id", "measure", "estimate", "ci_low", "ci_high", "basis", "direction"]
    >>> print(effects[shown].round(4).to_string(index=False))
       study_id   measure  estimate  ci_low  ci_high          basis            direction
    aronson1948        RR    0.4109  0.1343   1.2574         counts favours_intervention
    aronson1948        OR    0.3911  0.1212   1.2619         counts favours_intervention
    aronson1948        RD   -0.0466 -0.1014   0.0081         counts favours_intervention
    nocases2020 no_effect       NaN     NaN      NaN    no_estimate            no_events
     change2021        MC    2.5000  1.7111   3.2889  summary_stats favours_intervention
     change2021      SMCC    1.3332  0.7309   1.9355  summary_stats favours_intervention
       said2022 direction       NaN     NaN      NaN direction_only favours_intervention
    """
    table = complete(table)
    say = notes_json
    with np.errstate(all="ignore"):  # an undefined effect is found below and given as a note, not warned about
        computed = [*_paired_binary(table, say), *_two_group_binary(table, say), *_continuous(table, say)]
    attempted = set().union(*(set(part["row"]) for part in computed)) if computed else set()
    parts = [part[_defined(part)] for part in computed]
    covered = set().union(*(set(part["row"]) for part in parts)) if parts else set()
    rest = table[~table.index.isin(covered)]
    if not rest.empty:
        # a row whose numbers were tried, or lack only n, says why they gave no effect
        why = _why_undefined(rest)
        tried = np.array([i in attempted or why[i] == "why.no_n" for i in rest.index], dtype=bool)
        reported = rest["direction_reported"].isin(DIRECTIONS).to_numpy()
        # the numbers' failure where they were tried, then what the row rests on instead
        last = np.where(reported, np.where(tried, "effect.reported_direction", "effect.direction_only"),
                        np.where(tried, "", "effect.not_reported"))
        words = np.array([say(([("effect.undefined", {"why": why[i]})] if t else []) + [(then, {})])
                          for i, t, then in zip(rest.index, tried, last)], dtype=object)
        if reported.any():
            parts.append(_chunk(rest[reported], DIRECTION_ONLY_MEASURE, np.nan, np.nan, DIRECTION_ONLY,
                                list(words[reported]), direction=rest["direction_reported"][reported].to_numpy()))
        if not reported.all():
            parts.append(_chunk(rest[~reported], NO_EFFECT_MEASURE, np.nan, np.nan, NO_ESTIMATE,
                                list(words[~reported]),
                                direction=np.where(tried[~reported], NOT_ESTIMABLE, NOT_REPORTED)))
    if not parts:  # no rows yet (a new review): the columns, without rows
        parts = [_chunk(table, DIRECTION_ONLY_MEASURE, np.nan, np.nan, DIRECTION_ONLY, [], direction=[])]
    frame = pd.concat(parts, ignore_index=True)
    frame["_order"] = frame["measure"].map(_ORDER)
    return frame.sort_values(["row", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def shown_effects(studies: pd.DataFrame, effects: pd.DataFrame, binary_measure: str = DEFAULTS["binary_measure"],
                  continuous_measure: str = DEFAULTS["continuous_measure"]) -> dict[tuple[str, str], pd.Series]:
    """The one effect row shown for each study x outcome: on the measure its kind of row is shown
    on (:func:`evsynth.vocabulary.chosen_measure`), else its bound or reported direction.

    Parameters
    ----------
    studies : DataFrame
        The validated extraction table the effects come from (``data/README.md``); its
        ``study_id``, ``outcome_id``, ``design`` and ``outcome_type`` give each row's kind.
    effects : DataFrame
        :func:`effect_sizes` of ``studies``.
    binary_measure : {"RR", "OR", "RD"}, default "RR"
        The measure two-group binary rows are shown on
        (:data:`evsynth.vocabulary.BINARY_MEASURES`).
    continuous_measure : {"SMD", "MD"}, default "SMD"
        The measure two-group continuous rows are shown on
        (:data:`evsynth.vocabulary.CONTINUOUS_MEASURES`). One-group before/after rows are
        always shown on ``paired_RD`` (binary) or ``SMCC`` (continuous).

    Returns
    -------
    dict
        ``{(study_id, outcome_id): Series}``: for each study x outcome of ``effects``, its
        shown row of ``effects``; a row whose kind is unknown, or that has no effect on the
        chosen measure, shows its ``direction``, ``SMCC`` or ``SMD`` row (a bound), else its
        first row (e.g. ``no_effect``).

    Examples
    --------
    BCG trial 1 shown on the odds ratio (metafor's ``summary(escalc(measure = "OR", ai = 4,
    n1i = 123, ci = 11, n2i = 139), transf = exp)`` gives 0.3911), a mean change on SMCC
    (``escalc(measure = "SMCC", m1i = 2.5, m2i = 0, sd1i = 1.8, sd2i = 0, ni = 20, ri = 0)``
    gives 1.3332) and a row with only its reported direction:

    >>> table = pd.DataFrame([
    ...     dict(study_id="aronson1948", outcome_id="tb", design="randomised_two_group",
    ...          outcome_type="binary", higher_is_better=False, n_1=123, events_1=4, n_2=139, events_2=11),
    ...     dict(study_id="change2021", outcome_id="score", design="one_group_pre_post",
    ...          outcome_type="continuous", n_total=20, mean_change=2.5, sd_change=1.8),
    ...     dict(study_id="said2022", outcome_id="score", design="two_group_post_only",
    ...          outcome_type="continuous", direction_reported="favours_control")])
    >>> shown = shown_effects(table, effect_sizes(table), binary_measure="OR")
    >>> {key: (row["measure"], round(float(row["estimate"]), 4), row["direction"]) for key, row in shown.items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {('aronson1948', 'tb'): ('OR', 0.3911, 'favours_intervention'),
     ('change2021', 'score'): ('SMCC', 1.3332, 'favours_intervention'),
     ('said2022', 'score'): ('direction', nan, 'favours_control')}
    """
    kinds = dict(zip(zip(studies["study_id"], studies["outcome_id"]), row_kinds(complete(studies))))
    keys = list(zip(effects["study_id"], effects["outcome_id"]))
    wanted = [chosen_measure(kinds.get(key), binary_measure, continuous_measure) for key in keys]
    # per study x outcome, its first row on the chosen measure, else its first bound or direction
    # (e.g. no summary statistics), else its first row: ranked, then the best of each key
    rank = np.where(effects["measure"].to_numpy() == np.array(wanted, dtype=object), 0,
                    np.where(effects["measure"].isin([DIRECTION_ONLY_MEASURE, SMCC, SMD]), 1, 2))
    order = pd.DataFrame({"key": pd.factorize(pd.Series(keys, dtype=object))[0], "rank": rank,
                          "position": np.arange(len(effects))}).sort_values(["key", "rank", "position"])
    best = order.drop_duplicates("key")["position"].to_numpy()
    return {keys[i]: row for i, (_, row) in zip(best, effects.iloc[best].iterrows())}
