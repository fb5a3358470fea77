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


def test_stacked_panels_export_at_slide_width():
    """Panels fitted to the element's width on screen (charts.base.stacked) fill the slide's width in an export;
    without a width of their own they were squeezed into one panel's width (280 px for two countries' lines)."""
    import altair as alt

    from clusterviz.charts.base import stacked

    frame = pd.DataFrame({"year": [2014, 2015, 2016], "clusters": [3, 5, 4]})
    panel = alt.Chart(frame, width=280, height=150).mark_line().encode(x="year:O", y="clusters:Q")
    chart = stacked(panel, panel, title="Two panels")
    assert chart.to_dict()["autosize"]["type"] == "fit-x"
    png = Image.open(io.BytesIO(exports.chart_png(chart)))
    assert png.size[0] == 2 * exports.SLIDE_SIZE[0]  # scale 2
    svg = exports.chart_svg(chart)
    assert f'width="{exports.SLIDE_SIZE[0]}"' in svg.split(">", 1)[0]
