"""Everything a page sends to the browser, gathered from an AppTest run for tests to inspect.

A Streamlit page reaches the browser as protobuf elements.  Rather than knowing each element type, this
walks every element's (and block's) protobuf generically:

- string fields are *texts* (markdown bodies, captions, metric labels and values, help, tooltips, ...);
  a string that parses as a JSON object or list (a Vega-Lite spec, a pydeck spec, an st.json body, a pydeck
  tooltip template) is walked as JSON too: every JSON object is a *record* (its scalar fields) and every
  JSON string a text;
- bytes fields are Arrow IPC streams (dataframe/table data, a Vega-Lite chart's data and named datasets, a
  lazily loaded dataframe's first chunk): every row is a record.

Downloads are built only when clicked (deferred callables in the media file manager); ``DownloadRecorder``
records them while the page runs and ``collect`` calls each one: CSV and Excel files become records, any
other text download (SVG) a text.  PNG chart exports are rendered from the very spec that is inspected as
chart data, so they are not rendered again here.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
from google.protobuf.message import Message

MAX_DOWNLOAD_BYTES = 20_000_000


@dataclass
class Record:
    """One row of data the browser receives: where it came from and its scalar fields."""

    source: str
    fields: dict[str, Any]
    rows: bool = False  # a row of a table (Arrow data or a download), not an object in a JSON spec

    def __repr__(self) -> str:
        shown = {k: v for k, v in list(self.fields.items())[:12]}
        return f"Record({self.source}: {shown})"


@dataclass
class Sent:
    """What one run of a page sent: texts (with the element they belong to), records, element types."""

    texts: list[tuple[str, str]] = field(default_factory=list)  # (source, text): one element's strings
    # joined, or one JSON string
    records: list[Record] = field(default_factory=list)
    element_types: set[str] = field(default_factory=set)
    downloads: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "\n".join(text for _, text in self.texts)


class DownloadRecorder:
    """Records the deferred download callables a page registers (install with monkeypatch)."""

    def __init__(self, monkeypatch):
        from streamlit.runtime.media_file_manager import MediaFileManager

        self.made: dict[str, tuple[str | None, Any]] = {}
        original = MediaFileManager.add_deferred
        recorder = self

        def record(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
            file_id = original(self, data_callable, mimetype, coordinates, file_name, element_id=element_id)
            recorder.made[file_id] = (file_name, data_callable)
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", record)

    def payload(self, file_id: str) -> tuple[str | None, bytes]:
        name, make = self.made[file_id]
        data = make()
        return name, data.encode("utf-8") if isinstance(data, str) else bytes(data)


def rerun(at):
    """Run the whole app again (entry file, sidebar, then the current page).  AppTest (1.67) runs only the
    page file on a rerun of a multipage app; asking for the main script avoids that (as in test_access)."""
    at._finished_page_script_hash = ""
    return at.run()


def open_tables(at) -> list[str]:
    """Open every closed table expander (``widgets.table_expander`` draws its table only once it is opened: its
    key, ``..._open``, is what opening it in the browser sets) and run the app again, so that what a reader can
    open is there to inspect.  Returns the keys opened."""
    keys = []
    for node in at._tree:
        element_id = getattr(getattr(node, "proto", None), "id", "")
        if getattr(node, "type", None) == "expander" and element_id.startswith("$$ID-") and element_id.endswith("_open"):
            key = element_id.split("-", 2)[2]
            if key not in at.session_state or not at.session_state[key]:
                keys.append(key)
    for key in keys:
        at.session_state[key] = True
    if keys:
        rerun(at)
    return keys


# --------------------------------------------------------------------------- walking


def _arrow_rows(data: bytes) -> pd.DataFrame | None:
    if not data:
        return None
    try:
        with pa.ipc.open_stream(pa.py_buffer(data)) as reader:
            table = reader.read_all()
    except (pa.ArrowInvalid, OSError):
        return None
    frame = table.to_pandas()
    if not isinstance(frame.index, pd.RangeIndex):  # the index (cluster ids?) is data the browser gets
        names = [name if name is not None else f"(index {i})" for i, name in enumerate(frame.index.names)]
        frame.index.names = names
        frame = frame.reset_index()
    return frame


def _frame_records(frame: pd.DataFrame, source: str) -> Iterator[Record]:
    columns = [str(c) for c in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        yield Record(source, dict(zip(columns, row)), rows=True)


def _json_walk(value: Any, source: str, sent: Sent) -> None:
    if isinstance(value, dict):
        scalars = {str(k): v for k, v in value.items() if not isinstance(v, (dict, list))}
        if scalars:
            sent.records.append(Record(source, scalars))
        for _k, v in value.items():
            if isinstance(v, str):
                sent.texts.append((source, v))
            elif isinstance(v, (dict, list)):
                _json_walk(v, source, sent)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                sent.texts.append((source, item))
            else:
                _json_walk(item, source, sent)


def _parse_json(text: str) -> Any:
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def _scan_proto(message: Message, source: str, sent: Sent, plain: list[str]) -> None:
    """Walk one protobuf: plain strings go to ``plain`` (the element's text), JSON and Arrow to records."""
    for descriptor, value in message.ListFields():
        values = value.values() if hasattr(value, "values") and hasattr(value, "keys") else (value if descriptor.is_repeated else [value])
        where = f"{source}.{descriptor.name}"
        for item in values:
            if isinstance(item, Message):
                _scan_proto(item, where, sent, plain)
            elif isinstance(item, bytes):
                frame = _arrow_rows(item)
                if frame is not None:
                    table = f"{where}[{len(sent.records)}]"  # one source per Arrow table
                    sent.records.extend(_frame_records(frame, table))
                    sent.texts.extend((table, str(c)) for c in frame.columns)
            elif isinstance(item, str):
                parsed = _parse_json(item)
                if parsed is None:
                    plain.append(item)
                else:
                    _json_walk(parsed, where, sent)


def _download_records(name: str, data: bytes, source: str, sent: Sent) -> None:
    lower = (name or "").lower()
    if lower.endswith(".csv"):
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    elif lower.endswith(".xlsx"):
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
        for sheet, frame in sheets.items():
            sent.records.extend(_frame_records(frame, f"{source}[{sheet}]"))
            sent.texts.extend((source, str(c)) for c in frame.columns)
        return
    elif lower.endswith(".pdf"):  # the cluster profile's improvement plan (fpdf2)
        from clusterviz.charts.cluster_pdf import pdf_text

        sent.texts.append((source, pdf_text(data)))
        return
    elif lower.endswith((".svg", ".json", ".txt")):
        sent.texts.append((source, data.decode("utf-8", errors="replace")))
        return
    else:
        return
    sent.records.extend(_frame_records(frame, source))
    sent.texts.extend((source, str(c)) for c in frame.columns)


def collect(at, downloads: DownloadRecorder | None = None, *, images: bool = False, open_all: bool = False) -> Sent:
    """Everything the last run of ``at`` sent to the browser (``downloads``: their payloads too).

    ``images``: also render PNG/SVG chart exports (slow; they are drawn from the inspected chart specs).
    ``open_all``: open every closed table expander first and run again (``open_tables``): their tables are sent
    once a reader opens them (the leak checks); off, the run is looked at as it is (a first visit's notices go
    with a rerun)."""
    if open_all:
        open_tables(at)
    sent = Sent()
    for node in at._tree:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__)
        if not isinstance(proto, Message):
            continue
        sent.element_types.add(str(kind))
        source = f"{kind}#{getattr(node, 'key', None) or getattr(proto, 'id', '') or ''}"
        plain: list[str] = []
        _scan_proto(proto, source, sent, plain)
        if plain:
            sent.texts.append((source, "\n".join(plain)))
        file_id = getattr(proto, "deferred_file_id", "") if kind == "download_button" else ""
        if downloads is not None and file_id and file_id in downloads.made:
            name = downloads.made[file_id][0] or ""
            if name.lower().endswith((".png", ".svg")) and not images:
                continue
            name, data = downloads.payload(file_id)
            assert len(data) < MAX_DOWNLOAD_BYTES, f"{name}: {len(data)} bytes"
            sent.downloads.append(name)
            _download_records(name, data, f"download:{name}", sent)
    return sent


# --------------------------------------------------------------------------- numbers in text and fields

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)(?![\d])")


def numbers_in(text: str) -> set[float]:
    """Decimal numbers written in a text, in either locale (63,6 and 63.6 both give 63.6)."""
    found = set()
    for match in _NUMBER.finditer(text):
        token = match.group(1)
        if not re.search(r"[.,]\d$", token):  # only one-decimal numbers look like scores
            continue
        found.add(round(float(token.replace(",", ".")), 1))
    return found


def as_score(value: Any) -> float | None:
    """A field value as a score candidate: a float with (at most) one decimal or a string like "63,6";
    never an integer or bool (counts, years, days), and never a float with more decimals (coordinates)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return None
    try:
        import numpy as np

        if isinstance(value, np.integer):
            return None
        if isinstance(value, np.floating):
            value = float(value)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float):  # 63.6 is a score candidate; 65.8224 (a latitude) or 63.7857 is not
        if value != value or abs(value * 10 - round(value * 10)) > 1e-6:
            return None
        return round(value, 1)
    if isinstance(value, str):
        token = value.strip()
        if re.fullmatch(r"\d{1,3}[.,]\d", token):
            return round(float(token.replace(",", ".")), 1)
    return None


# --------------------------------------------------------------------------- what the browser renders as Markdown

# Proto fields Streamlit renders as Markdown (st.markdown/caption/title bodies, alerts, widget and metric
# labels, help tooltips, expander/popover/tab labels, radio and pills/segmented-control options) ...
MARKDOWN_FIELDS = {"body", "label", "help", "content", "options", "caption"}
# ... except in these elements, whose strings are shown as plain text (or are data).
PLAIN_ELEMENTS = {
    "code",
    "text",
    "dataframe",
    "table",
    "json",
    "deck_gl_json_chart",
    "vega_lite_chart",
    "exception",
    "selectbox",
    "multiselect",
    "select_slider",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "page_link",
    "link_button",
    "favicon",
}
PLAIN_FIELDS_OF = {"metric": {"body", "delta"}}  # a metric's value and delta are plain text


def markdown_texts(at) -> Iterator[tuple[str, str]]:
    """(element type, text) of every string the browser will render as Markdown."""
    for node in at._tree:
        proto = getattr(node, "proto", None)
        kind = str(getattr(node, "type", type(node).__name__))
        if not isinstance(proto, Message) or kind in PLAIN_ELEMENTS:
            continue
        yield from ((kind, text) for text in _markdown_strings(proto, kind))


def _markdown_strings(message: Message, kind: str) -> Iterator[str]:
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _markdown_strings(item, kind)
            elif isinstance(item, str) and descriptor.name in MARKDOWN_FIELDS and descriptor.name not in PLAIN_FIELDS_OF.get(kind, ()):
                yield item


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def rendered(markdown: str) -> str:
    """What a Markdown text reads as once backslash escapes are resolved (CommonMark: any ASCII punctuation)."""
    return _ESCAPE.sub(r"\1", markdown)


def unescaped_markup(markdown: str) -> list[str]:
    """Markdown that would be *interpreted* in ``markdown`` (not escaped): emphasis and code markers, link
    and image brackets, HTML/autolink angle brackets, tables, strike-through, LaTeX, Streamlit directives
    (:red[...], :material/...:) and entity references.  [] for text that renders as typed."""
    found = []
    i = 0
    while i < len(markdown):
        ch = markdown[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "*_`[]<>|~$":
            found.append(ch)
        elif ch == ":" and re.match(r":[\w/-]+[\[:]", markdown[i:]):
            found.append(markdown[i : i + 12])
        elif ch == "&" and re.match(r"&#?\w+;", markdown[i:]):
            found.append(markdown[i : i + 8])
        i += 1
    return found


def texts(at) -> str:
    """Every text the run shows: titles, captions, markdown (badges included), infos, metric labels and values."""
    parts = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error") for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def first_metrics(at) -> dict[str, str]:
    """Metric label -> value; the first metric of a label wins (Norway is shown before Denmark)."""
    values: dict[str, str] = {}
    for m in at.metric:
        values.setdefault(m.label, m.value)
    return values


def expect_metrics(at, expected: str) -> None:
    """The run shows each metric of ``expected``, one "label: value" a line (the first metric of a label counts)."""
    wanted = dict(line.strip().rsplit(": ", 1) for line in expected.strip().splitlines())
    shown = first_metrics(at)
    assert {label: shown.get(label) for label in wanted} == wanted
