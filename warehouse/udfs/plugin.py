"""dbt-duckdb plugin: registers the govreports UDFs on every connection dbt opens.

Named in dbt_project/profiles.yml (`plugins: [{module: warehouse.udfs.plugin}]`). The functions
themselves are plain Python in this package; this module only declares their SQL signatures:

    govreports_clean_text(raw VARCHAR) -> STRUCT(
        text VARCHAR,
        offset_map STRUCT(clean_start INTEGER, raw_start INTEGER, length INTEGER)[],
        removed STRUCT(kind VARCHAR, raw_start INTEGER, text VARCHAR)[],
        simplified VARCHAR,                                -- to_simplified(text), in the same pass
        visible_chars BIGINT)                              -- characters of text but [\t\n\f\r ]
    govreports_to_simplified(text VARCHAR) -> VARCHAR      -- NULL when nothing is traditional
    govreports_chinese_numeral(numeral VARCHAR) -> DOUBLE  -- 十二 → 12; NULL when not a numeral

The two text functions are vectorised (type='arrow', warehouse.udfs.vectorised: a chunk of rows
per call, Arrow in and out) and spread big chunks over worker processes (warehouse.udfs.pool)
because the GIL would keep them on one core; govreports_chinese_numeral is a plain scalar UDF
(short strings, few rows).
"""

from __future__ import annotations

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import BIGINT, DOUBLE, INTEGER, VARCHAR

from warehouse.udfs.figures import chinese_numeral_value
from warehouse.udfs.vectorised import clean_text_arrow, to_simplified_arrow

CLEANED_TYPE = duckdb.struct_type({
    "text": VARCHAR,
    "offset_map": duckdb.list_type(
        duckdb.struct_type({"clean_start": INTEGER, "raw_start": INTEGER, "length": INTEGER})
    ),
    "removed": duckdb.list_type(duckdb.struct_type({"kind": VARCHAR, "raw_start": INTEGER, "text": VARCHAR})),
    "simplified": VARCHAR,
    "visible_chars": BIGINT,
})


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Create the functions on `con` (also used by tests that query DuckDB directly)."""
    registered = {row[0] for row in con.execute(
        "select function_name from duckdb_functions() where function_name like 'govreports_%'"
    ).fetchall()}
    if "govreports_clean_text" not in registered:
        con.create_function("govreports_clean_text", clean_text_arrow, [VARCHAR], CLEANED_TYPE,
                           type="arrow", null_handling="special", side_effects=False)
    if "govreports_to_simplified" not in registered:
        con.create_function("govreports_to_simplified", to_simplified_arrow, [VARCHAR], VARCHAR,
                           type="arrow", null_handling="special", side_effects=False)
    if "govreports_chinese_numeral" not in registered:
        con.create_function("govreports_chinese_numeral", chinese_numeral_value, [VARCHAR], DOUBLE,
                           null_handling="special", side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
