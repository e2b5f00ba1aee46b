{#
  Rows whose year lies outside [min_year, year of a date]: a report cannot be about a year
  before the reports began, nor about a year after it was published.

    - year_in_range:
        arguments:
          min_year: 2015
          not_after_year_of: "coalesce(published_on, fetched_at)"
#}
{% test year_in_range(model, column_name, min_year, not_after_year_of=none) %}

select *
from {{ model }}
where {{ column_name }} is not null
  and (
      {{ column_name }} < {{ min_year }}
      {%- if not_after_year_of %}
      or {{ column_name }} > year({{ not_after_year_of }})
      {%- endif %}
  )

{% endtest %}
