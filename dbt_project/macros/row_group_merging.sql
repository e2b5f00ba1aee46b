{#
  DuckDB keeps a table in row groups of up to 122,880 rows. When it checkpoints a table that a
  run changed, it merges runs of small row groups into fewer full ones (its checkpoint
  "vacuum"), rewriting them. A night appends one small row group to every incremental table, so
  nearly every night rewrote the tails of the largest: at 100,000 reports, 4 s of a night that
  adds 1,000 (int_figures_classified, text_facts, the panel: 340,000-360,000 rows each), spent
  in the checkpoint that closes the warehouse. A night now leaves that merging out; a run once
  every `row_group_merging_days` (dbt_project.yml) merges what the nights left, and so does a
  first build. A night's rows are as readable either way: the merging only makes the file
  smaller and its scans take fewer, fuller row groups.

  on-run-start: allow the merging (DuckDB's default) when it is due, turn it off otherwise.
  on-run-end: record a run that merged, in main._row_groups_merged. Both only in a run that
  writes models (dbt build or run): dbt runs the hooks with `source freshness` too.
#}
{% macro merge_row_groups_when_due() -%}
    {%- if not writes_models() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set due = true -%}
    {%- if execute -%}
        {%- do run_query('create table if not exists ' ~ row_groups_merged_table() ~ ' (merged_at timestamp)') -%}
        {%- set last_merged = run_query(
            'select max(merged_at) > now()::timestamp - to_days(' ~ var('row_group_merging_days') ~ ') from '
            ~ row_groups_merged_table()
        ).columns[0].values()[0] -%}
        {%- set due = not last_merged -%}
    {%- endif -%}
    {{ 'reset max_vacuum_tasks' if due else 'set max_vacuum_tasks = 0' }}
{%- endmacro %}

{% macro record_row_group_merging() -%}
    {%- if not writes_models() -%}
        {{ return('') }}
    {%- endif -%}
    insert into {{ row_groups_merged_table() }}
    select now()::timestamp where current_setting('max_vacuum_tasks') > 0
{%- endmacro %}

{% macro row_groups_merged_table() -%}
    main._row_groups_merged
{%- endmacro %}

{% macro writes_models() -%}
    {{ return(flags.WHICH in ('build', 'run')) }}
{%- endmacro %}
