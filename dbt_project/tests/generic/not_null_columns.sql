{#
  The columns of a model that must never be NULL, checked in one scan: one row per column that
  has NULLs, with how many. It stands for dbt's not_null on each of those columns: one test
  node a model instead of one a column (190 nodes, each a compile and a query, were a fifth of
  a night's build at national scale).

    data_tests:
      - not_null_columns:
          arguments:
            columns: [report_id, document_version_id]
#}
{% test not_null_columns(model, columns) %}

select null_column, count(*) as null_rows
from (
    select unnest([
        {%- for column in columns %}
        case when {{ column }} is null then '{{ column }}' end{{ ',' if not loop.last }}
        {%- endfor %}
    ]) as null_column
    from {{ model }}
    where {% for column in columns %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
)
where null_column is not null
group by null_column

{% endtest %}
