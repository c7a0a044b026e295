"""The data contract of an extraction table: the public interface of this package.

Any review's table that follows it runs through the whole pipeline. One row per
study x outcome; ``data/README.md`` documents each column in Indonesian and English.
"""

#: Columns every table has; a cell may be empty where the source does not report it.
REQUIRED = (
    "study_id", "outcome_id", "outcome_domain", "outcome_label_id", "outcome_label_en",
    "design", "outcome_type", "higher_is_better", "n_total", "test_reported",
    "p_reported", "direction_reported", "source", "notes",
)
#: Of the required columns, those that may never be empty.
NEVER_EMPTY = ("study_id", "outcome_id")

#: Whole counts (binary data, sample sizes).
COUNTS = (
    "n_total", "n_1", "events_1", "n_2", "events_2",
    "events_pre", "events_post", "improved", "worsened",
)
#: Real numbers (continuous data), written with a dot as decimal separator.
REALS = ("mean_1", "sd_1", "mean_2", "sd_2", "mean_change", "sd_change", "r_pre_post")
#: Percentages kept as text exactly as printed: their precision is evidence.
PERCENTS = ("pct_1", "pct_2", "pct_pre", "pct_post")

#: Labels of the outcome domain for figures, per language.
DOMAIN_LABELS = ("domain_label_id", "domain_label_en")
#: What the per-study results table shows beside the numbers, each in both languages: where,
#: when, with what else, and the result in the study's own words and numbers.
CONTEXT = ("setting_id", "setting_en", "timing_id", "timing_en", "co_intervention_id", "co_intervention_en",
           "result_reported_id", "result_reported_en")

#: Columns of words for the reader that no statistic reads: an edit of one moves no number.
#: (``co_intervention_en`` is not one: the review counts the studies that name a co-intervention.)
WORDS_ONLY = ("outcome_label_id", "outcome_label_en", *DOMAIN_LABELS, "setting_id", "setting_en", "timing_id",
              "timing_en", "co_intervention_id", "result_reported_id", "result_reported_en", "source", "notes")

OPTIONAL = (
    "n_1", "events_1", "n_2", "events_2",
    "events_pre", "events_post", "improved", "worsened",
    *PERCENTS, *REALS, *DOMAIN_LABELS, *CONTEXT,
)


def complete(table):
    """``table`` with every contract column present: missing numbers as NaN, text as ""."""
    import numpy as np

    missing = [c for c in (*REQUIRED, *OPTIONAL) if c not in table.columns]
    if not missing:
        return table
    filled = table.copy()
    for column in missing:
        filled[column] = np.nan if column in (*COUNTS, *REALS) else ""
    return filled

