{#
  The columns of a model that hold codes from a fixed list, checked in one scan: one row per
  column and value outside its list, with how many rows hold it. It stands for dbt's
  accepted_values on each of those columns (NULL passes, as there): one test node a model
  instead of one a column, for the models on the way to marts.reports, whose tests every model
  after them waits for.

    data_tests:
      - accepted_values_columns:
          arguments:
            values:
              report_kind: [fzzf_annual, gkxx_annual, other]
              text_origin: [body, attachment, pdf_attachment]
#}
{% test accepted_values_columns(model, values) %}

{#- per column, the condition that its value is outside the list #}
{%- set outside = {} %}
{%- for column, accepted in values.items() %}
    {%- set quoted = [] %}
    {%- for value in accepted %}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") %}
    {%- endfor %}
    {%- do outside.update({column: column ~ ' not in (' ~ (quoted | join(', ')) ~ ')'}) %}
{%- endfor %}

select cell.column_name, cell.value, count(*) as rows_with_value
from (
    select unnest([
        {%- for column in values %}
        case when {{ outside[column] }} then {'column_name': '{{ column }}', 'value': {{ column }}::varchar} end
        {{- ',' if not loop.last }}
        {%- endfor %}
    ]) as cell
    from {{ model }}
    where {% for column in values %}{{ outside[column] }}{{ ' or ' if not loop.last }}{% endfor %}
)
where cell is not null
group by cell.column_name, cell.value

{% endtest %}
