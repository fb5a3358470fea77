"""The vectorised checks the rules are made of (numpy masks over Arrow columns; True = the row breaks the rule)."""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from clusterviz.data import geo
from clusterviz.data.snapshot import arrow_schema
from clusterviz.data.validate.problems import BIDI_CONTROLS, CONTROLS_PATTERN, MAX_ROWS_LISTED, MAX_TEXT, Problem

TEXT_COLUMNS = {"clusters": ("name", "home_town", "sector"), "collaborations": ("name", "name_en"), "events": ("name", "name_en", "place")}


def decoded_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary column as its plain values (dictionary_decode: cheaper than a cast)."""
    return pa.chunked_array([chunk.dictionary_decode() for chunk in column.chunks], column.type.value_type)


def large_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """string -> large_string (pandas' storage) with the text bytes shared: only the offsets widen.  What a cast
    does, without a kernel call per column."""
    chunks = []
    for chunk in column.chunks:
        validity, offsets, data = chunk.buffers()
        wide = (
            np.frombuffer(offsets, dtype=np.int32)[: chunk.offset + len(chunk) + 1].astype(np.int64)
            if offsets is not None
            else np.zeros(chunk.offset + 1, dtype=np.int64)
        )
        chunks.append(
            pa.Array.from_buffers(pa.large_string(), len(chunk), [validity, pa.py_buffer(wide), data], chunk.null_count, chunk.offset)
        )
    return pa.chunked_array(chunks, pa.large_string())


@functools.cache
def table_schema(table: str) -> pa.Schema:
    return arrow_schema(table)


def add_row_problems(problems: list[Problem], file: str, column: str, rows, message: str, severity: str = "error") -> None:
    """One problem per offending row (0-based positions in, 1-based rows out), the rest summed up."""
    rows = list(rows)
    for r in rows[:MAX_ROWS_LISTED]:
        problems.append(Problem(file, column, int(r) + 1, message, severity))
    if len(rows) > MAX_ROWS_LISTED:
        problems.append(Problem(file, column, None, f"{message} — and {len(rows) - MAX_ROWS_LISTED} more rows", severity))


def text_checks(tables: dict[str, Table]) -> dict[tuple[str, str], list[tuple[str, np.ndarray]]]:
    """The four rules on names and places (blank, too long, markup, control characters) for every text column
    at once: one kernel call per rule over all the columns side by side, then cut back per column.  A column
    read as its dictionary (sector, home town) is checked on its distinct values."""
    columns = [(table, column) for table, names in TEXT_COLUMNS.items() for column in names]
    parts = [checked_values(tables[table].arrow[column]) for table, column in columns]
    values = pa.concat_arrays([chunk for part, _ in parts for chunk in part.chunks] or [pa.array([], pa.large_string())])
    long = _byte_lengths(values) > MAX_TEXT  # a character is at least one byte: count characters only there
    if long.any():
        long = to_mask(pc.greater(pc.utf8_length(values), MAX_TEXT))
    rules = [("is blank", _blank(values)), (f"is longer than {MAX_TEXT} characters", long)]
    character_rules = [
        ("contains '<' or '>' (markup is not allowed in names)", r"[<>]"),
        ("contains control or bidirectional-override characters", CONTROLS_PATTERN),
    ]  # = has_controls
    if may_hold_markup_or_controls(values):  # (the bytes of missing values are empty; they match nothing)
        rules += [(message, matches_pattern(values, pattern)) for message, pattern in character_rules]
    else:
        none = np.zeros(len(values), dtype=bool)
        rules += [(message, none) for message, _ in character_rules]
    checks, offset = {}, 0
    for (table, column), (part, codes) in zip(columns, parts):
        end = offset + len(part)
        checks[table, column] = [
            (message, mask[offset:end] if codes is None else np.append(mask[offset:end], False)[codes]) for message, mask in rules
        ]
        offset = end
    return checks


def checked_values(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray | None]:
    """What a value rule has to look at: a column read as its dictionary gives its distinct values and each
    row's position among them (a missing row at position len(values)), any other column its rows."""
    if pa.types.is_dictionary(column.type) and column.num_chunks == 1:
        chunk = column.chunk(0)
        return text_values(pa.chunked_array([chunk.dictionary])), _codes(chunk.indices, len(chunk.dictionary))
    return text_values(decoded_column(column) if pa.types.is_dictionary(column.type) else column), None


# -- column helpers: an Arrow column in, a numpy mask (or numbers, dates) out; missing values as in pandas


def as_arrow(table: str, frame: pa.Table | pd.DataFrame) -> pa.Table:
    """An Arrow table as it is; a pandas frame (ingest) converted, columns without any typed value (empty or
    all missing) given their documented type."""
    if isinstance(frame, pa.Table):
        return frame
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    schema = table_schema(table)
    for i, field in enumerate(arrow.schema):
        if pa.types.is_null(field.type) and field.name in schema.names:
            arrow = arrow.set_column(i, field.name, arrow.column(i).cast(schema.field(field.name).type))
    return arrow


def text_values(values):
    """A text column as large_string (as pandas holds it), so columns can be put side by side."""
    if pa.types.is_string(values.type):
        return large_text(values)
    return values if pa.types.is_large_string(values.type) else values.cast(pa.large_string())


def to_mask(result) -> np.ndarray:
    """An Arrow boolean result as a numpy mask, missing = False."""
    if result.null_count:
        result = pc.fill_null(result, False)
    return result.to_numpy(zero_copy_only=False)


def _not_equal(values, other) -> np.ndarray:
    """values != other, True where either side is missing (as pandas compares NaN)."""
    result = pc.not_equal(values, other)
    if result.null_count:
        result = pc.fill_null(result, True)
    return result.to_numpy(zero_copy_only=False)


def is_present(values) -> np.ndarray:
    return pc.is_valid(values).to_numpy(zero_copy_only=False) if values.null_count else np.ones(len(values), bool)


_VALUE_SETS: dict[tuple, pa.Array] = {}


def is_in(values, allowed) -> np.ndarray:
    """Series.isin: a missing value matches only a missing one (which no allowed list holds)."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    if not isinstance(allowed, (pa.Array, pa.ChunkedArray)):
        key = (tuple(allowed), values.type)
        if key not in _VALUE_SETS:
            _VALUE_SETS[key] = pa.array(list(allowed), values.type)
        allowed = _VALUE_SETS[key]
    elif not allowed.type.equals(values.type):
        allowed = allowed.cast(values.type)
    return to_mask(pc.is_in(values, value_set=allowed))


def matches_pattern(values, pattern: str) -> np.ndarray:
    """Series.str.contains(pattern) with pyarrow's RE2, which pandas itself runs for these patterns."""
    return to_mask(pc.match_substring_regex(values, pattern))


def four_digits(values) -> np.ndarray:
    r"""Series.str.fullmatch(r"\d{4}"): four ASCII digits; pandas gives a column holding any non-ASCII text to
    Python's re, whose \d takes every Unicode decimal digit, so those few values are matched the same way."""
    ok = ascii_fullmatch(values, DIGITS, 4, 4)
    for row in np.flatnonzero(~to_mask(pc.string_is_ascii(values))):
        ok[row] = re.fullmatch(r"\d{4}", values[int(row)].as_py()) is not None
    return ok


def _byte_table(characters: str | bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(characters.encode() if isinstance(characters, str) else characters)] = True
    return table


ID_CHARACTERS = _byte_table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
DIGITS = _byte_table("0123456789")


def _text_buffers(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start offsets, end offsets, bytes) of a text column, for checks that look at the UTF-8 bytes."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    _, offsets, data = array.buffers()
    offsets = (
        np.frombuffer(offsets, dtype=offset_type)[array.offset : array.offset + len(array) + 1]
        if offsets is not None
        else np.zeros(1, dtype=offset_type)
    )
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return offsets[:-1], offsets[1:], data


def _byte_lengths(values) -> np.ndarray:
    starts, ends, _ = _text_buffers(values)
    return ends - starts


def ascii_fullmatch(values, allowed: np.ndarray, shortest: int, longest: int) -> np.ndarray:
    """Rows whose text is ``shortest``..``longest`` characters, all from the ASCII byte table ``allowed`` (what
    RE2's ``^[...]{shortest,longest}$`` finds, without a regex per row); missing = False."""
    starts, ends, data = _text_buffers(values)
    outside = np.concatenate([[0], np.cumsum(~allowed[data])])
    length = ends - starts
    ok = (outside[ends] == outside[starts]) & (length >= shortest) & (length <= longest)
    return ok & is_present(values) if values.null_count else ok


def may_hold_markup_or_controls(values) -> bool:
    """False when no text in the column can contain '<', '>' or a control character (CONTROLS_PATTERN): none of
    its bytes is below 0x20, '<', '>', 0x7f, or the UTF-8 lead bytes 0xc2 (U+0080-U+00BF, the C1 controls) and
    0xe2 (U+2000-U+2FFF, the bidi controls).  A scan of the bytes instead of a regex per value."""
    starts, ends, data = _text_buffers(values)
    text = data[starts[0] : ends[-1]] if len(starts) else data[:0]
    if not len(text):
        return False
    if text.min() < 0x20:
        return True
    raw = text.tobytes()
    return any(byte in raw for byte in (b"<", b">", b"\x7f", b"\xc2", b"\xe2"))


def _blank(values) -> np.ndarray:
    """Series.str.strip() == "": empty or only whitespace (missing = False).  Text that starts with a visible
    ASCII character is not blank; only the rest is trimmed."""
    starts, ends, data = _text_buffers(values)
    blank = ends == starts
    filled = np.flatnonzero(~blank)
    first = data[starts[filled]]
    unsure = filled[(first < 0x21) | (first > 0x7E)]
    if len(unsure):
        blank[unsure] = _byte_lengths(pc.utf8_trim_whitespace(values.take(pa.array(unsure)))) == 0
    return blank & is_present(values) if values.null_count else blank


def any_of(masks: list[np.ndarray], rows: int) -> np.ndarray:
    return np.logical_or.reduce(masks) if masks else np.zeros(rows, dtype=bool)


def number_values(values) -> np.ndarray:
    """Numbers as a numpy array, missing = NaN (as pandas holds them)."""
    if values.null_count or not pa.types.is_floating(values.type):
        values = pc.cast(values, pa.float64())
    return values.to_numpy(zero_copy_only=False)


def date_values(values) -> np.ndarray:
    """Dates (date32, or timestamps from a pandas frame) as datetime64[ms], missing = NaT."""
    if pa.types.is_date32(values.type):
        return values.to_numpy(zero_copy_only=False).astype("datetime64[ms]")
    return pc.cast(values, pa.timestamp("ms")).to_numpy(zero_copy_only=False)


def _codes(positions, missing: int) -> np.ndarray:
    """Integer positions (index_in, list_parent_indices) as int64, missing ones as ``missing``."""
    if positions.null_count:
        positions = pc.fill_null(positions, missing)
    return positions.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


class Table:
    """A table as the rules see it: ``table[name]`` is a column with any dictionary decoded (the kernels want
    plain values), ``table.codes(name)`` its distinct values and each row's position among them."""

    def __init__(self, arrow: pa.Table):
        self.arrow = arrow
        self.num_rows = arrow.num_rows

    def __getitem__(self, name: str):
        column = self.arrow[name]
        return decoded_column(column) if pa.types.is_dictionary(column.type) else column

    def codes(self, name: str) -> Codes:
        return Codes(self.arrow[name])


class Codes:
    """A text column as positions into its distinct values, so a rule about a handful of allowed values looks
    at each distinct value once instead of at every row: the Parquet file's own dictionary when the column
    was read as one (CODED_COLUMNS), else one hashing pass, however many rules.  A missing value has a
    position of its own and, as in pandas, is in no list and has no rank."""

    def __init__(self, values: pa.ChunkedArray):
        if pa.types.is_dictionary(values.type) and values.num_chunks == 1:
            encoded = values.chunk(0)
        else:
            if pa.types.is_dictionary(values.type):
                values = decoded_column(values)
            encoded = pc.dictionary_encode(values.combine_chunks())
        self.dictionary = encoded.dictionary  # may hold a value twice or unused; each row points at one
        self.codes = _codes(encoded.indices, len(self.dictionary))

    @functools.cached_property
    def distinct(self) -> list:
        return self.dictionary.to_pylist()

    def isin(self, allowed) -> np.ndarray:
        """Series.isin(allowed); ``allowed`` a list of values or an Arrow column (e.g. the known ids)."""
        if isinstance(allowed, (pa.Array, pa.ChunkedArray)):
            found = is_in(self.dictionary, allowed)
        else:
            found = np.array([value in allowed for value in self.distinct], dtype=bool)
        return np.append(found, False)[self.codes]

    def each(self, check) -> np.ndarray:
        """A vectorised check (Arrow column -> numpy mask) run on the distinct values, for every row; False where
        the row is missing."""
        return np.append(check(pa.chunked_array([self.dictionary])), False)[self.codes]

    def values(self, function=None) -> np.ndarray:
        """The value of each row as an object array, or ``function`` of it (Series.map(function), the function
        called once per distinct value); None where the row is missing."""
        values = self.distinct if function is None else [None if v is None else function(v) for v in self.distinct]
        return np.array(values + [None], dtype=object)[self.codes]

    def map(self, rank: dict[str, int]) -> np.ndarray:
        """Series.map(rank): NaN for a value without a rank."""
        return np.array([rank.get(value, np.nan) for value in self.distinct] + [np.nan], dtype=float)[self.codes]


def inside_country(lat: np.ndarray, lon: np.ndarray, country: str) -> np.ndarray:
    """geo.inside_country for whole columns (NaN is outside)."""
    box = geo.COUNTRY_BBOX.get(country)
    if box is None:
        return np.zeros(len(lat), dtype=bool)
    return (box[0] <= lat) & (lat <= box[1]) & (box[2] <= lon) & (lon <= box[3])


def holds_unknown(lists, allowed: tuple[str, ...]) -> np.ndarray:
    """Rows whose list holds an item outside ``allowed`` (a missing item is outside)."""
    items = pc.list_flatten(lists)
    if pa.types.is_null(items.type):
        items = items.cast(pa.string())
    unknown = ~is_in(items, allowed)
    bad = np.zeros(len(lists), dtype=bool)
    if unknown.any():
        bad[_codes(pc.list_parent_indices(lists), 0)[unknown]] = True
    return bad


def duplicated_rows(table: pa.Table, key: tuple[str, ...]) -> np.ndarray:
    """DataFrame.duplicated(key, keep="first"): rows whose key appeared on an earlier row (missing = equal)."""
    distinct = [pc.unique(table[name]) for name in key]
    if any(len(values) == table.num_rows for values in distinct):
        return np.zeros(table.num_rows, dtype=bool)  # one key column alone tells every row apart
    codes = np.zeros(table.num_rows, dtype=np.int64)
    for name, values in zip(key, distinct):
        codes = codes * (len(values) + 1) + _codes(pc.index_in(table[name], value_set=values), len(values))
    duplicated = np.ones(table.num_rows, dtype=bool)
    duplicated[np.unique(codes, return_index=True)[1]] = False
    return duplicated


MS_PER_DAY = 86_400_000


class Calendar:
    """Dates (date32, or timestamps from a pandas frame) with their calendar fields, for month arithmetic.
    The fields come from Arrow's kernels: numpy's own month conversions cost about a microsecond per row."""

    def __init__(self, values):
        self.values = values
        self.dates = date_values(values)  # datetime64[ms], NaT where missing
        self.year, self.month, self.day = (
            _codes(pc.fill_null(kernel(values), fill), 0) for kernel, fill in ((pc.year, 1970), (pc.month, 1), (pc.day, 1))
        )

    def months_on(self, months: int, month_end: bool = False) -> np.ndarray:
        """date + DateOffset(months=...) (the day clipped to the length of the month), and with ``month_end`` on
        to the last day of that month (+ MonthEnd(0)); the time of day is kept, NaT stays NaT."""
        index = (self.year - 1970) * 12 + (self.month - 1) + months  # the target month, from January 1970
        first, following = _month_starts(index), _month_starts(index + 1)
        shifted = following - 1 if month_end else first + np.minimum(self.day - 1, following - first - 1)
        result = shifted * MS_PER_DAY
        if not pa.types.is_date32(self.values.type):
            result += np.mod(self.dates.view(np.int64), MS_PER_DAY)  # the time of day
        result = result.view("datetime64[ms]")
        result[np.isnat(self.dates)] = np.datetime64("NaT")
        return result


def _month_starts(index: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the first day of each month (counted from January 1970)."""
    if not len(index):
        return index
    low, high = int(index.min()), int(index.max())
    if high - low < 100_000:
        return np.arange(low, high + 1).astype("datetime64[M]").astype("datetime64[D]").view(np.int64)[index - low]
    distinct, position = np.unique(index, return_inverse=True)  # dates thousands of years apart
    return distinct.astype("datetime64[M]").astype("datetime64[D]").view(np.int64)[position]


def has_controls(text: str) -> bool:
    return any(ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc") for ch in text)
