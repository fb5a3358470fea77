"""A faithful Streamlit client: it runs the script the way a browser tab does.

HTTP load tools never run the script. A browser tab does this (streamlit 1.67):

1. ``GET /_stcore/health`` (and ``/_stcore/host-config``) -- the health answer
   sets the ``_streamlit_xsrf`` cookie when XSRF protection is on (default).
2. Opens the websocket ``/_stcore/stream``. The ``Sec-WebSocket-Protocol``
   header is reused to carry tokens: ``streamlit, <xsrf cookie value or
   PLACEHOLDER_AUTH_TOKEN>[, <last session id when reconnecting>]``; the server
   selects the first entry. The ``Origin`` header must be same-origin (or in
   ``server.corsAllowedOrigins``), otherwise the server closes with 1008.
3. Connecting creates a session but runs nothing. The tab then sends a binary
   ``BackMsg`` with ``rerun_script`` (a ``ClientState``: query string, page
   name taken from the URL path, page script hash, widget states, context
   info).
4. The server streams binary ``ForwardMsg``s: ``new_session``, ``delta``s, ...
   and finally ``script_finished``.

This module does the same with asyncio + ``websockets``. A widget change is
another ``rerun_script`` on the same socket carrying all widget states; a
change of a widget drawn inside ``st.fragment`` carries that fragment's id
(``ClientState.fragment_id``, taken from the ``fragment_id`` of the delta that
drew the widget), so the server reruns only the fragment, as it does for the
browser.  The message cache is kept like the frontend's: a cacheable message
is forgotten after ``max_cached_message_age`` finished runs in which it was
neither sent nor referenced (a fragment run ages only that fragment's
messages), and the hashes still held go with every rerun.

    result = await first_render("http://127.0.0.1:8501", page_name="map")
    result.seconds, result.bytes, result.errors

    result = await first_render(url, keep_open=True)
    again = await rerun(result.session, {"my_slider_key": 3})
    await result.session.close()

    stats = await burst(url, n=30, page_name="map")   # BurstStats
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
XSRF_COOKIE = "_streamlit_xsrf"
PLACEHOLDER_AUTH_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends without a cookie

# script_finished values that end a run the client asked for (an early finish
# means "interrupted by a newer rerun": keep waiting for that one).
_FINAL_STATUSES = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}

# Widget element type -> WidgetState value field, for plain Python values.
_WIDGET_VALUE_FIELD = {
    "button": "trigger_value",
    "download_button": "trigger_value",
    "checkbox": "bool_value",
    "slider": "double_array_value",
    "multiselect": "string_array_value",
    "button_group": "string_array_value",
    "selectbox": "string_value",
    "radio": "string_value",
    "text_input": "string_value",
    "text_area": "string_value",
    "color_picker": "string_value",
    "date_input": "string_array_value",
    "time_input": "string_value",
}


@dataclass
class WidgetInfo:
    id: str
    type: str
    label: str = ""
    options: list[str] = field(default_factory=list)  # the option texts the browser shows (and sends back)
    fragment_id: str = ""  # the st.fragment the widget was drawn in ("": the page itself)
    value: list[str] = field(default_factory=list)  # the option texts selected when it was drawn (choice widgets)


@dataclass
class MessageCache:
    """The frontend's ForwardMsg cache (streamlit 1.67, ``ForwardMsgCache``): hash -> the run count at which
    the message was last received or referenced, and the fragment that drew it."""

    max_age: int = 2  # replaced by the server's global.maxCachedMessageAge (new_session config)
    runs: int = 0
    entries: dict[str, tuple[int, str]] = field(default_factory=dict)

    def seen(self, msg_hash: str, fragment_id: str = "") -> None:
        _, fragment = self.entries.get(msg_hash, (0, fragment_id))
        self.entries[msg_hash] = (self.runs, fragment)

    def run_finished(self, fragment_ids: Sequence[str] = ()) -> None:
        """One more finished run: messages older than ``max_age`` runs are dropped (in a fragment run, only
        the messages of that fragment age)."""
        self.runs += 1
        for msg_hash, (last, fragment) in list(self.entries.items()):
            if fragment_ids and fragment not in fragment_ids:
                continue
            if self.runs - last > self.max_age:
                del self.entries[msg_hash]

    def __contains__(self, msg_hash: str) -> bool:
        return msg_hash in self.entries

    def hashes(self) -> list[str]:
        return sorted(self.entries)


@dataclass
class Session:
    """One connected tab. Open while ``ws`` is not None."""

    url: str
    page_name: str = ""
    query_string: str = ""
    ws: Any = None
    session_id: str = ""
    page_script_hash: str = ""
    main_script_hash: str = ""
    app_pages: list[dict[str, str]] = field(default_factory=list)
    widgets: dict[str, WidgetInfo] = field(default_factory=dict)
    widget_states: dict[str, WidgetState] = field(default_factory=dict)
    # Cacheable messages received and not yet expired: their hashes go with each rerun
    # (ClientState.cached_message_hashes), as the frontend does, so the server answers an unchanged big element
    # with a short reference.
    cache: MessageCache = field(default_factory=MessageCache)
    toolbar_mode: str = ""  # the server's client.toolbarMode (new_session config): shows which config applies
    # Cookies the server (or a proxy in front of it) set, sent back like a browser: a proxy's sticky-session
    # cookie keeps the tab's requests and websocket on one replica.
    cookies: dict[str, str] = field(default_factory=dict)

    def find_widget(self, name: str) -> WidgetInfo:
        """A widget seen in this session, by full id, user ``key=`` or label."""
        if name in self.widgets:
            return self.widgets[name]
        by_key = [w for w in self.widgets.values() if w.id.endswith("-" + name)]
        by_label = [w for w in self.widgets.values() if w.label == name]
        for found in (by_key, by_label):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise KeyError(f"{name!r} matches several widgets: {[w.id for w in found]}")
        raise KeyError(f"no widget {name!r}; seen: {sorted(self.widgets)}")

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            await ws.close()


@dataclass
class RenderResult:
    seconds: float  # rerun request (incl. connect for a first render) -> script_finished
    bytes: int  # sum of binary ForwardMsg sizes received for this run
    errors: int  # exception elements (not warnings) + page-not-found + compile errors
    session: Session
    finished: bool = False  # a final script_finished arrived
    status: str = ""  # its name, e.g. FINISHED_SUCCESSFULLY
    messages: int = 0
    cached_refs: int = 0  # elements the server did not resend because the client has them cached
    warnings: int = 0
    connect_seconds: float = 0.0
    error_messages: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # markdown bodies drawn (st.write / st.markdown)
    alerts: list[str] = field(default_factory=list)  # st.error / st.warning / st.info / st.success bodies
    fragment_id: str = ""  # the fragment this run was asked for ("": the whole page)
    bytes_by_kind: dict[str, int] = field(default_factory=dict)  # element type (or message type) -> bytes

    @property
    def ok(self) -> bool:
        return self.finished and self.errors == 0


@dataclass
class BurstStats:
    n: int
    p50: float
    p95: float
    max: float
    mean_bytes: float
    errors: int
    finished: int
    wall_seconds: float
    results: list[RenderResult] = field(repr=False, default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.finished == self.n and not self.failures


# --------------------------------------------------------------------------- helpers


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    base_path = parts.path.rstrip("/")
    return parts.scheme or "http", host, port, base_path


async def _http_get(url: str, path: str, timeout: float, cookies: Mapping[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A minimal async HTTP/1.1 GET (status, lower-cased headers, body); enough for health."""
    _, host, port, base = _split(url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    cookie = f"Cookie: {_cookie_header(cookies)}\r\n" if cookies else ""
    try:
        writer.write(f"GET {base}{path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n{cookie}Connection: close\r\n\r\n".encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}\n{value}" if name in headers else value
    return status, headers, body


def _cookies(set_cookie: str) -> dict[str, str]:
    """Every cookie a response sets (name -> value), as a browser keeps them."""
    found = {}
    for line in set_cookie.split("\n"):
        key, sep, value = line.split(";", 1)[0].strip().partition("=")
        if sep and key.strip():
            found[key.strip()] = value.strip()
    return found


def _cookie_header(cookies: Mapping[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _cookie_value(set_cookie: str, name: str) -> str | None:
    for line in set_cookie.split("\n"):
        first = line.split(";", 1)[0].strip()
        key, _, value = first.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


def _to_widget_state(session: Session, name: str, value: Any) -> WidgetState:
    if isinstance(value, WidgetState):
        return value
    try:
        info = session.find_widget(name)
        widget_id, wtype = info.id, info.type
    except KeyError:
        if not name.startswith("$$ID"):
            raise
        widget_id, wtype = name, ""
    state = WidgetState(id=widget_id)
    fld = _WIDGET_VALUE_FIELD.get(wtype)
    if fld == "trigger_value":
        state.trigger_value = bool(value)
    elif fld == "bool_value" or isinstance(value, bool):
        state.bool_value = bool(value)
    elif fld == "double_array_value" or (isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) for v in value)):
        vals = value if isinstance(value, (list, tuple)) else [value]
        state.double_array_value.data.extend(float(v) for v in vals)
    elif fld == "string_array_value" or isinstance(value, (list, tuple)):
        vals = value if isinstance(value, (list, tuple)) else [value]
        state.string_array_value.data.extend(str(v) for v in vals)
    elif isinstance(value, int) and wtype != "number_input":
        state.int_value = value
    elif isinstance(value, (int, float)):
        state.double_value = float(value)
    else:
        state.string_value = str(value)
    return state


def _record_widget(session: Session, msg: ForwardMsg) -> None:
    element = msg.delta.new_element
    etype = element.WhichOneof("type")
    if not etype:
        return
    proto = getattr(element, etype)
    widget_id = getattr(proto, "id", "")
    if isinstance(widget_id, str) and widget_id:
        label = getattr(proto, "label", "")
        options: list[str] = []
        value: list[str] = []
        if etype in ("button_group", "selectbox", "multiselect", "radio"):
            options = [o.content for o in proto.options] if etype == "button_group" else [str(o) for o in proto.options]
            if proto.set_value:  # the script set it (session state): the texts themselves
                value = list(proto.raw_values) if etype in ("button_group", "multiselect") else [proto.raw_value]
            else:
                default = list(proto.default) if etype in ("button_group", "multiselect") else [proto.default]
                value = [options[i] for i in default if 0 <= i < len(options)]
        label = label if isinstance(label, str) else ""
        session.widgets[widget_id] = WidgetInfo(widget_id, etype, label, options, msg.delta.fragment_id, value)


# --------------------------------------------------------------------------- protocol


async def _run_until_finished(
    session: Session, client_state: ClientState, start: float, timeout: float, result: RenderResult
) -> RenderResult:
    back = BackMsg()
    back.rerun_script.CopyFrom(client_state)
    result.fragment_id = client_state.fragment_id
    await session.ws.send(back.SerializeToString())
    new_session = False

    async def receive() -> None:
        nonlocal new_session
        while True:
            data = await session.ws.recv()
            if isinstance(data, str):  # the server only speaks binary protobufs
                raise RuntimeError(f"unexpected text frame: {data[:200]!r}")
            result.bytes += len(data)
            result.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            label = _kind_label(msg)
            result.bytes_by_kind[label] = result.bytes_by_kind.get(label, 0) + len(data)
            if msg.metadata.cacheable and msg.hash:
                session.cache.seen(msg.hash, msg.delta.fragment_id)
            if kind == "ref_hash":
                result.cached_refs += 1
                session.cache.seen(msg.ref_hash)
            if kind == "navigation":
                # st.navigation apps: the frontend takes the page it shows from this message and sends that
                # page's hash with every rerun (new_session carries the entry script's hash then).
                session.page_script_hash = msg.navigation.page_script_hash or session.page_script_hash
            elif kind == "page_info_changed":
                session.query_string = msg.page_info_changed.query_string  # the app rewrote the URL
            elif kind == "new_session":
                ns = msg.new_session
                session.session_id = ns.initialize.session_id or session.session_id
                session.page_script_hash = ns.page_script_hash
                session.main_script_hash = ns.main_script_hash
                session.toolbar_mode = type(ns.config).ToolbarMode.Name(ns.config.toolbar_mode)
                session.cache.max_age = ns.config.max_cached_message_age
                new_session = True
                session.app_pages = [
                    {"page_name": p.page_name, "url_pathname": p.url_pathname, "page_script_hash": p.page_script_hash} for p in ns.app_pages
                ]
            elif kind == "delta":
                if msg.delta.WhichOneof("type") == "new_element":
                    if msg.delta.new_element.WhichOneof("type") == "exception":
                        exc = msg.delta.new_element.exception
                        if exc.is_warning:
                            result.warnings += 1
                        else:
                            result.errors += 1
                            result.error_messages.append(f"{exc.type}: {exc.message}")
                    else:
                        if msg.delta.new_element.WhichOneof("type") == "markdown":
                            result.texts.append(msg.delta.new_element.markdown.body)
                        elif msg.delta.new_element.WhichOneof("type") == "alert":
                            result.alerts.append(msg.delta.new_element.alert.body)
                        _record_widget(session, msg)
            elif kind == "page_not_found":
                result.errors += 1
                result.error_messages.append(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "session_event":
                if msg.session_event.WhichOneof("type") == "script_compilation_exception":
                    exc = msg.session_event.script_compilation_exception
                    result.errors += 1
                    result.error_messages.append(f"compile error {exc.type}: {exc.message}")
            elif kind == "script_finished":
                if msg.script_finished in _FINAL_STATUSES:
                    if new_session:  # the frontend ages its cache after each run it saw start
                        session.cache.run_finished([client_state.fragment_id] if client_state.fragment_id else [])
                    result.finished = True
                    result.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR and not result.errors:
                        result.errors += 1
                        result.error_messages.append("script finished with a compile error")
                    return

    try:
        await asyncio.wait_for(receive(), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        result.error_messages.append(f"no script_finished within {timeout:.0f}s")
    result.seconds = time.perf_counter() - start
    return result


def _kind_label(msg: ForwardMsg) -> str:
    """What a message carries, for ``bytes_by_kind``: the element type of a new element ("vega_lite_chart",
    "dataframe", ...), "block" for a container, "ref" for a cached element sent by reference, else the
    message type ("new_session", "script_finished", ...)."""
    kind = msg.WhichOneof("type") or "?"
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        if delta == "new_element":
            return msg.delta.new_element.WhichOneof("type") or "element"
        return "block" if delta == "add_block" else delta or "delta"
    return "ref" if kind == "ref_hash" else kind


def _client_state(session: Session, query_string: str, page_name: str, page_script_hash: str, fragment_id: str = "") -> ClientState:
    cs = ClientState(query_string=query_string, page_script_hash=page_script_hash, page_name=page_name, fragment_id=fragment_id)
    cs.widget_states.widgets.extend(session.widget_states.values())
    cs.cached_message_hashes.extend(session.cache.hashes())
    # What a Norwegian desktop browser reports (the app may format with it).
    cs.context_info.timezone = "Europe/Oslo"
    cs.context_info.timezone_offset = -60
    cs.context_info.locale = "nb-NO"
    cs.context_info.url = session.url.rstrip("/") + "/" + page_name + (f"?{query_string}" if query_string else "")
    cs.context_info.is_embedded = False
    cs.context_info.color_scheme = "light"
    return cs


async def connect(url: str, *, timeout: float = 60.0, preflight: bool = True, cookies: Mapping[str, str] | None = None) -> Session:
    """Open the websocket like a browser tab (session created, nothing run yet).  ``cookies``: what the
    browser already holds for this address (e.g. a proxy's sticky-session cookie from an earlier visit)."""
    scheme, host, port, base = _split(url)
    token = PLACEHOLDER_AUTH_TOKEN
    headers: dict[str, str] = {}
    jar = dict(cookies or {})
    if preflight:
        status, hdrs, body = await _http_get(url, "/_stcore/health", timeout, jar)
        if status != 200:
            raise ConnectionError(f"health check answered {status}: {body[:200]!r}")
        jar.update(_cookies(hdrs.get("set-cookie", "")))
        xsrf = jar.get(XSRF_COOKIE)
        if xsrf:
            token = xsrf
        _, hdrs, _ = await _http_get(url, "/_stcore/host-config", timeout, jar)
        jar.update(_cookies(hdrs.get("set-cookie", "")))
    if jar:
        headers["Cookie"] = _cookie_header(jar)
    ws_scheme = "wss" if scheme == "https" else "ws"
    ws = await websockets.connect(
        f"{ws_scheme}://{host}:{port}{base}{STREAM_PATH}",
        subprotocols=["streamlit", token],
        origin=f"{scheme}://{host}:{port}",
        additional_headers=headers,
        max_size=None,
        open_timeout=timeout,
        ping_interval=None,
    )
    return Session(url=url, ws=ws, cookies=jar)


async def first_render(
    url: str,
    page_name: str = "",
    query_string: str = "",
    *,
    timeout: float = 120.0,
    keep_open: bool = False,
    cookies: Mapping[str, str] | None = None,
) -> RenderResult:
    """Open a new tab on ``page_name`` (its URL path, "" for the default page) and
    run the script once. With ``keep_open`` the session stays connected for
    :func:`rerun`; close it with ``await result.session.close()``.  ``cookies``: see :func:`connect`."""
    start = time.perf_counter()
    session = Session(url=url, page_name=page_name, query_string=query_string)
    result = RenderResult(seconds=0.0, bytes=0, errors=0, session=session)
    try:
        connected = await asyncio.wait_for(connect(url, timeout=timeout, cookies=cookies), timeout)
        session.ws, session.cookies = connected.ws, connected.cookies
        result.connect_seconds = time.perf_counter() - start
        cs = _client_state(session, query_string, page_name, "")
        remaining = max(1.0, timeout - result.connect_seconds)
        await _run_until_finished(session, cs, start, remaining, result)
    except Exception as exc:  # connection refused, closed socket, ...
        result.seconds = time.perf_counter() - start
        result.error_messages.append(f"{type(exc).__name__}: {exc}")
    finally:
        if not keep_open:
            await session.close()
    return result


async def rerun(
    session: Session,
    widget_states: Mapping[str, Any] | Iterable[WidgetState] | None = None,
    query_string: str | None = None,
    *,
    timeout: float = 120.0,
    fragment_id: str | None = None,
) -> RenderResult:
    """Rerun on an open session, like a widget change in the same tab.

    ``widget_states`` maps a widget (full id, ``key=`` or label, as seen in this
    session) to a value (or is a list of ``WidgetState`` protos). All widget
    states sent so far are sent again, as the frontend does; button triggers
    are sent once.  When a changed widget was drawn inside an ``st.fragment``
    the rerun is that fragment's (the browser sends the fragment's id with the
    change); ``fragment_id`` overrides it ("" forces a whole-page rerun).
    """
    if session.ws is None:
        raise RuntimeError("session is closed (use first_render(..., keep_open=True))")
    if query_string is not None:
        session.query_string = query_string
    new_states: list[WidgetState] = []
    if isinstance(widget_states, Mapping):
        new_states = [_to_widget_state(session, k, v) for k, v in widget_states.items()]
    elif widget_states is not None:
        new_states = list(widget_states)
    for st in new_states:
        session.widget_states[st.id] = st
    if fragment_id is None:
        fragments = [session.widgets[st.id].fragment_id for st in new_states if st.id in session.widgets]
        fragment_id = next((f for f in fragments if f), "")
    start = time.perf_counter()
    result = RenderResult(seconds=0.0, bytes=0, errors=0, session=session)
    cs = _client_state(session, session.query_string, session.page_name, session.page_script_hash, fragment_id)
    try:
        await _run_until_finished(session, cs, start, timeout, result)
    except Exception as exc:
        result.seconds = time.perf_counter() - start
        result.error_messages.append(f"{type(exc).__name__}: {exc}")
    finally:
        for st in new_states:  # triggers fire once
            if st.WhichOneof("value") in ("trigger_value", "string_trigger_value", "json_trigger_value"):
                session.widget_states.pop(st.id, None)
    return result


def run(coro: Any) -> Any:
    """``asyncio.run(coro)``, or the same in a worker thread when this thread
    already runs an event loop (Playwright's sync API keeps one running for the
    whole test session, so a plain ``asyncio.run`` fails in such tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-client") as pool:
        return pool.submit(asyncio.run, coro).result()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank-with-interpolation percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


async def burst(url: str, n: int, page_name: str = "", query_string: str = "", *, timeout: float = 180.0) -> BurstStats:
    """``n`` tabs opened at the same moment; latency percentiles over their first renders."""
    t0 = time.perf_counter()
    results = await asyncio.gather(*(first_render(url, page_name, query_string, timeout=timeout) for _ in range(n)))
    wall = time.perf_counter() - t0
    done = [r for r in results if r.finished]
    secs = [r.seconds for r in results]
    failures = sorted({m for r in results for m in r.error_messages})
    return BurstStats(
        n=n,
        p50=statistics.median(secs) if secs else 0.0,
        p95=percentile(secs, 95),
        max=max(secs) if secs else 0.0,
        mean_bytes=statistics.fmean(r.bytes for r in results) if results else 0.0,
        errors=sum(r.errors for r in results) + (n - len(done)),
        finished=len(done),
        wall_seconds=wall,
        results=list(results),
        failures=failures,
    )
