{#
  Where each match of a pattern starts in a text, for models that take every match with
  regexp_extract_all and need its offset (figures, law titles). DuckDB returns the matches but not
  their positions; regexp_split_to_array with the same pattern returns the text between them, and
  match i starts after gaps 1..i and matches 1..i-1, so the offsets follow from lengths alone.
#}

{#
  The lengths of gap 1, match 1, gap 2, match 2 … interleaved; `matches` is
  regexp_extract_all(text, pattern) (a column, so the pattern runs once for it).
#}
{% macro match_lengths(text, matches, pattern) -%}
    flatten(list_transform(
        list_zip(regexp_split_to_array({{ text }}, '{{ pattern }}')[1:len({{ matches }})], {{ matches }}),
        lambda pair: [length(pair[1]), length(pair[2])]
    ))
{%- endmacro %}

{# The 0-based offset of each match, as a list parallel to `matches`: after its first 2i − 1 lengths. #}
{% macro match_offsets(matches, lengths) -%}
    list_transform(range(1, len({{ matches }}) + 1), lambda i: list_sum({{ lengths }}[1:2 * i - 1])::integer)
{%- endmacro %}
