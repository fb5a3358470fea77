"""The schema's columns and types: an Arrow table checked against them and cast where the values fit (int64 -> int32),
with a problem for each missing or unknown column and each row whose value does not fit, is empty or NaN."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from clusterviz.data.snapshot import SCHEMA_VERSION
from clusterviz.data.validate.checks import add_row_problems, decoded_column, table_schema, to_mask
from clusterviz.data.validate.frames import to_frame
from clusterviz.data.validate.problems import Problem


def conform(file: str, table: str, arrow: pa.Table, problems: list[Problem]) -> pd.DataFrame | None:
    """Check columns and types against the schema and cast where values fit (see ``conform_table``); as pandas."""
    conformed = conform_table(file, table, arrow, problems)
    return None if conformed is None else to_frame(conformed)


def conform_table(file: str, table: str, arrow: pa.Table, problems: list[Problem]) -> pa.Table | None:
    """Check columns and types against the schema; cast safely (e.g. int64 -> int32) where values fit."""
    schema = table_schema(table)
    before = len(problems)
    position = {name: i for i, name in enumerate(arrow.column_names)}
    for name in schema.names:
        if name not in position:
            problems.append(Problem(file, name, None, "required column is missing"))
    for name in arrow.column_names:
        if name not in _names(table):
            problems.append(Problem(file, name, None, f"unknown column (schema version {SCHEMA_VERSION} has no such column)"))
    if len(problems) > before:
        return None
    columns = []
    for field in schema:
        column = arrow.column(position[field.name])
        kind = column.type
        if pa.types.is_dictionary(kind) and not (
            pa.types.is_string(field.type)
            and pa.types.is_string(kind.value_type)
            and not any(chunk.dictionary.null_count for chunk in column.chunks)
        ):
            column = decoded_column(column)  # checked below as the plain values it holds
            kind = column.type
        if pa.types.is_dictionary(kind):
            pass  # text as its dictionary (see read.CODED_COLUMNS)
        elif not kind.equals(field.type):
            try:
                column = column.cast(field.type, safe=True)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                problems.append(Problem(file, field.name, None, f"has type {kind}; expected {field.type}"))
                bad, message = _uncastable_rows(column, field.type)
                add_row_problems(problems, file, field.name, bad, message)
                continue
        if not field.nullable and column.null_count:
            rows = np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))
            add_row_problems(problems, file, field.name, rows, "is empty (null); a value is required")
            continue
        if pa.types.is_floating(field.type):
            # a stored NaN is a broken value, not "unknown": unknown is an empty cell (null), which the rules skip
            nan = _stored_nan(column)
            if nan.any():
                add_row_problems(
                    problems, file, field.name, np.flatnonzero(nan), "is NaN (not a number); leave the cell empty when it is unknown"
                )
                continue
        columns.append(column)
    if len(problems) > before:
        return None
    conformed = pa.Table.from_arrays(columns, names=schema.names)
    conformed.validate(full=True)  # raises on invalid UTF-8 and similar damage the reader let through
    return conformed


def _stored_nan(column: pa.ChunkedArray) -> np.ndarray:
    """Rows of a float column holding NaN (not null).  numpy on the values when the column has no nulls (a kernel
    call costs more than these few hundred numbers), else pyarrow's is_nan, which is null (False) on nulls."""
    if not column.null_count:
        return np.isnan(column.to_numpy())
    return to_mask(pc.is_nan(column))


@functools.cache
def _names(table: str) -> frozenset[str]:
    return frozenset(table_schema(table).names)


def _uncastable_rows(column: pa.ChunkedArray, target: pa.DataType) -> tuple[list[int], str]:
    """0-based rows whose value cannot become ``target`` (e.g. "high" in a number column), and what they are not."""
    if pa.types.is_integer(target):
        message = "is not a whole number"
    elif pa.types.is_floating(target):
        message = "is not a number (use a decimal point, no units)"
    elif pa.types.is_date(target):
        message = "is not a date (YYYY-MM-DD)"
    elif pa.types.is_boolean(target):
        message = "is not true or false"
    else:
        message = f"cannot be read as {target}"
    bad = []
    for i, value in enumerate(column.to_pylist()):
        if value is None:
            continue
        try:
            pa.array([value], type=column.type).cast(target, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            bad.append(i)
    return bad, message
