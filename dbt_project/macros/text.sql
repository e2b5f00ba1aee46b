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
  offset holds it. For an exclusive end offset e, use raw_offset(map, e - 1) + 1. One pass over
  the map (list_reduce keeps the shift of the last run that qualifies), no list built; NULL when
  no run starts at or before the offset. A caller with many offsets into one stretch of the text
  can pass the runs of that stretch only (runs_covering).
#}
{% macro raw_offset(offset_map, clean_offset) -%}
    (({{ clean_offset }}) + list_reduce(
        {{ offset_map }},
        lambda shift, run: case when run.clean_start <= ({{ clean_offset }}) then run.raw_start - run.clean_start else shift end,
        null::integer
    ))
{%- endmacro %}

{#
  The runs of an offset map that raw_offset needs for offsets in [start, end): those starting
  before end, from the last one starting at or before start on. raw_offset over these gives what
  it gives over the whole map for every offset in [start, end); the map is ordered, so that last
  run is the one numbered by how many runs start at or before start.
#}
{% macro runs_covering(offset_map, start, end) -%}
    list_filter({{ offset_map }}, lambda run: run.clean_start < ({{ end }}))[
        greatest(len(list_filter({{ offset_map }}, lambda run: run.clean_start <= ({{ start }}))), 1):
    ]
{%- endmacro %}

{#
  For a list of numbers, the list of the sums of the numbers before each one (0 for the first):
  the offsets of pieces laid end to end. A short list sums a slice per element (quadratic, the
  fastest for a few dozen); a long one (a text of thousands of lines) one list_reduce appending
  a running total, milliseconds where the slices would take seconds.
#}
{% macro running_sums_before(values) -%}
    case
        when len({{ values }}) <= 64 then
            list_transform({{ values }}, lambda value, i: coalesce(list_sum({{ values }}[1:i - 1]), 0)::bigint)
        else
            list_reduce({{ values }}, lambda sums, value: list_append(sums, sums[-1] + value), [0::bigint])[1:len({{ values }})]
    end
{%- endmacro %}

{# The text to match patterns against: simplified characters where the report is traditional. #}
{% macro match_text(cleaned_text, simplified_text) -%}
    coalesce({{ simplified_text }}, {{ cleaned_text }})
{%- endmacro %}

{# A date written out in full on its own line: 2021年1月20日 (the date under a signature). #}
{% macro signature_date_pattern() -%}
    ^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$
{%- endmacro %}
