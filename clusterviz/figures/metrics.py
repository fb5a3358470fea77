"""Every figure the app shows, as pure functions over the snapshot's frames (no Streamlit here).

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
  organisation's latest assessment in the window.
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
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS, DATE_PRECISIONS, LABEL_RANK, LIGHTS, Snapshot

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


# --------------------------------------------------------------------------- per-frame results

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


# --------------------------------------------------------------------------- comparison sample


def comparison_sample(clusters: pd.DataFrame, assessments: pd.DataFrame, window: tuple[dt.date, dt.date] = WINDOW) -> pd.DataFrame:
    """Latest labelled assessment of each organisation inside the window, with its country.  Pass the
    snapshot's window (``comparison_window``); the default is the articles' window the demo states."""
    history = labelled(assessments)
    inside = history[(history["assessment_date"] >= pd.Timestamp(window[0])) & (history["assessment_date"] <= pd.Timestamp(window[1]))]
    latest = inside.groupby("cluster_id", sort=False).tail(1)
    return latest.merge(clusters[["cluster_id", "country", "county_code", "programme_level", "sector"]], on="cluster_id").reset_index(
        drop=True
    )


def index_summary(sample: pd.DataFrame) -> pd.DataFrame:
    """Per country: n (organisations in the sample), n_known (with a known quality index), covered (the
    coverage rule), mean (one decimal), median, min, max -- all over the KNOWN indices; NaN where none is
    known (never 0)."""
    index = pd.to_numeric(sample["quality_index"], errors="coerce").astype(float)
    grouped = index.groupby(sample["country"])
    out = pd.DataFrame(
        {
            "n": grouped.size(),
            "n_known": grouped.count(),
            "mean": grouped.mean().round(1),
            "median": grouped.median(),
            "min": grouped.min(),
            "max": grouped.max(),
        }
    ).reset_index()
    out["n_total"] = out["n"]
    one_level = {country: one_level_only(group) for country, group in sample.groupby("country", sort=False)}
    out["one_level"] = out["country"].map(one_level).fillna(False).astype(bool)
    out["covered"] = [covered(k, n) and not one for k, n, one in zip(out["n_known"], out["n"], out["one_level"])]
    return out[["country", "n", "n_known", "n_total", "covered", "one_level", "mean", "median", "min", "max"]]


def area_profile(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy mean score per group and ESCA area over the KNOWN scores: columns [by, area, score, n, n_known]
    (score NaN where no score of the area is known)."""
    long = sample.melt(id_vars=[by], value_vars=list(AREA_COLUMNS), var_name="area", value_name="score")
    long["area"] = long["area"].str.removeprefix("area_")
    long["score"] = pd.to_numeric(long["score"], errors="coerce").astype(float)
    out = long.groupby([by, "area"], sort=False)["score"].agg(["mean", "size", "count"]).reset_index()
    out = out.rename(columns={"mean": "score", "size": "n", "count": "n_known"})
    out["area"] = pd.Categorical(out["area"], categories=AREAS, ordered=True)
    return out.sort_values([by, "area"]).reset_index(drop=True)


def profile_covered(profile: pd.DataFrame) -> bool:
    """May a six-area profile be shown: every area of every group passes the coverage rule?"""
    return bool(len(profile)) and all(covered(k, n) for k, n in zip(profile["n_known"], profile["n"]))


def area_gap(profile: pd.DataFrame, a: str = "DK", b: str = "NO", by: str = "country") -> pd.DataFrame:
    """Per area: score of a, score of b, gap = a - b; sorted by gap, largest first."""
    wide = profile.pivot(index="area", columns=by, values="score")
    out = pd.DataFrame({"area": wide.index.astype(str), a: wide[a].to_numpy(), b: wide[b].to_numpy()})
    out["gap"] = out[a] - out[b]
    return out.sort_values("gap", ascending=False).reset_index(drop=True)


# --------------------------------------------------------------------------- training lights


def training_lights(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy counts of the KNOWN lights: ``by`` (country unless told), light (budget/plan/training), value
    (green/yellow/red), clusters.  An unknown light is not counted under any colour (see lights_known)."""
    long = sample.melt(id_vars=[by], value_vars=list(LIGHTS), var_name="light", value_name="value")
    long["light"] = long["light"].str.removeprefix("light_")
    long = long[long["value"].notna()]
    return long.groupby([by, "light", "value"]).size().rename("clusters").reset_index()


def lights_known(sample: pd.DataFrame) -> pd.Series:
    """True where all three lights of the assessment are known."""
    return sample[list(LIGHTS)].notna().all(axis=1)


def all_green(sample: pd.DataFrame) -> pd.Series:
    """True where all three lights are green (False where any is unknown: use lights_known to count over
    the known ones)."""
    return (sample[list(LIGHTS)] == "green").fillna(False).astype(bool).all(axis=1)


# --------------------------------------------------------------------------- collaborations and events


def find_pilot(snapshot: Snapshot, county_code: str = "18") -> pd.Series | None:
    """The earliest pilot collaboration covering the county (the 2016 Nordland pilot in the demo data)."""
    c = snapshot.collaborations
    hits = c[(c["kind"] == "pilot") & c["county_codes"].map(lambda codes: county_code in list(codes))]
    return None if hits.empty else hits.sort_values("start_date").iloc[0]


def collaboration_members(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    ids = snapshot.collaboration_members.loc[snapshot.collaboration_members["collaboration_id"] == collaboration_id, "cluster_id"]
    return snapshot.clusters[snapshot.clusters["cluster_id"].isin(ids)]


def collaboration_events(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    e = snapshot.events
    return e[e["collaboration_id"] == collaboration_id].sort_values("start_date")


def training_events(snapshot: Snapshot) -> pd.DataFrame:
    """Events of a training programme (those with a ``programme``; Romania and Bulgaria in the demo), in date
    order."""
    e = snapshot.events
    return e[e["programme"].notna()].sort_values("start_date").reset_index(drop=True)


def pilot_workshop(snapshot: Snapshot, pilot: pd.Series | None) -> dict | None:
    """The pilot's first workshop as the events table records it: {date, place} (place None when the
    events table leaves it blank), or None when there is no pilot or no workshop."""
    if pilot is None:
        return None
    events = collaboration_events(snapshot, pilot["collaboration_id"])
    workshops = events[events["kind"] == "workshop"]
    if workshops.empty:
        return None
    first = workshops.iloc[0]
    place = first["place"]
    return {"date": first["start_date"].date(), "place": None if pd.isna(place) else str(place)}


def facts(snapshot: Snapshot) -> dict:
    """The headline figures of one snapshot (what `python -m clusterviz facts --json` prints).

    Counts of labels are always known (a label is the public fact).  A mean index or an all-green count is
    over KNOWN values and is null unless it passes the coverage rule (``covered``); the ``*_known`` keys say
    over how many it was (or would have been) computed."""
    on = snapshot.as_of
    clusters, assessments = snapshot.clusters, snapshot.assessments
    states = label_states(clusters, assessments, on)
    no, dk = valid_counts(clusters, states, "NO"), valid_counts(clusters, states, "DK")
    funnel = renewal_funnel(clusters, assessments, on)
    window = comparison_window(snapshot)
    sample = comparison_sample(clusters, assessments, window)
    summary = index_summary(sample).set_index("country")
    no_sample = sample[sample["country"] == "NO"]
    pilot = find_pilot(snapshot)
    pilot_n = 0 if pilot is None else int(len(collaboration_members(snapshot, pilot["collaboration_id"])))
    workshop = pilot_workshop(snapshot, pilot)

    def stat(country, column):
        if country not in summary.index:
            return 0 if column in ("n", "n_known") else None
        if column == "mean":
            value = summary.loc[country, "mean"]
            return float(value) if bool(summary.loc[country, "covered"]) and pd.notna(value) else None
        return int(summary.loc[country, column])

    lights_n = int(lights_known(no_sample).sum()) if len(no_sample) else 0
    green_n = int((all_green(no_sample) & lights_known(no_sample)).sum()) if len(no_sample) else 0
    return {
        "snapshot": on.isoformat(),
        "demo": snapshot.demo,
        "no_gold_valid": no["gold"],
        "no_silver_valid": no["silver"],
        "no_bronze_valid": no["bronze"],
        "dk_gold_valid": dk["gold"],
        "dk_silver_valid": dk["silver"],
        "dk_bronze_valid": dk["bronze"],
        "no_clusters": no["total"],
        "dk_clusters": dk["total"],
        "no_first_benchmarked": funnel_value(funnel, "NO", "first_ended"),
        "no_renewed_or_upgraded": funnel_value(funnel, "NO", "renewed"),
        "no_lapsed": funnel_value(funnel, "NO", "not_renewed"),
        "no_lapsed_in_grace": funnel_value(funnel, "NO", "not_renewed_in_grace"),
        "no_first_label_still_valid": funnel_value(funnel, "NO", "still_valid"),
        "no_first_label_end_unknown": funnel_value(funnel, "NO", "end_unknown"),  # valid_until not known
        "comparison_window": [window[0].isoformat(), window[1].isoformat()],
        "comparison_window_stated": bool(getattr(snapshot.manifest, "comparison_window", None)),
        "comparison_no_n": stat("NO", "n"),
        "comparison_dk_n": stat("DK", "n"),
        "comparison_no_index_known": stat("NO", "n_known"),
        "comparison_dk_index_known": stat("DK", "n_known"),
        "comparison_no_mean_index": stat("NO", "mean"),
        "comparison_dk_mean_index": stat("DK", "mean"),
        "nordland_pilot_clusters": pilot_n,
        "nordland_workshop_date": None if workshop is None else workshop["date"].isoformat(),
        "nordland_workshop_place": None if workshop is None else workshop["place"],
        "training_certified_n": int(len(no_sample)),
        "training_lights_known": lights_n,
        "training_all_green_n": green_n if covered(lights_n, len(no_sample)) else None,
        "coverage": coverage(snapshot).as_dict(),
        "training_events": [
            {
                "event_id": r.event_id,
                "name": r.name,
                "programme": r.programme,
                "kind": r.kind,
                "start_date": r.start_date.date().isoformat(),
                "days": None if pd.isna(r.days) else int(r.days),
                "place": r.place,
                "country": r.country,
                "clusters": None if pd.isna(r.clusters_n) else int(r.clusters_n),
                "participants": None if pd.isna(r.participants_n) else int(r.participants_n),
                "status": r.status,
            }
            for r in training_events(snapshot).itertuples()
        ],
    }


# --------------------------------------------------------------------------- overview


def overview_figures(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> dict:
    """Label counts and renewal funnel for a (filtered) set of clusters, per country present in it."""
    states = label_states(clusters, assessments, on)  # both keep only ``clusters``' rows; the history
    funnel = renewal_funnel(clusters, assessments, on)  # behind them is the snapshot's, kept per_frame
    countries = [c for c in ("NO", "DK") if (clusters["country"] == c).any()]
    return {
        "countries": countries,
        "counts": {c: valid_counts(clusters, states, c) for c in countries},
        "funnel": {c: {step: funnel_value(funnel, c, step) for step in funnel["step"].unique()} for c in countries},
        "status_counts": status_counts(clusters, states) if len(clusters) else None,
    }


# --------------------------------------------------------------------------- what the snapshot holds


@dataclass(frozen=True)
class Coverage:
    """What a snapshot holds, counted in clusters (of ``clusters``): with a label, with a known quality index,
    with known area scores, with known training lights, with coordinates; and how exact its assessment dates
    are (assessments per date_precision)."""

    clusters: int
    labelled: int
    index_known: int
    areas_known: int
    lights_known: int
    placed: int
    sector_known: int
    programme_known: int
    date_precision: dict[str, int]

    @property
    def labels_only(self) -> bool:
        """No score, area score or light is known anywhere: the snapshot holds labels (and dates) only."""
        return not (self.index_known or self.areas_known or self.lights_known)

    @property
    def complete(self) -> bool:
        """Every cluster placed, and every cluster with a label has its index, areas and lights known."""
        return (
            self.placed == self.clusters
            and self.index_known == self.labelled == self.areas_known == self.lights_known
            and set(self.date_precision) <= {"day"}
        )

    def as_dict(self) -> dict:
        return {
            "clusters": self.clusters,
            "labelled": self.labelled,
            "index_known": self.index_known,
            "areas_known": self.areas_known,
            "lights_known": self.lights_known,
            "placed": self.placed,
            "sector_known": self.sector_known,
            "programme_known": self.programme_known,
            "date_precision": dict(self.date_precision),
            "labels_only": self.labels_only,
        }


def coverage(snapshot: Snapshot) -> Coverage:
    """Count what ``snapshot`` holds (see Coverage): a cluster counts as having a score, areas or lights when
    any of its assessments has that value known (all six areas / all three lights)."""
    clusters, assessments = snapshot.clusters, snapshot.assessments
    ids = clusters["cluster_id"]

    def having(mask) -> int:
        return int(ids.isin(assessments.loc[np.asarray(mask, dtype=bool), "cluster_id"]).sum())

    precision = assessments["date_precision"] if "date_precision" in assessments else pd.Series("day", index=assessments.index)
    counts = precision.fillna("day").astype(str).value_counts()
    order = [p for p in DATE_PRECISIONS if p in counts.index] + sorted(
        p for p in counts.index if p not in DATE_PRECISIONS
    )  # derived: counted apart, last
    return Coverage(
        clusters=int(len(clusters)),
        labelled=having(assessments["label_level"] != "none"),
        index_known=having(assessments["quality_index"].notna()),
        areas_known=having(assessments[list(AREA_COLUMNS)].notna().all(axis=1)),
        lights_known=having(assessments[list(LIGHTS)].notna().all(axis=1)),
        placed=int((clusters["lat"].notna() & clusters["lon"].notna()).sum()),
        sector_known=int(clusters["sector"].notna().sum()),
        programme_known=int(clusters["programme_level"].notna().sum()),
        date_precision={p: int(counts[p]) for p in order},
    )


def coverage_parts(cov: Coverage, tr) -> list[str]:
    """The coverage badge's parts in the chosen language: "labels only" (when no score, area or light is
    known), "index for 6 of 45", "area scores for 0 of 45", "lights for 0 of 45", "placed 40 of 45", and
    the date precisions when not every date is a day ("dates: 30 to the year, 15 to the day")."""
    n = tr.integer(cov.clusters)
    parts = [tr("common.coverage_labels_only")] if cov.labels_only else []
    parts += [
        tr("common.coverage_labelled", k=tr.integer(cov.labelled), n=n),
        tr("common.coverage_index", k=tr.integer(cov.index_known), n=n),
        tr("common.coverage_areas", k=tr.integer(cov.areas_known), n=n),
        tr("common.coverage_lights", k=tr.integer(cov.lights_known), n=n),
        tr("common.coverage_placed", k=tr.integer(cov.placed), n=n),
    ]
    if set(cov.date_precision) - {"day"}:
        dates = ", ".join(
            tr(f"common.coverage_precision_{p}", k=tr.integer(k)) if p in DATE_PRECISIONS else f"{p}: {tr.integer(k)}"
            for p, k in cov.date_precision.items()
        )
        parts.append(tr("common.coverage_dates", dates=dates))
    return parts
