"""A large synthetic snapshot in the demo's schema (benchmarks): ``python -m clusterviz demo --scale europe``."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from clusterviz.data import geo
from clusterviz.data.demo.history import area_scores, build_history, training_lights, valid_until, write_demo_snapshot
from clusterviz.data.demo.stories import DK_NAME_WORDS, NAME_WORDS, add_months
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS


def build_europe(n_clusters: int = 2000, years: int = 10, seed: int = 7) -> tuple[dt.date, dict[str, pd.DataFrame]]:
    """A large synthetic snapshot in the same schema: ``n_clusters`` demo clusters spread over the Norwegian
    counties and Danish regions, with about ``years`` years of assessment history each."""
    rng = random.Random(seed)
    as_of = dt.date(2012 + years, 3, 1)
    munis = sorted(geo.MUNICIPALITIES)
    sectors = sorted(set(NAME_WORDS) | set(DK_NAME_WORDS))
    clusters, assessments = [], []
    for i in range(n_clusters):
        muni = munis[i % len(munis)]
        country, town, county, lat, lon = geo.MUNICIPALITIES[muni]
        cid = f"EU-{i + 1:05d}"
        level = rng.choice(("arena", "arena_pro", "nce", "gce") if country == "NO" else ("dk_national", "dk_other"))
        clusters.append(
            {
                "cluster_id": cid,
                "name": f"Europe demo cluster {i + 1} (demo)",
                "country": country,
                "programme_level": level,
                "sector": rng.choice(sectors),
                "home_town": town,
                "municipality_code": muni,
                "county_code": county,
                "lat": round(lat + rng.uniform(-0.05, 0.05), 4),
                "lon": round(lon + rng.uniform(-0.05, 0.05), 4),
                "founded_year": rng.randint(2000, 2012),
                "active": rng.random() > 0.05,
            }
        )
        day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        n = 0
        index = rng.uniform(40, 75)
        while day <= as_of:
            n += 1
            index = min(95.0, max(5.0, index + rng.uniform(-3, 7)))
            label = "gold" if index >= 80 and rng.random() < 0.5 else ("silver" if n > 1 and rng.random() < 0.15 else "bronze")
            atype = {"gold": "gold", "silver": "silver", "bronze": "benchmarking"}[label]
            q = round(index if label != "gold" else max(80.0, index), 1)
            assessments.append(
                {
                    "assessment_id": f"{cid}-A{n}",
                    "cluster_id": cid,
                    "assessment_date": pd.Timestamp(day),
                    "assessment_type": atype,
                    "label_level": label,
                    "valid_until": pd.Timestamp(valid_until(day)),
                    "quality_index": q,
                    **dict(zip(AREA_COLUMNS, area_scores(q, country, rng))),
                    **dict(zip(LIGHTS, training_lights(rng, None))),
                }
            )
            day = add_months(day, rng.choice((22, 23, 24, 26, 30, 40)))
    seed_demo = build_history()  # the other tables empty, with the seed demo's columns and types
    frames = {
        "clusters": pd.DataFrame(clusters),
        "assessments": pd.DataFrame(assessments),
        "collaborations": seed_demo["collaborations"].iloc[0:0],
        "collaboration_members": seed_demo["collaboration_members"].iloc[0:0],
        "events": seed_demo["events"].iloc[0:0].assign(status=pd.Series(dtype=str)),
    }
    return as_of, frames


def write_europe(out: str, n_clusters: int = 2000) -> str:
    as_of, frames = build_europe(n_clusters)
    return write_demo_snapshot(out, as_of, frames, "clusterviz synthetic Europe-scale demo (benchmarks)")
