"""Python functions the dbt models call as DuckDB UDFs, where SQL cannot do the job.

Registered on dbt's connection by the dbt-duckdb plugin in `warehouse.udfs.plugin` (named in
dbt_project/profiles.yml). One module per function, each plain Python with no DuckDB or dbt
import, unit-tested in tests/udfs/:

- `clean_text`: raw report text → cleaned text plus a run-length map back to raw offsets
  (page chrome, watermarks, page furniture, PDF line breaks, stray spaces, full-width forms).
- `simplified`: traditional → simplified characters, same length, for matching.
- `figures`: Chinese numerals → numbers.

How DuckDB calls the text functions, for 100,000 reports in a build:

- `vectorised`: a chunk of rows per call, Arrow arrays in and out (pyarrow), instead of a
  Python conversion per row and per field.
- `pool`: worker processes that clean the slices of a chunk in parallel — the GIL would keep
  the cleaning on one core.

Everything else (metadata, sections, sentences, flags, near-duplicates) is SQL in dbt_project/.
"""
