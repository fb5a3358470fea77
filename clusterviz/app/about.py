"""Tables for the about/data page: the snapshots (valid and refused) and the schema."""

from __future__ import annotations

import pandas as pd

from clusterviz.data.snapshot import TABLES
from clusterviz.data.store import Catalog
from clusterviz.text.i18n import Translator


def catalog_key(catalog: Catalog) -> tuple:
    """What snapshot_rows shows of a catalog, in plain values (so ``View.cached`` keys the table by them): the
    valid names, and each refused one's name and first problem."""
    return (tuple(e.name for e in catalog.valid), tuple((r.name, str(r.problems[0]) if r.problems else "") for r in catalog.refused))


def snapshot_rows(listing: tuple, tr: Translator) -> pd.DataFrame:
    """One row per snapshot folder of ``catalog_key(catalog)``: date, valid/refused, and the first problem of a
    refused one."""
    valid, refused = listing
    rows = [{"name": name, "state": tr("about.state_valid"), "problem": ""} for name in valid]
    rows += [{"name": name, "state": tr("about.state_refused"), "problem": problem} for name, problem in refused]
    frame = pd.DataFrame(rows, columns=["name", "state", "problem"]).sort_values("name", ascending=False)
    return frame.rename(columns={"name": tr("about.col_snapshot"), "state": tr("about.col_state"), "problem": tr("about.col_problem")})


def schema_rows(tr: Translator) -> pd.DataFrame:
    rows = [
        {"table": f"{table}.parquet", "column": name, "type": str(typ), "required": not nullable}
        for table, columns in TABLES.items()
        for name, (typ, nullable, _) in columns.items()
    ]
    return pd.DataFrame(rows).rename(
        columns={
            "table": tr("about.col_table"),
            "column": tr("about.col_column"),
            "type": tr("about.col_type"),
            "required": tr("about.col_required"),
        }
    )


def schema_markdown() -> str:
    """The README's schema section, generated from snapshot.TABLES (`python -m clusterviz schema`)."""
    lines = []
    for table, columns in TABLES.items():
        lines += [f"#### `{table}.parquet`", "", "| column | type | required | meaning |", "|---|---|---|---|"]
        lines += [
            f"| `{name}` | {typ} | {'yes' if not nullable else 'no'} | {meaning} |" for name, (typ, nullable, meaning) in columns.items()
        ]
        lines.append("")
    return "\n".join(lines)


def source_rows(clusters: pd.DataFrame, assessments: pd.DataFrame, tr: Translator) -> pd.DataFrame | None:
    """Where each cluster's facts come from: one row per cluster with the address(es) stated for the
    cluster itself and for its labels (public facts only: no score).  None when the snapshot names no
    source at all (the demo, schema-1 data)."""
    cluster_sources = clusters["source"] if "source" in clusters else pd.Series(pd.NA, index=clusters.index)
    label_sources = pd.Series(dtype=object)
    if "source" in assessments and len(assessments):
        labelled = assessments[assessments["label_level"] != "none"]
        label_sources = (
            labelled.dropna(subset=["source"])
            .groupby("cluster_id", observed=True)["source"]
            .agg(lambda values: "; ".join(dict.fromkeys(_split_sources(values))))
        )
    if cluster_sources.isna().all() and label_sources.empty:
        return None
    frame = pd.DataFrame(
        {
            "name": clusters["name"].to_numpy(),
            "country": clusters["country"].map(tr.country).to_numpy(),
            "cluster_source": cluster_sources.fillna("").to_numpy(),
            "label_source": clusters["cluster_id"].map(label_sources).fillna("").to_numpy(),
        }
    ).sort_values(["country", "name"])
    return frame.rename(
        columns={
            "name": tr("about.col_cluster"),
            "country": tr("about.col_country"),
            "cluster_source": tr("about.col_cluster_source"),
            "label_source": tr("about.col_label_source"),
        }
    )


def source_ids(rows: pd.DataFrame, clusters: pd.DataFrame) -> list[str]:
    """The cluster ids of source_rows' rows, in its order (its index is the clusters' row positions), for the
    links to their profiles."""
    return clusters["cluster_id"].to_numpy()[rows.index.to_numpy()].tolist()


def _split_sources(values) -> list[str]:
    return [part.strip() for value in values for part in str(value).split(";") if part.strip()]


def warning_rows(problems, tr: Translator) -> pd.DataFrame:
    """The validation warnings of a snapshot (store.Entry.warnings) as a table: file, column, row, message.
    Warnings are what real data breaks of ESCA's rules (an unknown valid_until, a validity other than the rule
    of its era): the snapshot is served, and the About page says what it breaks."""
    return pd.DataFrame(
        {
            tr("about.col_warning_file"): [p.file for p in problems],
            tr("about.col_warning_column"): [p.column or "" for p in problems],
            tr("about.col_warning_row"): pd.array([p.row for p in problems], dtype="Int64"),
            tr("about.col_warning_message"): [p.message for p in problems],
        }
    )
