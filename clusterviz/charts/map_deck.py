"""The map page's deck, whole: its layers bottom to top and the view, from the figures the page holds.  One
builder, so ``View.build`` makes the deck and its JSON once for every session and rerun with the same view
(a rerun built the layers' rows, the county colours and a new pydeck Deck each time, and pydeck's Deck()
tries a failing import of its Jupyter widget on every construction: about a sixth of a warm map rerun)."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from clusterviz.charts import map_layers as maps
from clusterviz.charts import map_rows
from clusterviz.text.i18n import Translator


def map_deck(
    measures: pd.DataFrame,
    shown: pd.DataFrame,
    drawn: pd.DataFrame,
    groups: pd.DataFrame | None,
    scores: dict[str, float] | None,
    measure: str,
    tr: Translator,
    *,
    borders_url: str | None,
    basemap: bool,
    countries: tuple[str, ...],
    fit: tuple[float, float, float] | None,
    present: bool = False,
) -> pdk.Deck:
    """Counties (filled by ``measure`` from ``borders_url``, or a disc per county without installed borders),
    the county labels of ``shown``, then a disc per place (``groups``: too many clusters to draw one by one;
    no scores, in any mode) or a point per cluster of ``drawn`` (``scores``: adviser mode's indices)."""
    if borders_url:
        counties = [
            maps.county_polygon_layer(borders_url, measures, measure, alpha=170 if basemap else 255),
            maps.county_border_layer(borders_url),
        ]
    else:
        counties = [maps.county_point_layer(map_rows.county_point_rows(measures, measure, tr), present)]
    labels = maps.label_layer(map_rows.label_rows(shown, measure, tr), present)
    if groups is not None:
        top = [maps.group_layer(map_rows.group_rows(groups, tr, present), present), labels]
    else:
        top = [labels, maps.cluster_layer(map_rows.cluster_rows(drawn, tr, present, scores))]
    return maps.deck([*counties, *top], maps.view_state(countries, fit), basemap)
