-- The sections of each report (报告章节), mapped to the five parts the 2019 rules require
-- (主要举措和成效, 存在的不足, 第一责任人职责, 下一年度安排, 其他) from the many ways real
-- reports word their 一、二、三 headings (seed section_headings: one regex per wording, the
-- lowest priority number wins). Before the first heading is the preamble (title, addressee,
-- opening paragraph); the signature and date at the end are their own part.
-- A level-1 heading that matches no known wording starts an "other" section only when the
-- report has fewer than two recognised headings: in a report with a recognised structure it is
-- a numbered list item inside a section, not a new part.

{{
    config(
        materialized='incremental',
        unique_key=['document_version_id', 'section_number'],
        on_schema_change='append_new_columns',
    )
}}

with paragraphs as (

    select * from {{ ref('int_report_paragraphs') }}
    {% if is_incremental() %}
    where document_version_id not in (select document_version_id from {{ this }})
    {% endif %}

),

cleaned as (

    select document_version_id, cleaned_text, cleaned_text_length, offset_map
    from {{ ref('int_report_text_cleaned') }}

),

section_headings as (

    select * from {{ ref('section_headings') }}

),

heading_matches as (

    select
        paragraphs.document_version_id,
        paragraphs.paragraph_number,
        section_headings.section_code
    from paragraphs
    inner join section_headings
        on regexp_matches(paragraphs.heading_key, section_headings.heading_pattern)
    qualify row_number() over (
        partition by paragraphs.document_version_id, paragraphs.paragraph_number
        order by section_headings.priority
    ) = 1

),

headings as (

    select
        paragraphs.document_version_id,
        paragraphs.document_id,
        paragraphs.paragraph_number,
        paragraphs.start_offset,
        paragraphs.paragraph_text,
        paragraphs.level1_heading,
        heading_matches.section_code,
        count(heading_matches.section_code) over (partition by paragraphs.document_version_id) as recognised_headings
    from paragraphs
    left join heading_matches
        on paragraphs.document_version_id = heading_matches.document_version_id
        and paragraphs.paragraph_number = heading_matches.paragraph_number
    where paragraphs.level1_heading is not null

),

signature_starts as (

    select
        document_version_id,
        min(start_offset) as start_offset
    from paragraphs
    where is_signature_date or is_signature_agency
    group by document_version_id

),

section_starts as (

    -- preamble at 0, one start per section heading, the signature
    select distinct document_version_id, document_id, 0 as start_offset, 'preamble' as section_code,
        null as heading_text, null::integer as heading_paragraph, true as heading_recognised
    from paragraphs

    union all

    select
        document_version_id, document_id, start_offset, coalesce(section_code, 'other'),
        -- the heading as written (a heading running into its paragraph: only the heading part)
        left(paragraph_text, length(level1_heading)), paragraph_number, section_code is not null
    from headings
    where section_code is not null or recognised_headings < 2

    union all

    select signature_starts.document_version_id, paragraphs.document_id, signature_starts.start_offset,
        'signature', null, null, true
    from signature_starts
    inner join paragraphs
        on signature_starts.document_version_id = paragraphs.document_version_id
        and signature_starts.start_offset = paragraphs.start_offset

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
        cleaned.cleaned_text,
        cleaned.offset_map
    from section_starts
    inner join cleaned
        on section_starts.document_version_id = cleaned.document_version_id

),

named as (

    select
        sections.*,
        section_names.section_name_zh,
        section_names.section_name_en
    from sections
    left join (
        select distinct section_code, section_name_zh, section_name_en from section_headings
    ) as section_names
        on sections.section_code = section_names.section_code

),

non_empty as (

    -- a preamble that is empty (the text starts with its first heading) is no section
    select * from named
    where end_offset > start_offset

)

select
    document_version_id,
    document_id,
    row_number() over (partition by document_version_id order by start_offset) as section_number,
    section_code,
    coalesce(
        section_name_zh,
        case section_code when 'preamble' then '前言' when 'signature' then '落款' end
    ) as section_name_zh,
    coalesce(
        section_name_en,
        case section_code
            when 'preamble' then 'preamble: title, addressee and opening'
            when 'signature' then 'signature and date'
        end
    ) as section_name_en,
    heading_text,
    heading_paragraph,
    heading_recognised,
    start_offset,
    end_offset,
    {{ raw_offset('offset_map', 'start_offset') }} as raw_start_offset,
    {{ raw_offset('offset_map', 'end_offset - 1') }} + 1 as raw_end_offset,
    substr(cleaned_text, start_offset + 1, end_offset - start_offset) as section_text,
    end_offset - start_offset as section_length
from non_empty
