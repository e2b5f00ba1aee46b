{#
  Small text helpers shared by the models that read Chinese page text. Whitespace here includes
  the ideographic space (U+3000) and no-break space (U+00A0): PDF extraction and web pages put
  them inside titles ("2020 年度法治政府 建设情况报告").
#}

{% macro whitespace_class() -%}
    '[\s\x{3000}\x{00a0}\x{feff}]'
{%- endmacro %}

{# The string with every whitespace character removed: for matching, never for display. #}
{% macro strip_spaces(expr) -%}
    regexp_replace({{ expr }}, '[\s\x{3000}\x{00a0}\x{feff}]+', '', 'g')
{%- endmacro %}

{# Leading/trailing whitespace removed and inner runs collapsed to one space: for display. #}
{% macro squish(expr) -%}
    nullif(
        regexp_replace(
            regexp_replace({{ expr }}, '^[\s\x{3000}\x{00a0}\x{feff}]+|[\s\x{3000}\x{00a0}\x{feff}]+$', '', 'g'),
            '[\s\x{3000}\x{00a0}\x{feff}]+', ' ', 'g'
        ),
        ''
    )
{%- endmacro %}

{#
  A <meta name=…> tag from the documents' meta JSON. Sites differ in the case of tag names
  (SiteName / sitename / SITENAME), so try the usual spellings.
#}
{% macro meta_tag(meta_column, tag) -%}
    nullif(trim(coalesce(
        {{ meta_column }} ->> '{{ tag }}',
        {{ meta_column }} ->> '{{ tag | lower }}',
        {{ meta_column }} ->> '{{ tag | upper }}'
    )), '')
{%- endmacro %}

{#
  The first y-m-d date written in a string, as DATE: 2023-01-11, 2023/1/11, 2023.01.11,
  2023年1月11日, [2023-01-11 15:41]. NULL when there is none or it is not a real date.
#}
{% macro first_date_in(expr) -%}
    {%- set pattern = "'((?:19|20)\\d{2})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})'" -%}
    try_strptime(
        regexp_extract({{ expr }}, {{ pattern }}, 1)
        || '-' || regexp_extract({{ expr }}, {{ pattern }}, 2)
        || '-' || regexp_extract({{ expr }}, {{ pattern }}, 3),
        '%Y-%m-%d'
    )::date
{%- endmacro %}

{#
  The raw offset of a cleaned offset, through the run-length offset map the cleaning UDF returns
  (a list of {clean_start, raw_start, length}, ordered): the last run starting at or before the
  offset holds it. For an exclusive end offset e, use raw_offset(map, e - 1) + 1.
#}
{% macro raw_offset(offset_map, clean_offset) -%}
    (list_last(list_filter({{ offset_map }}, lambda run: run.clean_start <= ({{ clean_offset }}))).raw_start
     + ({{ clean_offset }})
     - list_last(list_filter({{ offset_map }}, lambda run: run.clean_start <= ({{ clean_offset }}))).clean_start)
{%- endmacro %}

{# The text to match patterns against: simplified characters where the report is traditional. #}
{% macro match_text(cleaned_text, simplified_text) -%}
    coalesce({{ simplified_text }}, {{ cleaned_text }})
{%- endmacro %}

{# A date written out in full on its own line: 2021年1月20日 (the date under a signature). #}
{% macro signature_date_pattern() -%}
    ^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$
{%- endmacro %}
