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
