-- The paragraphs of each cleaned text (段落), with their offsets and what kind of line each is:
-- a level-1 heading (一、…), a signature line (the agency and the date under the report).
-- A table, incremental on document_version_id: sections, sentences, report identification and
-- the quality flags all read it.
-- No window function: everything that needs a report's other paragraphs (the start offset, a
-- running sum; whether the next line is a date) is worked out on the report's list of
-- paragraphs before it is unnested, so the rows are never sorted.

{#- append: a night reads only versions this table does not hold, so none has a row to delete #}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{%- set level1_marker = '^[一二三四五六七八九十]{1,3}[、．.]' %}
{%- set agency_end = '(局|委员会|委|人民政府|政府|办公室|办|中心|院|署|厅|所|站|队|会)$' %}

{%- if is_incremental() %}
{%- set versions = versions_not_read_yet(ref('int_report_text_cleaned'), this_key_filter='paragraph_number = 1') %}
{%- endif %}

with cleaned as (

    select
        document_version_id,
        document_id,
        cleaned_text,
        {{ match_text('cleaned_text', 'simplified_text') }} as match_text
    from {{ ref('int_report_text_cleaned') }}
    where cleaned_text <> ''
    {% if is_incremental() %}
      -- the versions not read yet, found on ids alone (one row per version in this: its first
      -- paragraph), then only the part of the table written since the first of them was
      and document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_text_cleaned'), versions) }}
    {% endif %}

),

split as (

    -- The simplified text has the same length and line breaks, so both split alike.
    select
        document_version_id,
        document_id,
        string_split(cleaned_text, chr(10)) as paragraphs,
        string_split(match_text, chr(10)) as match_paragraphs
    from cleaned

),

listed as (

    select
        *,
        -- each paragraph and the line break after it
        list_transform(paragraphs, lambda paragraph: length(paragraph) + 1) as widths,
        list_transform(
            match_paragraphs, lambda paragraph: regexp_matches(paragraph, '{{ signature_date_pattern() }}')
        ) as date_lines
    from split

),

paragraphs as (

    -- unnest in step: the i-th element of every list belongs to paragraph i
    select
        document_version_id,
        document_id,
        unnest(range(1, len(paragraphs) + 1)) as paragraph_number,
        unnest(paragraphs) as paragraph_text,
        unnest(match_paragraphs) as match_text,
        -- the widths of the paragraphs before it
        unnest({{ running_sums_before('widths') }}) as start_offset,
        unnest(date_lines) as is_date_line,
        unnest(list_concat(date_lines[2:], [null])) as next_is_date_line,
        len(paragraphs) as paragraph_count
    from listed

),

classified as (

    select
        *,
        start_offset + length(paragraph_text) as end_offset,
        case
            -- a heading line of its own: 一、工作成效 / 三、2023年工作计划
            when regexp_matches(match_text, '{{ level1_marker }}[^。！？；]{1,60}[。：:]?$')
                then regexp_replace(match_text, '[。：:]$', '')
            -- a heading that runs on into its paragraph: 一、工作成效。今年以来……
            when regexp_matches(match_text, '{{ level1_marker }}[^。！？；，]{2,30}[。：:]')
                then regexp_extract(match_text, '({{ level1_marker }}[^。！？；，]{2,30})[。：:]', 1)
        end as level1_heading,
        length(match_text) <= 30
            and regexp_matches(match_text, '{{ agency_end }}')
            and not regexp_matches(match_text, '[，。；：,:;]') as is_agency_line
    from paragraphs

)

select
    document_version_id,
    document_id,
    paragraph_number,
    paragraph_count,
    start_offset,
    end_offset,
    paragraph_text,
    match_text,
    level1_heading,
    -- the heading without its number and year, for matching section names: 2023年工作计划 → 工作计划
    case when level1_heading is not null then
        regexp_replace(
            regexp_replace(level1_heading, '{{ level1_marker }}\s*', ''),
            '\s+', '', 'g'
        )
    end as heading_key,
    -- the signature: a date line among the last three paragraphs, and the agency line above it
    is_date_line and paragraph_number >= paragraph_count - 2 as is_signature_date,
    is_agency_line
        and paragraph_number >= paragraph_count - 3
        and next_is_date_line as is_signature_agency,
    {{ built_at() }} as built_at
from classified
