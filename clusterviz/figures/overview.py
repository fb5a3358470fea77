"""The overview's figures and a snapshot's headline facts (no Streamlit, no translator).

- ``overview_figures``: valid labels per country and the renewal funnel of a filtered set of clusters.
- ``facts``: the headline figures of one snapshot (the overview's fact lines and ``clusterviz facts``),
  means and counts over KNOWN values only, null unless they pass the coverage rule.
- ``coverage``: what a snapshot holds (labels, known scores, areas, lights, places, date precision), the
  badge every page shows (worded by charts/overview.py ``coverage_parts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterviz.data.snapshot import AREA_COLUMNS, DATE_PRECISIONS, LIGHTS, Snapshot
from clusterviz.figures.collaboration import collaboration_events, collaboration_members
from clusterviz.figures.competence_programmes import training_events
from clusterviz.figures.metrics import comparison_window, covered, funnel_value, label_states, renewal_funnel, status_counts, valid_counts
from clusterviz.figures.sample import all_green, comparison_sample, index_summary, lights_known

# --------------------------------------------------------------------------- the overview's counts


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


# --------------------------------------------------------------------------- the snapshot's headline facts


def find_pilot(snapshot: Snapshot, county_code: str = "18") -> pd.Series | None:
    """The earliest pilot collaboration covering the county (the 2016 Nordland pilot in the demo data)."""
    c = snapshot.collaborations
    hits = c[(c["kind"] == "pilot") & c["county_codes"].map(lambda codes: county_code in list(codes))]
    return None if hits.empty else hits.sort_values("start_date").iloc[0]


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
