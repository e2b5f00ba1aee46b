{#
  How the tables dbt writes store their strings. profiles.yml forces zstd on every string: for the
  long texts, DuckDB's own choice (DICT_FSST) wrote the cleaned texts ten times slower. zstd does
  not suit the identifiers and categories repeated on every row of a report, which a night joins,
  filters, anti-joins and groups on: each read decompresses them in full. The columns listed in
  var('dictionary_compressed_columns') are declared with DuckDB's dictionary compression
  (USING COMPRESSION dict_fsst, a per-column choice that overrides force_compression).
  At 100,000 reports (BENCHMARKS.md, session 12): the distinct versions of int_figures_extracted
  0.11 s -> 0.02 s, the aggregates of agency_type_indicator_year 0.27 s -> 0.11 s, a night
  20.1-22.1 s -> 16.8-18.9 s, the full build no slower and the file 4.4 GB -> 3.3 GB.

  This overrides dbt-duckdb's create_table_as, which every table and incremental model goes
  through when it creates its table: a table with a listed column is created from the columns
  its query gives (DESCRIBE), then filled, instead of CREATE TABLE AS. Temporary tables (the
  night's rows of an incremental model, in memory) and what dbt-duckdb handles itself (Python
  models, contracts, partitioning) are left to it. A table keeps its columns' compression
  through a night's inserts and a rename; a table created before this keeps zstd until it is
  rebuilt (--full-refresh).
#}
{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none) -%}
    {%- set dictionary_columns = var('dictionary_compressed_columns', []) -%}
    {%- set contract = config.get('contract') -%}
    {%- set columns = [] -%}
    {%- if execute and dictionary_columns and not temporary and language == 'sql' and not partitioned_by
          and not sorted_by and not (contract and contract.enforced) -%}
        {%- set columns = run_query('describe select * from (\n' ~ compiled_code ~ '\n) as model_subq').rows -%}
    {%- endif -%}
    {%- set listed = [] -%}
    {%- for column in columns if column['column_name'] in dictionary_columns and column['column_type'] == 'VARCHAR' -%}
        {%- do listed.append(column['column_name']) -%}
    {%- endfor -%}
    {%- if not listed -%}
        {{ return(dbt.duckdb__create_table_as(temporary, relation, compiled_code, language, partitioned_by, sorted_by)) }}
    {%- endif -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create table {{ relation }} (
    {%- for column in columns %}
        {{ adapter.quote(column['column_name']) }} {{ column['column_type'] }}
        {%- if column['column_name'] in listed %} using compression dict_fsst{% endif %}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
    );
    insert into {{ relation }}
    select * from (
        {{ compiled_code }}
    ) as model_subq;
{%- endmacro %}
