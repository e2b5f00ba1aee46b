{#
  The column checks of one model in one test node: dbt's not_null, unique, accepted_values and
  relationships for each column given, as one query. One row per failure, naming the check, the
  column, the value (NULL for not_null) and how many rows have it. A test node costs a night
  about 40 ms of dbt's own work beyond its query (compiling, running, reporting), and a model's
  children wait for all its tests: one node a model instead of one a column and check.

    data_tests:
      - column_checks:
          name: checks_reports
          arguments:
            not_null: [report_id, report_kind]
            unique: [report_id]
            accepted_values:
              report_kind: [fzzf_annual, gkxx_annual, other]
            relationships:
              agency_type: {to: ref('agency_types'), field: agency_type}

  As in dbt's own tests, NULL passes unique, accepted_values and relationships. A check whose
  severity differs (a warning) stays a test of its own.
#}
{% test column_checks(model, not_null=[], unique=[], accepted_values={}, relationships={}) %}

{%- set checks = [] %}

{%- if not_null %}
    {%- set check %}
    select 'not_null' as check_name, column_name, null::varchar as value, count(*) as failing_rows
    from (
        select unnest([
            {%- for column in not_null %}
            case when {{ column }} is null then '{{ column }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ]) as column_name
        from {{ model }}
        where {% for column in not_null %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
    )
    where column_name is not null
    group by column_name
    {%- endset %}
    {%- do checks.append(check) %}
{%- endif %}

{%- for column in unique %}
    {%- set check %}
    select 'unique' as check_name, '{{ column | replace("'", "''") }}' as column_name, ({{ column }})::varchar as value,
        count(*) as failing_rows
    from {{ model }}
    where ({{ column }}) is not null
    group by ({{ column }})
    having count(*) > 1
    {%- endset %}
    {%- do checks.append(check) %}
{%- endfor %}

{%- for column, accepted in accepted_values.items() %}
    {%- set quoted = [] %}
    {%- for value in accepted %}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") %}
    {%- endfor %}
    {%- set check %}
    select 'accepted_values' as check_name, '{{ column }}' as column_name, {{ column }}::varchar as value,
        count(*) as failing_rows
    from {{ model }}
    where {{ column }} not in ({{ quoted | join(', ') }})
    group by {{ column }}
    {%- endset %}
    {%- do checks.append(check) %}
{%- endfor %}

{%- for column, parent in relationships.items() %}
    {%- set check %}
    select 'relationships' as check_name, '{{ column }}' as column_name, child_value::varchar as value,
        count(*) as failing_rows
    from (select {{ column }} as child_value from {{ model }}) as child
    where child_value is not null
      and child_value not in (select {{ parent['field'] }} from {{ parent['to'] }} where {{ parent['field'] }} is not null)
    group by child_value
    {%- endset %}
    {%- do checks.append(check) %}
{%- endfor %}

{#- union all by position: every branch gives check_name, column_name, value, failing_rows #}
{{ checks | join('\nunion all\n') if checks else "select null::varchar as check_name, null::varchar as column_name, null::varchar as value, 0 as failing_rows where false" }}

{% endtest %}
