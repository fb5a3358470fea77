"""The rules every figure shares, as pure functions over the snapshot's frames (no Streamlit, no translator):
label states, the renewal funnel, the shared filters, the comparison window and the coverage rule.  The
figures built on them live in one module per view (figures/overview.py, renewals.py, comparison.py, ...;
the comparison sample in sample.py).

Definitions (see README "How the figures are defined"):
- A cluster's *current label* on a date is the label of its latest labelled assessment on or before it.
  It is **valid** up to and including valid_until, **grace** for one more year (renewal still possible),
  then **lapsed**; a cluster with no labelled assessment is **never** certified.  A label whose valid_until is
  unknown (an award date known only to the year) is reasoned about with bounds (``validity_bounds``): certainly
  valid until the period's start + 2 years - 1 day, lapsed after the period's end + 4 years (the longest
  validity is 3 years, renewal possible a year after); in between its state is **unknown**.
- The *renewal funnel* follows each organisation's first label.  Once it has come to its end
  (valid_until before the date) the organisation has either **renewed or upgraded** (a later labelled
  assessment no later than one year after valid_until) or **not renewed** (some of those are still inside
  the grace year and are counted apart).  A new label after the grace year is a new start, not a renewal.
- The *comparison sample* is every organisation with a labelled assessment in the snapshot's comparison
  window (``comparison_window``): the manifest's ``comparison_window`` when it states one (the demo: the
  articles' 2014-02-01..2016-08-31, "February 2014 to September 2016", before the Nordland round of
  September 2016), else the ``RECENT_MONTHS`` months up to the as-of date; its figures use each
  organisation's latest assessment in the window (``sample.comparison_sample``).
- *Coverage*: a mean, share or light count is over the KNOWN values only (nulls are unknown, never 0) and
  carries n_known of n_total; it may be shown as a headline, scorecard or share only when ``covered``:
  at least ``MIN_KNOWN`` known per group AND at least half of the group known.  Nothing known -> None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterviz.data.cache import per_frame
from clusterviz.data.snapshot import LABEL_RANK

GRACE = pd.DateOffset(years=1)
STATUSES = ("gold", "silver", "bronze", "grace", "lapsed", "unknown", "never")
LONGEST_VALIDITY = pd.DateOffset(years=3)  # a renewal runs 3 years (seed-facts §C): no label is valid longer
WINDOW = (dt.date(2014, 2, 1), dt.date(2016, 8, 31))
MIN_GROUP = 3  # public mode shows aggregates of groups of at least this many clusters
MIN_KNOWN = 3  # coverage rule: a group's mean/share needs at least this many known values ...
MIN_SHARE_KNOWN = 0.5  # ... and at least this share of the group known
RECENT_MONTHS = 36  # comparison window without a manifest window: the 36 months up to the as-of date


def covered(n_known: int, n_total: int, min_known: int = MIN_KNOWN) -> bool:
    """The coverage rule: may a mean/share over ``n_known`` known values of a group of ``n_total`` be shown?
    At least ``min_known`` (3) known AND at least half of the group known (``n_known >= n_total / 2``)."""
    n_known, n_total = int(n_known), int(n_total)
    return n_known >= max(min_known, 1) and n_known >= MIN_SHARE_KNOWN * n_total


def one_level_only(sample: pd.DataFrame, column: str = "quality_index") -> bool:
    """Selection, not coverage: True when every known value of ``column`` comes from one label level while
    the group holds more than one.  In the public record only Gold clusters publish their score; a mean of
    those describes the Gold clusters, not the group, however many of them are known."""
    if "label_level" not in sample or column not in sample:
        return False
    known = pd.to_numeric(sample[column], errors="coerce").notna().to_numpy()
    return bool(known.any()) and sample.loc[known, "label_level"].nunique() == 1 and sample["label_level"].nunique() > 1


def known_mean(values: pd.Series, decimals: int | None = None) -> float | None:
    """Mean over the known (non-null) values; None when none is known (never 0, never NaN)."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    if known.empty:
        return None
    mean = float(known.mean())
    return round(mean, decimals) if decimals is not None else mean


def comparison_window(snapshot) -> tuple[dt.date, dt.date]:
    """The snapshot's comparison window: the manifest's ``comparison_window`` when set (the demo: the
    articles' 2014-02-01..2016-08-31), else ``default_window(as_of)`` (a schema-1 demo snapshot, written
    before manifests could state it, keeps the articles' window it was calibrated to)."""
    stated = getattr(getattr(snapshot, "manifest", None), "comparison_window", None)
    if stated:
        if isinstance(stated, dict):
            return dt.date.fromisoformat(str(stated["start"])), dt.date.fromisoformat(str(stated["end"]))
        start, end = stated
        return pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if getattr(snapshot, "demo", False) and getattr(snapshot.manifest, "schema_version", 2) < 2:
        return WINDOW  # a demo snapshot written before schema 2: the articles' window it was made for
    return default_window(snapshot.as_of)


def default_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The rule for data without a stated window: the ``RECENT_MONTHS`` (36) months up to and including the
    as-of date -- the longest validity a label can have (a renewal runs three years), so every organisation
    whose latest label may still count is in, each with its latest assessment."""
    start = (pd.Timestamp(as_of) - pd.DateOffset(months=RECENT_MONTHS) + pd.Timedelta(days=1)).date()
    return start, as_of


def _lookup(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """values[key] for each key (NaN/NaT where missing); keeps datetime dtypes even when values is empty."""
    return values.reindex(keys.to_numpy()).to_numpy()


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. Empty tuples mean 'all'."""

    countries: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    programme_levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def is_default(self) -> bool:
        return not (self.countries or self.counties or self.programme_levels or self.statuses)


def filter_clusters(clusters: pd.DataFrame, states: pd.DataFrame | None = None, filters: Filters = Filters()) -> pd.DataFrame:
    """The clusters the filters keep (status filtering needs ``states`` from ``label_states``)."""
    mask = np.ones(len(clusters), dtype=bool)
    if filters.countries:
        mask &= clusters["country"].isin(filters.countries).to_numpy()
    if filters.counties:
        mask &= clusters["county_code"].isin(filters.counties).to_numpy()
    if filters.programme_levels:
        mask &= clusters["programme_level"].isin(filters.programme_levels).to_numpy()
    if filters.statuses and states is not None:
        keep = set(states.loc[states["status"].isin(filters.statuses), "cluster_id"])
        mask &= clusters["cluster_id"].isin(keep).to_numpy()
    return clusters[mask]


# --------------------------------------------------------------------------- label state


@per_frame
def labelled(assessments: pd.DataFrame, on=None) -> pd.DataFrame:
    """Labelled assessments (label other than none) on or before ``on``, one per cluster and day (the
    highest label wins a same-day double record), sorted by cluster and date."""
    frame = assessments[assessments["label_level"] != "none"]
    if on is not None:
        frame = frame[frame["assessment_date"] <= pd.Timestamp(on)]
    frame = frame.assign(_rank=frame["label_level"].map(LABEL_RANK))
    frame = frame.sort_values(["cluster_id", "assessment_date", "_rank"])
    frame = frame.drop_duplicates(["cluster_id", "assessment_date"], keep="last")
    return frame.drop(columns="_rank")


def period_end(dates: pd.Series, precision: pd.Series | None) -> pd.Series:
    """The last day each assessment date may mean: the day itself, the end of its month (month, derived) or
    31 December (year)."""
    dates = pd.to_datetime(dates)
    if precision is None:
        return dates
    precision = pd.Series(np.asarray(precision, dtype=object), index=dates.index)
    month_end = dates + pd.offsets.MonthEnd(0)
    year_end = dates + pd.offsets.YearEnd(0)
    return dates.mask(precision.isin(("month", "derived")), month_end).mask(precision == "year", year_end)


def validity_bounds(dates: pd.Series, precision: pd.Series | None) -> pd.DataFrame:
    """For labels whose valid_until is unknown: what the rules still say (seed-facts §C).  Columns:
    sure_valid_until (period start + 2 years - 1 day: even awarded on the period's first day, the label ran
    two years), sure_over_by (period end + 3 years: no validity is longer), lapsed_after (period end + 4
    years: the renewal year after the longest validity is over too)."""
    start = pd.to_datetime(dates)
    end = period_end(start, precision)
    return pd.DataFrame(
        {
            "sure_valid_until": start + pd.DateOffset(years=2) - pd.Timedelta(days=1),
            "sure_over_by": end + LONGEST_VALIDITY,
            "lapsed_after": end + LONGEST_VALIDITY + GRACE,
        },
        index=start.index,
    )


def label_states(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> pd.DataFrame:
    """One row per cluster: state (valid/grace/lapsed/unknown/never), label_level, status (gold, silver,
    bronze, grace, lapsed, unknown, never), valid_until, grace_until, days_left, first/last assessment dates,
    labels held.  A latest label without valid_until is valid while it certainly is, lapsed once it certainly
    is, and *unknown* in between (``validity_bounds``); its valid_until and grace_until stay NaT."""
    on_ts = pd.Timestamp(on)
    history = labelled(assessments, on_ts)
    grouped = history.groupby("cluster_id", sort=False)
    latest = grouped.tail(1).set_index("cluster_id")
    bounds = validity_bounds(latest["assessment_date"], latest["date_precision"] if "date_precision" in latest else None)
    first = grouped["assessment_date"].min()
    count = grouped.size()
    out = pd.DataFrame({"cluster_id": clusters["cluster_id"].to_numpy()})
    out["label_level"] = _lookup(latest["label_level"].astype(object), out["cluster_id"])
    out["valid_until"] = pd.to_datetime(_lookup(latest["valid_until"], out["cluster_id"]))
    out["last_assessment_date"] = pd.to_datetime(_lookup(latest["assessment_date"], out["cluster_id"]))
    out["first_assessment_date"] = pd.to_datetime(_lookup(first, out["cluster_id"]))
    out["labels_held"] = pd.Series(_lookup(count, out["cluster_id"])).fillna(0).astype(int).to_numpy()
    out["grace_until"] = out["valid_until"] + GRACE
    never = out["label_level"].isna()
    end_known = out["valid_until"].notna()
    sure_valid = pd.to_datetime(_lookup(bounds["sure_valid_until"], out["cluster_id"]))
    lapsed_after = pd.to_datetime(_lookup(bounds["lapsed_after"], out["cluster_id"]))
    valid = ~never & np.where(end_known, out["valid_until"] >= on_ts, sure_valid >= on_ts)
    grace = ~never & ~valid & end_known & (out["grace_until"] >= on_ts)
    unknown = ~never & ~valid & ~end_known & (lapsed_after >= on_ts)
    out["state"] = np.select([never, valid, grace, unknown], ["never", "valid", "grace", "unknown"], "lapsed")
    out["status"] = np.where(valid, out["label_level"], out["state"])
    out["days_left"] = (out["valid_until"] - on_ts).dt.days
    return out


def status_counts(clusters: pd.DataFrame, states: pd.DataFrame, by: tuple[str, ...] = ("country",)) -> pd.DataFrame:
    """Tidy counts: one row per group and status (all six statuses present, zeros included)."""
    merged = clusters[["cluster_id", *by]].merge(states[["cluster_id", "status"]], on="cluster_id")
    counts = merged.groupby([*by, "status"]).size()
    groups = merged[list(by)].drop_duplicates()
    full = groups.merge(pd.DataFrame({"status": STATUSES}), how="cross")
    full = full.merge(counts.rename("clusters").reset_index(), on=[*by, "status"], how="left")
    full["clusters"] = full["clusters"].fillna(0).astype(int)
    full["status"] = pd.Categorical(full["status"], categories=STATUSES, ordered=True)
    return full.sort_values([*by, "status"]).reset_index(drop=True)


def valid_counts(clusters: pd.DataFrame, states: pd.DataFrame, country: str) -> dict[str, int]:
    """{gold, silver, bronze, valid, grace, lapsed, never, total} for one country."""
    mine = states[states["cluster_id"].isin(clusters.loc[clusters["country"] == country, "cluster_id"])]
    counts = mine["status"].value_counts()
    out = {s: int(counts.get(s, 0)) for s in STATUSES}
    out["valid"] = out["gold"] + out["silver"] + out["bronze"]
    out["total"] = int(len(mine))
    return out


# --------------------------------------------------------------------------- renewal funnel


@per_frame
def first_labels(assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Per cluster: its first label and what became of it by ``on``.

    Columns: cluster_id, first_date, first_level, first_valid_until, stage (still_valid, renewed,
    not_renewed), in_grace, renewed_on, reached_silver, reached_gold."""
    on_ts = pd.Timestamp(on)
    history = labelled(assessments, on_ts)
    if history.empty:
        return pd.DataFrame(
            columns=[
                "cluster_id",
                "first_date",
                "first_level",
                "first_valid_until",
                "stage",
                "in_grace",
                "renewed_on",
                "reached_silver",
                "reached_gold",
            ]
        )
    firsts = history.groupby("cluster_id", sort=False).head(1).set_index("cluster_id")
    bounds = validity_bounds(firsts["assessment_date"], firsts["date_precision"] if "date_precision" in firsts else None)
    # the renewal deadline: a year after valid_until; with valid_until unknown, the latest date that is
    # certainly inside the renewal year (a year after the first label was certainly still valid)
    deadline = firsts["valid_until"].fillna(bounds["sure_valid_until"]) + GRACE
    later = history.merge(
        pd.DataFrame({"first_date": firsts["assessment_date"], "deadline": deadline}), left_on="cluster_id", right_index=True
    )
    later = later[(later["assessment_date"] > later["first_date"]) & (later["assessment_date"] <= later["deadline"])]
    renewed_on = later.groupby("cluster_id")["assessment_date"].min()
    out = pd.DataFrame(
        {
            "cluster_id": firsts.index,
            "first_date": firsts["assessment_date"].to_numpy(),
            "first_level": firsts["label_level"].to_numpy(),
            "first_valid_until": firsts["valid_until"].to_numpy(),
        }
    )
    out["renewed_on"] = pd.to_datetime(_lookup(renewed_on, out["cluster_id"]))
    end_known = out["first_valid_until"].notna()
    sure_valid = pd.to_datetime(bounds["sure_valid_until"].to_numpy())
    lapsed_after = pd.to_datetime(bounds["lapsed_after"].to_numpy())
    ended = np.where(end_known, out["first_valid_until"] < on_ts, sure_valid < on_ts)
    renewed = out["renewed_on"].notna()
    # end not known: past the certain validity, not certainly renewed, not certainly lapsed (a later label
    # before lapsed_after may have been a renewal or a new start)
    later_start = history.groupby("cluster_id")["assessment_date"].apply(lambda d: d.iloc[1] if len(d) > 1 else pd.NaT)
    next_start = pd.to_datetime(_lookup(later_start, out["cluster_id"]))
    certainly_lapsed = (lapsed_after < on_ts) & (next_start.isna() | (next_start > lapsed_after))
    end_unknown = ~end_known & ended & ~renewed & ~certainly_lapsed
    out["stage"] = np.select([~ended & ~renewed, renewed, end_unknown], ["still_valid", "renewed", "end_unknown"], "not_renewed")
    out["in_grace"] = (out["stage"] == "not_renewed") & (out["first_valid_until"] + GRACE >= on_ts)
    held = history.groupby(["cluster_id", "label_level"]).size().unstack(fill_value=0)
    for level in ("silver", "gold"):
        counts = held[level] if level in held.columns else pd.Series(0, index=held.index)
        out[f"reached_{level}"] = pd.Series(_lookup(counts, out["cluster_id"])).fillna(0).to_numpy() > 0
    return out.reset_index(drop=True)


def funnel_groups(firsts: pd.DataFrame, clusters: pd.DataFrame):
    """Per country (sorted): (country, its first labels, ended, renewed, not renewed) from first_labels rows
    that carry a country column — the split every funnel view starts from."""
    for country in sorted(clusters["country"].unique()):
        f = firsts[firsts["country"] == country]
        ended = f[~f["stage"].isin(("still_valid", "end_unknown"))]
        yield country, f, ended, ended[ended["stage"] == "renewed"], ended[ended["stage"] == "not_renewed"]


def renewal_funnel(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Tidy funnel per country: step, clusters.  Steps: first_ended (first label has come to its end),
    renewed (renewed or upgraded), silver, gold (of those renewed, ever reached Silver / Gold),
    not_renewed, not_renewed_in_grace, still_valid (first label still running, not part of the funnel),
    end_unknown (first label's end not known — neither renewed nor lapsed as far as the data says — not part of
    the funnel either)."""
    firsts = first_labels(assessments, on).merge(clusters[["cluster_id", "country"]], on="cluster_id")
    rows = []
    for country, f, ended, renewed, not_renewed in funnel_groups(firsts, clusters):
        for step, n in (
            ("first_ended", len(ended)),
            ("renewed", len(renewed)),
            ("silver", int(renewed["reached_silver"].sum())),
            ("gold", int(renewed["reached_gold"].sum())),
            ("not_renewed", len(not_renewed)),
            ("not_renewed_in_grace", int(not_renewed["in_grace"].sum())),
            ("still_valid", int((f["stage"] == "still_valid").sum())),
            ("end_unknown", int((f["stage"] == "end_unknown").sum())),
        ):
            rows.append({"country": country, "step": step, "clusters": int(n)})
    return pd.DataFrame(rows, columns=["country", "step", "clusters"])


def funnel_values(funnel: pd.DataFrame, country: str) -> dict[str, int]:
    """step -> clusters of one country's funnel, in the funnel's step order.  A plain scan of the dozen rows:
    boolean masks over Arrow-backed strings cost ~20x more."""
    return {
        step: int(clusters)
        for row_country, step, clusters in zip(funnel["country"].tolist(), funnel["step"].tolist(), funnel["clusters"].tolist())
        if row_country == country
    }


def funnel_value(funnel: pd.DataFrame, country: str, step: str) -> int:
    """The clusters of one step of one country's funnel (0 when absent)."""
    return funnel_values(funnel, country).get(step, 0)
