"""Arrow tables -> the pandas frames the app works with (``to_frame``), built column by column."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.internals import create_dataframe_from_blocks

from clusterviz.data.validate.checks import decoded_column, large_text


def to_frame(table: pa.Table) -> pd.DataFrame:
    """The pandas frame the app works with, exactly as ``table.to_pandas(date_as_object=False)`` makes it:
    text as pandas' Arrow-backed ``str``, dates as datetime64[ms], whole numbers with gaps as float64 with NaN,
    list cells as numpy arrays, numpy columns of one dtype in one block.

    Built from the columns directly: pyarrow's generic conversion spends more on its bookkeeping (pandas
    metadata, index reconstruction, a thread pool) than on converting tables this small.  A column type
    outside the snapshot schema goes the generic way.  tests/unit/test_validate_fast.py compares the two."""
    text = pd.StringDtype(na_value=np.nan)  # pandas' default "str" dtype, which to_pandas picks too
    blocks: list[tuple[object, np.ndarray]] = []
    numpy_columns: dict[np.dtype, list[tuple[int, np.ndarray]]] = {}
    for position, (field, column) in enumerate(zip(table.schema, table.columns)):
        kind = field.type
        if pa.types.is_string(kind):
            blocks.append((text.__from_arrow__(large_text(column)), np.array([position])))
            continue
        if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
            blocks.append((text.__from_arrow__(large_text(decoded_column(column))), np.array([position])))
            continue
        if pa.types.is_date32(kind):
            values = column.to_numpy().astype("datetime64[ms]")
        elif pa.types.is_integer(kind) and column.null_count:
            values = pc.cast(column, pa.float64()).to_numpy()
        elif pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
            values = column.to_numpy(zero_copy_only=False)  # an object array of numpy arrays
        elif pa.types.is_floating(kind) or pa.types.is_integer(kind) or (pa.types.is_boolean(kind) and not column.null_count):
            values = column.to_numpy()
        else:
            return _decoded(table).to_pandas(date_as_object=False, use_threads=False)
        numpy_columns.setdefault(values.dtype, []).append((position, values))
    for dtype, members in numpy_columns.items():
        block = np.empty((len(members), table.num_rows), dtype=dtype)
        for row, (_, values) in enumerate(members):
            block[row] = values
        blocks.append((block, np.array([position for position, _ in members])))
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(table.num_rows), columns=_columns(table.column_names))


@functools.cache
def _column_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(names)


def _columns(names: list[str]) -> pd.Index:
    """The frame's column labels: built once per schema (pandas spends ~0.1 ms making a text Index), then a new
    Index object over the same labels for every frame."""
    return _column_index(tuple(names)).copy()


def _decoded(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain values (pandas would make them categorical)."""
    for i, column in enumerate(table.columns):
        if pa.types.is_dictionary(column.type):
            table = table.set_column(i, table.field(i).with_type(column.type.value_type), decoded_column(column))
    return table
