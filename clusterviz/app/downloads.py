"""Downloads and links a page draws: charts with PNG/SVG, tables with CSV/Excel, links to a cluster's profile."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import streamlit as st

from clusterviz.app import presenter, theme
from clusterviz.app.altair_spec import unvalidated
from clusterviz.app.links import bound_params
from clusterviz.data import cache
from clusterviz.text.i18n import Translator

# --------------------------------------------------------------------------- links to a cluster's profile

PROFILE_PAGE = "pages/cluster.py"
PROFILE_KEY = "profile_cluster"  # the cluster the profile page shows (bound to ?cluster= there)


def _open_profile(cluster_id: str) -> None:
    st.session_state[PROFILE_KEY] = cluster_id


def profile_button(cluster_id: str, tr: Translator, key: str) -> None:
    """A button that opens the cluster's profile in this session (so adviser mode stays on)."""
    if st.button(tr("cluster.open_profile"), key=key, icon=":material/badge:", on_click=_open_profile, args=(cluster_id,)):
        st.switch_page(PROFILE_PAGE)


def profile_url(cluster_id: str) -> str:
    """./cluster?cluster=ID with the data collection, snapshot and language of this view (a link opened in a
    new tab starts a new session, in public mode)."""
    from clusterviz.charts.cluster_report import profile_url as url

    return url(cluster_id, _carried())


def _carried() -> dict[str, str]:
    """The parameters a profile link carries: the data collection, snapshot and language of this view."""
    params = bound_params()
    return {k: params[k] for k in ("data", "snapshot", "lang") if k in params}


# Tables as Arrow, shared by every session: the tables come from View.cached/View.build (one object for every
# session with the same view), so a rerun and a room of visitors reuse their Arrow form instead of converting
# the frame again (st.dataframe does that on every draw of a pandas frame; an Arrow table it only serialises:
# a tenth of a warm collaboration rerun) and, for cluster tables, writing a link per row (a sixth of a warm
# rerun of the renewals page).
_ARROW = cache.Memo(limit=128)
_LINKED = cache.Memo(limit=64)


def _as_arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame converted as st.dataframe converts a pandas frame (the same bytes); the frame itself when Arrow
    cannot take a column as it is (Streamlit then fixes the column types itself)."""
    try:
        return pa.Table.from_pandas(frame)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return frame


def _kept(memo: cache.Memo, frame: pd.DataFrame, parts: tuple, make, unkeyed):
    """``make()`` kept in ``memo`` under the content key of ``frame`` (hashed once while the cached frame lives)
    and ``parts``; ``unkeyed()`` for a frame without a key (``cache.key_of``)."""
    frame_key = cache.key_of(frame)
    return unkeyed() if frame_key is cache.UNKEYED else memo.get((frame_key, *parts), make)


def arrow_once(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """``frame`` as Arrow, converted once while a frame with its content is kept; a frame without a key is
    handed back for Streamlit to convert."""
    return _kept(_ARROW, frame, (), lambda: _as_arrow(frame), lambda: frame)


def _with_profile_links(table: pd.DataFrame, cluster_ids: Sequence[str], column: str, carried: dict[str, str]) -> pa.Table | pd.DataFrame:
    """The table with its link column, as Arrow (``_as_arrow``)."""
    from clusterviz.charts.cluster_report import profile_url as url

    return _as_arrow(table.assign(**{column: [url(cid, carried) for cid in cluster_ids]}))


def cluster_table(table: pd.DataFrame, cluster_ids, tr: Translator, **kwargs) -> None:
    """st.dataframe of a table whose every row names a cluster, with a last column linking to its profile
    (``cluster_ids`` in the rows' order).  Downloads take ``table`` itself, without the links."""
    column = tr("cluster.col_profile")
    ids = tuple(map(str, cluster_ids))
    carried = _carried()

    def linked():
        return _with_profile_links(table, ids, column, carried)

    shown = _kept(_LINKED, table, (ids, column, tuple(carried.items())), linked, linked)
    config = dict(kwargs.pop("column_config", None) or {})
    config[column] = st.column_config.LinkColumn(column, display_text=tr("cluster.link_text"), width="small")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **kwargs)


def download_buttons(frame: pd.DataFrame, basename: str, tr: Translator, key: str) -> None:
    """CSV and Excel downloads of exactly the rows and columns shown; built only when clicked."""
    from clusterviz.charts import exports

    safe = _file_name(basename)
    _download_row(
        key,
        (tr("common.download_csv"), lambda: exports.csv_bytes(frame), f"{safe}.csv", "text/csv", "csv", ":material/download:"),
        (
            tr("common.download_xlsx"),
            lambda: exports.excel_bytes(frame, safe),
            f"{safe}.xlsx",
            exports.EXCEL_MIME,
            "xlsx",
            ":material/table_view:",
        ),
    )


def _download_row(key: str, *files: tuple) -> None:
    """Download buttons in one row that wraps on a phone (a horizontal container: one element, where a column
    per button was one more each).  A file is ``(label, make, file name, mime type, key suffix, icon)``; ``make()``
    runs only when its button is clicked, and the button is ``{key}_{suffix}``."""
    with st.container(horizontal=True):
        for label, make, name, mime, suffix, icon in files:
            st.download_button(label, make, name, mime, key=f"{key}_{suffix}", icon=icon, on_click="ignore")


def chart(chart_obj, basename: str, tr: Translator, key: str, **kwargs) -> None:
    """Draw an Altair chart with one export button (``{key}_export``) under it; the button opens a dialog with
    PNG and SVG downloads at slide resolution (rendered only when clicked).  One button where a popover held two
    download buttons: three elements fewer per chart on every first render (issue 19)."""
    present = bool(st.session_state.get("present"))
    kwargs.setdefault("height", element_height(chart_obj, present=present))
    dark = theme.reader_is_dark()
    st.altair_chart(unvalidated(_on_screen(chart_obj, present, dark)), width="stretch", key=key, **kwargs)
    st.button(tr("common.export_chart"), key=f"{key}_export", icon=":material/image:", type="tertiary", on_click=_ask_export, args=(key,))
    if st.session_state.get(_EXPORT) == key:
        del st.session_state[_EXPORT]
        st.dialog(tr("common.export_title"))(_export_dialog)(_for_export(chart_obj, present), _file_name(basename), tr, key)


# The chart whose export button was pressed: its dialog opens when the chart is drawn in that run.  Set by the
# button's callback, so a run that starts again before the chart is drawn (st.rerun) still opens it.
_EXPORT = "_cv_export"


def _ask_export(key: str) -> None:
    st.session_state[_EXPORT] = key


def _export_dialog(chart_obj, safe: str, tr: Translator, key: str) -> None:
    """The export dialog of one chart: PNG and SVG (``{key}_png``, ``{key}_svg``), 16:9 on white."""
    from clusterviz.charts import exports

    st.caption(tr("common.export_caption"))
    _download_row(
        key,
        ("PNG", lambda: exports.chart_png(chart_obj), f"{safe}.png", "image/png", "png", ":material/image:"),
        ("SVG", lambda: exports.chart_svg(chart_obj), f"{safe}.svg", "image/svg+xml", "svg", ":material/draw:"),
    )


def _on_screen(chart_obj, present: bool, dark: bool):
    """The screen follows the reader's theme; presenter mode: full-contrast chart text for the back of the room,
    in either theme."""
    return _restyled(chart_obj, present, dark) if present or dark else chart_obj


def _for_export(chart_obj, present: bool):
    """The PNG/SVG downloads keep the light ink (slides are white); presenter mode's full contrast too."""
    return _restyled(chart_obj, True, False) if present else chart_obj


# The restyled copies are kept while the chart lives (charts come from View.build, one object for every session
# with the same view): a new copy on every draw was a new chart to convert to Vega-Lite and Arrow again, on every
# rerun of every presenter's and every dark-theme reader's session.  A copy holds no reference to its chart, so
# the entry goes when the chart does (which is why the unchanged case above is not kept here).
@cache.per_frame
def _restyled(chart_obj, present: bool, dark: bool):
    return theme.with_ink(presenter.high_contrast(chart_obj, dark) if present else chart_obj, dark)


def element_height(chart_obj, decorations: int = 150, present: bool | None = None) -> int | str:
    """Pixel height for st.altair_chart. With width="stretch" Streamlit fits the whole chart (title, axes,
    legend) into the spec's height, which squeezes the plot to nothing; giving the element the plot height
    plus room for the decorations (one legend row among them, and a row more per further legend entry:
    legends are lists under the chart, ``charts.base.legend_rows``) keeps the plot at the height the builder
    asked for.  Read from the chart object, not from chart.to_dict(), which would validate the whole spec."""
    from clusterviz.charts.base import LEGEND_ROW_PX, legend_rows

    layers = getattr(chart_obj, "layer", None) or ()
    heights = [getattr(chart_obj, "height", None)] + [getattr(layer, "height", None) for layer in layers]
    plot = next((h for h in heights if isinstance(h, int) and not isinstance(h, bool)), None)
    if not plot:
        return "content"
    if present is None:
        present = bool(st.session_state.get("present"))
    row = LEGEND_ROW_PX["present" if present else "normal"]
    return plot + decorations + max(0, legend_rows(chart_obj) - 1) * row


def _file_name(basename: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in basename)[:60] or "export"
