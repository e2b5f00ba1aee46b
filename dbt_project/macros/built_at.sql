{#
  When a row was written: the start of the dbt run that wrote it (UTC), the same value for every
  row and every model one run writes. Incremental models keep the time each row was written, so
  a night's data tests can check just the rows that night wrote (get_where_subquery below).
#}
{% macro built_at() -%}
    timestamp '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'
{%- endmacro %}

{#
  dbt's `where` config of a data test, with one placeholder filled in when the test runs (dbt's
  documented way to put run-time values into `where`, which is rendered when the project is
  parsed). dbt_project.yml gives every data test `where: __built_this_run__`; on a model whose
  yml documents a built_at column it becomes "built_at = <this run's start>", elsewhere it is
  dropped. So a night checks the rows it wrote, not the millions written and checked on earlier
  nights, and a full build (every row written by this run) checks everything.
  Only `dbt build` narrows: a `dbt test` of its own checks every row (it writes none), and so
  does a build with --vars '{test_all_rows: true}'.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') or '' -%}
    {%- if '__built_this_run__' in where -%}
        {%- set tested = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
        {%- set narrow = flags.WHICH == 'build' and not var('test_all_rows', false) -%}
        {%- if narrow and tested and 'built_at' in tested.columns -%}
            {%- set where = where | replace('__built_this_run__', 'built_at = ' ~ built_at()) -%}
        {%- else -%}
            {%- set where = where | replace('__built_this_run__', 'true') -%}
        {%- endif -%}
    {%- endif -%}
    {%- if where and where != 'true' -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#
  Whether a data test checks a small part of its model: the rows this run wrote (the `where` of
  get_where_subquery above) and they are under half the table, as on a night. A test that joins
  other tables can then narrow those to the tested rows' keys first; on a full build (every row
  written by this run) it reads them whole, which at that scale is cheaper. Decided when the test
  runs, after its model was built: one count over the model's built_at column.
#}
{% macro tests_a_part_of_the_table(relation) -%}
    {%- if not execute or ('where built_at = ' not in (relation | string)) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) -%}
    {%- set counted = run_query(
        'select count(*) filter (where built_at = ' ~ built_at() ~ '), count(*) from '
        ~ adapter.get_relation(tested.database, tested.schema, tested.alias)
    ) -%}
    {{ return(counted.rows[0][0] * 2 < counted.rows[0][1]) }}
{%- endmacro %}

{#
  A condition on `relation`'s built_at that keeps every row of `versions` (a list of constants
  from keys_to_read, or a subquery of document_version_id): built_at at or after the earliest
  time one of their rows was written. On a night those rows are the night's, at the end of the
  table, and DuckDB skips the row groups written before by their min and max (zone maps): a model
  that reads a thousand new versions no longer decompresses every version's text to find them
  (int_report_sections at 100,000 reports + 1,000: 1.1 s, of which 1.06 s finding its rows).
  `key_filter` narrows the probe to one row per version (paragraph_number = 1). True when some of
  their rows have no built_at (written before the column existed) or the relation has none;
  false when they have no row.

  The probe itself first looks where a night's versions are: among the rows of the latest run
  (built_at = max(built_at), itself read through the zone maps). When every listed version has
  its rows there, that time is the answer, since the text tables write all the rows of a version
  at once (one insert per run of the versions not read yet); otherwise it finds the earliest
  time over the whole table (100,000 reports: 0.03 s against 0.2 s, once per table and reader).
#}
{% macro written_since(relation, versions, key_filter='true') -%}
    {%- if not execute -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- if 'built_at' not in columns -%}
        {{ return('true') }}
    {%- endif -%}
    {#- the versions as a relation: a list of constants unnested, or the subquery #}
    {%- if versions == '(null)' -%}
        {#- keys_to_read found none #}
        {{ return('false') }}
    {%- elif keys_are_listed(versions) -%}
        {%- set listed = 'unnest([' ~ versions[1:-1] ~ ']) as listed(document_version_id)' -%}
    {%- else -%}
        {%- set listed = versions ~ ' as listed' -%}
    {%- endif -%}
    {%- set latest = run_query(
        'select min(built_at)::varchar, count(distinct document_version_id), '
        ~ '(select count(distinct document_version_id) from ' ~ listed ~ ') from ' ~ relation
        ~ ' where built_at >= (select max(built_at) from ' ~ relation ~ ') and ' ~ key_filter
        ~ ' and document_version_id in ' ~ versions
    ).rows[0] -%}
    {%- if latest[1] > 0 and latest[1] == latest[2] -%}
        {{ return("built_at >= timestamp '" ~ latest[0] ~ "'") }}
    {%- endif -%}
    {{ return(at_or_after_earliest('built_at', relation, key_filter ~ ' and document_version_id in ' ~ versions)) }}
{%- endmacro %}

{#
  `column` (a time) at or after its earliest value among the rows of `relation` that `where`
  picks: the bound of written_since and loaded_since. True when one of those rows has no value
  in `column`, false when there is no such row. `as_written` names the column in the reader's
  query.
#}
{% macro at_or_after_earliest(column, relation, where, as_written=none) -%}
    {%- set found = run_query(
        'select min(' ~ column ~ ')::varchar, count(*) - count(' ~ column ~ '), count(*) from ' ~ relation
        ~ ' where ' ~ where
    ).rows[0] -%}
    {%- if found[2] == 0 -%}
        {{ return('false') }}
    {%- elif found[1] > 0 -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return((as_written or column) ~ " >= timestamp '" ~ found[0] ~ "'") }}
{%- endmacro %}
