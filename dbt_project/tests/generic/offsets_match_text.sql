{#
  Rows whose [start_offset, end_offset) in the cleaned text is not their text: sections and
  sentences must point exactly at what they hold.

    - offsets_match_text:
        arguments:
          text_column: sentence_text
#}
{% test offsets_match_text(model, text_column) %}

select located.*
from {{ model }} as located
inner join {{ ref('int_report_text_cleaned') }} as cleaned
    on located.document_version_id = cleaned.document_version_id
where substr(cleaned.cleaned_text, located.start_offset + 1, located.end_offset - located.start_offset)
      is distinct from located.{{ text_column }}

{% endtest %}
