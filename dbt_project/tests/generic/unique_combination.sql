{#
  Rows whose combination of columns is not unique (a composite key).

    - unique_combination:
        arguments:
          columns: [document_version_id, section_number]
#}
{% test unique_combination(model, columns) %}

select {{ columns | join(', ') }}, count(*) as rows_with_this_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
