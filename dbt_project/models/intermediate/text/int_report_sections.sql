-- The sections of each report (报告章节), mapped to the five parts the 2019 rules require
-- (主要举措和成效, 存在的不足, 第一责任人职责, 下一年度安排, 其他) from the many ways real
-- reports word their 一、二、三 headings (seed section_headings: one regex per wording, the
-- lowest priority number wins). Before the first heading is the preamble (title, addressee,
-- opening paragraph); the signature and date at the end are their own part.
-- A level-1 heading that matches no known wording starts an "other" section only when the
-- report has fewer than two recognised headings: in a report with a recognised structure it is
-- a numbered list item inside a section, not a new part.
-- The sections are worked out on narrow rows (offsets, codes); the cleaned text is joined once,
-- at the end, to cut each section's text.

{#- append: a night reads only versions this table does not hold, so none has a row to delete #}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{%- if is_incremental() %}
{%- set versions = versions_not_read_yet(ref('int_report_paragraphs'), 'paragraph_number = 1', 'section_number = 1') %}
{%- set texts_read = 'document_version_id in ' ~ versions ~ ' and '
    ~ written_since(ref('int_report_text_cleaned'), versions) %}
{%- else %}
{%- set texts_read = 'true' %}
{%- endif %}

with paragraphs as (

    -- only the paragraphs that start a section or hold a heading are used below
    select
        document_version_id,
        document_id,
        paragraph_number,
        start_offset,
        paragraph_text,
        level1_heading,
        heading_key,
        is_signature_date,
        is_signature_agency
    from {{ ref('int_report_paragraphs') }}
    {% if is_incremental() %}
    -- the versions not read yet, found on ids alone (one row per version: paragraph 1, section 1),
    -- then only the part of the table written since the first of them was
    where document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_paragraphs'), versions, 'paragraph_number = 1') }}
    {% endif %}

),

section_headings as (

    select * from {{ ref('section_headings') }}

),

heading_codes as (

    -- each distinct heading wording against the patterns once (a pattern from a column is
    -- compiled for every row it is matched on), not every heading of every report
    select
        heading_keys.heading_key,
        arg_min(section_headings.section_code, section_headings.priority) as section_code
    from (
        select distinct heading_key from paragraphs where heading_key is not null
    ) as heading_keys
    inner join section_headings
        on regexp_matches(heading_keys.heading_key, section_headings.heading_pattern)
    group by heading_keys.heading_key

),

headings as (

    select
        paragraphs.document_version_id,
        paragraphs.document_id,
        paragraphs.paragraph_number,
        paragraphs.start_offset,
        -- the heading as written (a heading running into its paragraph: only the heading part)
        left(paragraphs.paragraph_text, length(paragraphs.level1_heading)) as heading_text,
        heading_codes.section_code,
        count(heading_codes.section_code) over (partition by paragraphs.document_version_id) as recognised_headings
    from paragraphs
    left join heading_codes
        on paragraphs.heading_key = heading_codes.heading_key
    where paragraphs.level1_heading is not null

),

section_starts as (

    -- preamble at 0, one start per section heading, the signature
    select document_version_id, document_id, 0::bigint as start_offset, 'preamble' as section_code,
        null::varchar as heading_text, null::bigint as heading_paragraph, true as heading_recognised
    from paragraphs
    where paragraph_number = 1

    union all

    select
        document_version_id, document_id, start_offset, coalesce(section_code, 'other'),
        heading_text, paragraph_number, section_code is not null
    from headings
    where section_code is not null or recognised_headings < 2

    union all

    select document_version_id, any_value(document_id), min(start_offset), 'signature', null, null, true
    from paragraphs
    where is_signature_date or is_signature_agency
    group by document_version_id

),

cleaned as (

    select document_version_id, cleaned_text_length, offset_map
    from {{ ref('int_report_text_cleaned') }}
    where {{ texts_read }}

),

sections as (

    select
        section_starts.*,
        coalesce(
            lead(section_starts.start_offset) over (
                partition by section_starts.document_version_id
                order by section_starts.start_offset, section_starts.section_code <> 'preamble'
            ) - 1,   -- the line break before the next section is not part of this one
            cleaned.cleaned_text_length
        ) as end_offset,
        cleaned.offset_map
    from section_starts
    inner join cleaned
        on section_starts.document_version_id = cleaned.document_version_id

),

numbered as (

    -- a preamble that is empty (the text starts with its first heading) is no section
    select
        *,
        row_number() over (partition by document_version_id order by start_offset) as section_number
    from sections
    where end_offset > start_offset

),

section_names as (

    select distinct section_code, section_name_zh, section_name_en from section_headings

)

select
    numbered.document_version_id,
    numbered.document_id,
    numbered.section_number,
    numbered.section_code,
    coalesce(
        section_names.section_name_zh,
        case numbered.section_code when 'preamble' then '前言' when 'signature' then '落款' end
    ) as section_name_zh,
    coalesce(
        section_names.section_name_en,
        case numbered.section_code
            when 'preamble' then 'preamble: title, addressee and opening'
            when 'signature' then 'signature and date'
        end
    ) as section_name_en,
    numbered.heading_text,
    numbered.heading_paragraph,
    numbered.heading_recognised,
    numbered.start_offset,
    numbered.end_offset,
    {{ raw_offset('numbered.offset_map', 'numbered.start_offset') }} as raw_start_offset,
    {{ raw_offset('numbered.offset_map', 'numbered.end_offset - 1') }} + 1 as raw_end_offset,
    substr(texts.cleaned_text, numbered.start_offset + 1, numbered.end_offset - numbered.start_offset) as section_text,
    numbered.end_offset - numbered.start_offset as section_length,
    {{ built_at() }} as built_at
from numbered
inner join (
    select document_version_id, cleaned_text from {{ ref('int_report_text_cleaned') }} where {{ texts_read }}
) as texts
    on numbered.document_version_id = texts.document_version_id
left join section_names
    on numbered.section_code = section_names.section_code
