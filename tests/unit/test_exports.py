"""Downloads: CSV opens in Excel with Norwegian letters, Excel round-trips, charts export at slide size."""

import io

import pandas as pd
from PIL import Image

from clusterviz.charts import exports
from clusterviz.charts.overview import status_by_country
from clusterviz.figures import metrics
from clusterviz.text.i18n import Translator


def test_csv_has_bom_and_defuses_formulas():
    data = exports.csv_bytes(pd.DataFrame({"name": ["Bodø", '=HYPERLINK("x")', "-1"], "n": [1, 2, 3]}))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Bodø" in text and "'=HYPERLINK" in text and "'-1" in text


def test_excel_round_trips_dates_and_text():
    frame = pd.DataFrame({"Klynge": ["Arena Ø (demo)"], "Gyldig til": pd.to_datetime(["2018-09-30"])})
    back = pd.read_excel(io.BytesIO(exports.excel_bytes(frame, "liste")))
    assert back["Klynge"].item() == "Arena Ø (demo)"
    assert back["Gyldig til"].item() == pd.Timestamp("2018-09-30")


def test_chart_png_and_svg_are_slide_sized(seed_snapshot):
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    chart = status_by_country(metrics.status_counts(seed_snapshot.clusters, states), Translator("en"))
    png = Image.open(io.BytesIO(exports.chart_png(chart)))
    assert png.format == "PNG" and png.size[0] >= 1920 and png.size[1] >= 1080
    svg = exports.chart_svg(chart)
    assert svg.startswith("<svg") and "Clusters by label status" in svg
