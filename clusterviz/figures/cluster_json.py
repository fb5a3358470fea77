"""One cluster's whole profile as plain data (JSON-ready; dates as ISO text): what ``python -m clusterviz
profile`` prints and the documents hold.  Public unless asked for the adviser's parts (no Streamlit, no
translator)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import numpy as np
import pandas as pd

from clusterviz.figures import metrics
from clusterviz.figures.cluster import plain_value, public_figures
from clusterviz.figures.cluster_adviser import MEASURES, adviser_figures


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _json(value):
    value = plain_value(value) if not isinstance(value, (list, tuple, dict)) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_json(v) for v in value.tolist()]
    return value


def as_plain(result) -> dict:
    """A Distance / SilverPath / Plan as plain data (frames as lists of records, dates as ISO text)."""
    return {
        f.name: _records(getattr(result, f.name)) if isinstance(getattr(result, f.name), pd.DataFrame) else _json(getattr(result, f.name))
        for f in fields(result)
    }


def profile(snapshot, cluster_id: str, *, adviser: bool = False, states: pd.DataFrame | None = None) -> dict | None:
    """The whole profile as plain data (JSON-ready; dates as ISO text): what ``python -m clusterviz profile``
    prints and the documents hold.  Public unless ``adviser``: then the scores, the distance to Gold, the
    Silver path and the plan are added.  None when the cluster is not in the snapshot."""
    on = snapshot.as_of
    states = states if states is not None else metrics.label_states(snapshot.clusters, snapshot.assessments, on)
    public = public_figures(snapshot, states, cluster_id)
    if public is None:
        return None
    out = {
        "snapshot": on.isoformat(),
        "demo": snapshot.demo,
        "mode": "adviser" if adviser else "public",
        "cluster": {k: _json(v) for k, v in public["info"].items()},
        "expiry": {k: _json(v) for k, v in public["expiry"].items()},
        "label_path": _records(public["path"]),
        "collaborations": _records(public["collaborations"][["collaboration_id", "name", "kind", "start_date", "end_date"]]),
        "events": _records(public["events"][["event_id", "name", "kind", "start_date", "place", "status"]]),
        "label_peers": _records(public["peers"]),
        "label_peers_not_formed": public["peers_not_formed"],
    }
    if adviser:
        figures = adviser_figures(snapshot, states, cluster_id, public["expiry"]["renew_by"])
        out["scores"] = _records(figures["history"][["assessment_date", "date_precision", "assessment_type", "label_level", *MEASURES]])
        out["peer_scores"] = _records(figures["peers"])
        out["distance_to_gold"] = as_plain(figures["distance"])
        out["silver_path"] = {**as_plain(figures["silver"]), "met": figures["silver"].met}
        out["plan"] = as_plain(figures["plan"])
    return out
