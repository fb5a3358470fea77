"""Tables out of the app: CSV (UTF-8 with BOM, so Excel opens Norwegian letters right) and Excel (openpyxl).

One place for every download so that each table on every page offers the same two formats.
"""

from __future__ import annotations

import io
import re

import pandas as pd

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe (CSV injection)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return _defuse(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    return excel_workbook({sheet: frame})


def excel_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per frame (names made valid for Excel: no []*?/\\:, at most 31 characters,
    unique), each as excel_bytes writes one: formula-safe text, sized columns, frozen header."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = re.sub(r"[\[\]\*\?/\\:]", " ", name)[:31] or "data"
            while sheet in used:
                sheet = sheet[:28] + f" {len(used)}"
            used.add(sheet)
            data = _defuse(frame)
            for column in data.columns:  # Excel has no time zones; dates stay dates
                if isinstance(data[column].dtype, pd.DatetimeTZDtype):
                    data[column] = data[column].dt.tz_localize(None)
            data.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for i, column in enumerate(data.columns, start=1):
                width = max([len(str(column))] + [len(str(v)) for v in data[column].head(200)]) + 2
                worksheet.column_dimensions[worksheet.cell(1, i).column_letter].width = min(60, width)
            worksheet.freeze_panes = "A2"
    return buffer.getvalue()


# --------------------------------------------------------------------------- charts (vl-convert, no browser)

SLIDE_SIZE = (960, 540)  # logical size; PNG at scale 2 gives 1920 x 1080-ish, slide resolution


def _slide_spec(chart, size: tuple[int, int] = SLIDE_SIZE) -> dict:
    """The chart's Vega-Lite spec at slide size: single views get a fixed width/height, panels fitted to a width
    (``charts.base.stacked``) the slide's width (without it they would be squeezed into one panel's width),
    other compositions keep theirs."""
    spec = chart.to_dict()
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["width"], spec["height"] = size
    elif isinstance(spec.get("autosize"), dict) and spec["autosize"].get("type") == "fit-x":
        for panel in spec.get("vconcat", ()):  # fit-x fits the whole to a panel's width: give each the slide's
            panel["width"] = size[0]
    spec.setdefault("background", "white")
    return spec


def chart_png(chart, scale: float = 2.0, size: tuple[int, int] = SLIDE_SIZE) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(vl_spec=_slide_spec(chart, size), scale=scale)


def chart_svg(chart, size: tuple[int, int] = SLIDE_SIZE) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(vl_spec=_slide_spec(chart, size))
