"""The text UDFs as DuckDB calls them: a chunk of rows at a time, Arrow arrays in and out.

A scalar Python UDF costs DuckDB a conversion per row — each VARCHAR to a Python str and back,
each returned dict and list of dicts walked field by field — about 0.1 ms a report, as much as
the cleaning itself once that was made fast. Registered with type='arrow' (warehouse.udfs.plugin),
a UDF gets a whole vector (up to 2048 rows; some 1,250 in the model, where DuckDB calls it from
two threads at once) as one Arrow string array and returns one Arrow array, built here column
by column (lists of ints and strings, list offsets) without a Python object per field.

A chunk big enough is split in slices of about the same number of bytes, one per worker process
(warehouse.udfs.pool: the GIL would keep all the cleaning on one core); a slice goes to its
worker as its UTF-8 bytes and offsets, and comes back as the Arrow result. Small chunks, and
every chunk when workers are off, run in-process through the same functions: the result is the
same either way.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from warehouse.udfs import pool
from warehouse.udfs.clean_text import clean_parts
from warehouse.udfs.simplified import to_simplified

RUN_TYPE = pa.struct([("clean_start", pa.int32()), ("raw_start", pa.int32()), ("length", pa.int32())])
REMOVED_TYPE = pa.struct([("kind", pa.string()), ("raw_start", pa.int32()), ("text", pa.string())])
CLEANED_TYPE = pa.struct([
    ("text", pa.string()),
    ("offset_map", pa.list_(RUN_TYPE)),
    ("removed", pa.list_(REMOVED_TYPE)),
    ("simplified", pa.string()),
    ("visible_chars", pa.int64()),
])
# What the SQL length(regexp_replace(text, '\s', '', 'g')) counts: RE2's \s is these five only.
_SQL_SPACES = ("\t", "\n", "\f", "\r", " ")

# Some rows of a string array: (UTF-8 bytes, offsets into them from 0, indexes of the NULL rows).
Packed = tuple[bytes, list[int], list[int]]


# ---------------------------------------------------------------------- the UDFs

def clean_text_arrow(raws: pa.Array | pa.ChunkedArray) -> pa.Array:
    """govreports_clean_text: each raw text → STRUCT(text, offset_map, removed, simplified,
    visible_chars)."""
    return _map_slices(raws, clean_packed, CLEANED_TYPE)


def to_simplified_arrow(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """govreports_to_simplified: each text in simplified characters, NULL when nothing changes."""
    return _map_slices(texts, simplified_packed, pa.string())


# ---------------------------------------------------------------------- one slice (in a worker or not)

def clean_packed(packed: Packed) -> pa.StructArray:
    return clean_column(unpack(packed))


def simplified_packed(packed: Packed) -> pa.StringArray:
    return pa.array([to_simplified(text) for text in unpack(packed)], pa.string())


def clean_column(raws: list[str | None]) -> pa.StructArray:
    """clean_text and to_simplified of every raw text, as one Arrow array of CLEANED_TYPE."""
    texts: list[str | None] = []
    simplified: list[str | None] = []
    visible: list[int | None] = []
    runs: list[tuple[int, int, int]] = []
    run_offsets = [0]
    removed: list[tuple[str, int, str]] = []
    removed_offsets = [0]
    nulls: list[bool] = []
    for raw in raws:
        if raw is None:
            texts.append(None)
            simplified.append(None)
            visible.append(None)
        else:
            text, text_runs, text_removed = clean_parts(raw)
            texts.append(text)
            simplified.append(to_simplified(text))
            visible.append(visible_chars(text))
            runs.extend(text_runs)
            removed.extend(text_removed)
        nulls.append(raw is None)
        run_offsets.append(len(runs))
        removed_offsets.append(len(removed))

    return pa.StructArray.from_arrays(
        [
            pa.array(texts, pa.string()),
            _list_column(run_offsets, runs, CLEANED_TYPE.field("offset_map").type),
            _list_column(removed_offsets, removed, CLEANED_TYPE.field("removed").type),
            pa.array(simplified, pa.string()),
            pa.array(visible, pa.int64()),
        ],
        fields=list(CLEANED_TYPE),
        mask=pa.array(nulls, pa.bool_()) if any(nulls) else None,
    )


def _list_column(offsets: list[int], items: list[tuple], list_type: pa.ListType) -> pa.ListArray:
    """A list-of-structs column: row i holds items[offsets[i]:offsets[i + 1]], each item a tuple
    of the struct's fields in order."""
    struct_type = list_type.value_type
    fields = list(struct_type)
    columns = zip(*items, strict=True) if items else [()] * len(fields)
    values = pa.StructArray.from_arrays(
        [pa.array(column, field.type) for column, field in zip(columns, fields, strict=True)], fields=fields
    )
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=list_type)


def visible_chars(text: str) -> int:
    r"""Characters of `text` that are not whitespace, as the SQL length(regexp_replace(text, '\s',
    '', 'g')) counts them (the model used to, at some 40 µs a report in DuckDB)."""
    return len(text) - sum(text.count(space) for space in _SQL_SPACES)


# ---------------------------------------------------------------------- slicing and packing

def _map_slices(values: pa.Array | pa.ChunkedArray, function, result_type: pa.DataType) -> pa.Array:
    values = _string_array(values)
    rows = len(values)
    if rows == 0:
        return pa.array([], result_type)
    offsets = _offsets(values)
    workers = pool.shared_pool(rows, int(offsets[-1] - offsets[0]))
    if workers is not None:
        bounds = _balanced_bounds(values, workers.size)
        results = pool.run(function, [pack(values, start, stop) for start, stop in bounds], workers)
        if results is not None:
            return results[0] if len(results) == 1 else pa.concat_arrays(results)
    return function(pack(values, 0, rows))


def _string_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One string or large_string array (DuckDB may hand over a chunked or a string-view array)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.large_string())
    return values


def _offsets(values: pa.Array) -> np.ndarray:
    """The rows' byte offsets into the data buffer: len(values) + 1 of them."""
    dtype = np.int32 if pa.types.is_string(values.type) else np.int64
    buffer = values.buffers()[1]
    return np.frombuffer(buffer, dtype=dtype)[values.offset: values.offset + len(values) + 1]


def _balanced_bounds(values: pa.Array, parts: int) -> list[tuple[int, int]]:
    """Split the rows in up to `parts` runs of consecutive rows with about as many bytes each."""
    rows = len(values)
    offsets = _offsets(values)
    total = int(offsets[-1] - offsets[0])
    cuts = [0]
    for part in range(1, parts):
        # the row that starts at or after part/parts of the bytes (and one row at least per run)
        cut = int(np.searchsorted(offsets, offsets[0] + total * part // parts, side="left"))
        cut = min(max(cut, cuts[-1] + 1), rows)
        if cut >= rows:
            break
        cuts.append(cut)
    cuts.append(rows)
    return [(start, stop) for start, stop in zip(cuts, cuts[1:], strict=False) if stop > start]


def pack(values: pa.Array, start: int, stop: int) -> Packed:
    """Rows start..stop of a string array, as plain bytes to send to a worker."""
    offsets = _offsets(values)[start: stop + 1]
    data = values.buffers()[2]
    low, high = int(offsets[0]), int(offsets[-1])
    payload = b"" if data is None or high == low else memoryview(data)[low:high].tobytes()
    part = values.slice(start, stop - start)
    nulls = np.flatnonzero(part.is_null().to_numpy(zero_copy_only=False)).tolist() if part.null_count else []
    return payload, (offsets - low).tolist(), nulls


def unpack(packed: Packed) -> list[str | None]:
    payload, offsets, nulls = packed
    view = memoryview(payload)
    texts: list[str | None] = [
        str(view[start:stop], "utf-8") for start, stop in zip(offsets, offsets[1:], strict=False)
    ]
    for index in nulls:
        texts[index] = None
    return texts
