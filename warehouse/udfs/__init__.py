"""Python functions the dbt models call as DuckDB UDFs, where SQL cannot do the job.

Registered on dbt's connection by the dbt-duckdb plugin in `warehouse.udfs.plugin` (named in
dbt_project/profiles.yml). One module per function, each plain Python with no DuckDB or dbt
import, unit-tested in tests/udfs/:

- `clean_text`: raw report text → cleaned text plus a run-length map back to raw offsets
  (page chrome, watermarks, page furniture, PDF line breaks, stray spaces, full-width forms).
- `simplified`: traditional → simplified characters, same length, for matching.

Everything else (metadata, sections, sentences, flags, near-duplicates) is SQL in dbt_project/.
"""
