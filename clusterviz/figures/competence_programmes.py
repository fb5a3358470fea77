"""The training programmes abroad, from the events table (no Streamlit, no translator; worded and drawn by
charts/competence_programmes.py).

``training_events`` are the events with a ``programme`` (in the demo: Romania 2016-17, Bulgaria 2017).
Their theme tags are linked to the six ESCA areas by ``THEME_AREAS``: each theme goes to the area of the
benchmarking model whose indicators it trains -- organisation, strategy and change to management and
governance; business models and service development to services; branding/attractiveness to achievements
and recognition; internationalisation and matchmaking to contacts and interaction; quality work to the
structure of the cluster.
"""

from __future__ import annotations

import pandas as pd

from clusterviz.data.snapshot import AREAS, THEMES, Snapshot

THEME_AREAS = {
    "organisation_management": "management",
    "strategy": "management",
    "change_management": "management",
    "financing": "financing",
    "services": "services",
    "business_models": "services",
    "branding": "achievements",
    "internationalisation": "interaction",
    "matchmaking": "interaction",
    "quality": "structure",
}
assert set(THEME_AREAS) == set(THEMES) and set(THEME_AREAS.values()) <= set(AREAS)


def training_events(snapshot: Snapshot) -> pd.DataFrame:
    """Events of a training programme (those with a ``programme``; Romania and Bulgaria in the demo), in date
    order."""
    e = snapshot.events
    return e[e["programme"].notna()].sort_values("start_date").reset_index(drop=True)


def theme_area(theme: str) -> str | None:
    return THEME_AREAS.get(theme)


def programme_events(events: pd.DataFrame) -> pd.DataFrame:
    """Training-programme events (from training_events) with their end_date and ESCA areas."""
    return events.assign(
        # days unknown: the first day only (the one day known)
        end_date=events["start_date"] + pd.to_timedelta(events["days"].fillna(1).astype(int) - 1, unit="D"),
        themes=events["themes"].map(list),
        areas=events["themes"].map(lambda themes: [a for a in AREAS if a in {theme_area(t) for t in themes}]),
    ).reset_index(drop=True)


def events_on_area(events: pd.DataFrame, area: str | None) -> pd.DataFrame:
    """The programme events with a theme in the ESCA ``area`` (all of them when no area is chosen)."""
    if not area:
        return events
    return events[events["areas"].map(lambda areas: area in areas)].reset_index(drop=True)


def programme_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Per programme: country, events, held, planned, first and last date, most clusters and most
    participants at one event (participants are not added up: the same people attend several gatherings)."""
    columns = ["programme", "country", "events", "held", "planned", "first_date", "last_date", "clusters_max", "participants_max"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    grouped = events.groupby("programme", sort=False)
    out = pd.DataFrame(
        {
            "country": grouped["country"].first(),
            "events": grouped.size(),
            "held": grouped["status"].agg(lambda s: int((s == "held").sum())),
            "planned": grouped["status"].agg(lambda s: int((s == "planned").sum())),
            "first_date": grouped["start_date"].min(),
            "last_date": grouped["start_date"].max(),
            "clusters_max": grouped["clusters_n"].max(),
            "participants_max": grouped["participants_n"].max(),
        }
    ).reset_index()
    return out.sort_values("first_date").reset_index(drop=True)[columns]


def theme_tags(events: pd.DataFrame) -> pd.DataFrame:
    """Tidy: area, theme, events (how many events carry the tag), in area then theme order."""
    counts = events["themes"].explode().dropna().value_counts()
    rows = [{"area": theme_area(t), "theme": t, "events": int(counts[t])} for t in THEMES if t in counts.index]
    out = pd.DataFrame(rows, columns=["area", "theme", "events"])
    return out.sort_values("area", key=lambda s: s.map(AREAS.index), kind="stable").reset_index(drop=True)


def event_places(events: pd.DataFrame) -> pd.DataFrame:
    """Per place: place, country, lat, lon, events, held, planned, participants_max."""
    columns = ["place", "country", "lat", "lon", "events", "held", "planned", "participants_max"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    grouped = events.groupby(["place", "country"], sort=False)
    out = grouped.agg(
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        events=("event_id", "size"),
        held=("status", lambda s: int((s == "held").sum())),
        planned=("status", lambda s: int((s == "planned").sum())),
        participants_max=("participants_n", "max"),
    ).reset_index()
    return out[columns]
