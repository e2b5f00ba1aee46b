-- The sentences of each report (句子), with offsets into the cleaned text and the raw text and
-- the section each sits in. A sentence ends at 。！？ (and any closing quote or bracket right
-- after); semicolons stay inside, so "一是…；二是…。" is one sentence. Paragraphs never share a
-- sentence: a heading is a sentence of its own. Set-based: one regexp_extract_all per
-- paragraph whose pieces tile it exactly (every character is in one piece), so offsets are
-- running sums of lengths. Incremental on document_version_id.

{{
    config(
        materialized='incremental',
        unique_key=['document_version_id', 'sentence_number'],
        on_schema_change='append_new_columns',
    )
}}

{%- set sentence_piece = '[^。！？!?]+[。！？!?]*[”’」』）)]*|[。！？!?]+[”’」』）)]*' %}

with paragraphs as (

    select * from {{ ref('int_report_paragraphs') }}
    {% if is_incremental() %}
    where document_version_id not in (select document_version_id from {{ this }})
    {% endif %}

),

sections as (

    select document_version_id, section_number, section_code, start_offset, end_offset
    from {{ ref('int_report_sections') }}

),

cleaned as (

    select document_version_id, offset_map
    from {{ ref('int_report_text_cleaned') }}

),

pieces as (

    select
        document_version_id,
        document_id,
        paragraph_number,
        start_offset as paragraph_start,
        level1_heading is not null as in_heading,
        regexp_extract_all(paragraph_text, '{{ sentence_piece }}') as texts,
        regexp_extract_all(match_text, '{{ sentence_piece }}') as match_texts
    from paragraphs

),

sentences as (

    select
        document_version_id,
        document_id,
        paragraph_number,
        paragraph_start,
        in_heading,
        unnest(range(1, len(texts) + 1)) as sentence_in_paragraph,
        unnest(texts) as sentence_text,
        unnest(match_texts) as match_text
    from pieces

),

positioned as (

    select
        *,
        paragraph_start + coalesce(
            sum(length(sentence_text)) over (
                partition by document_version_id, paragraph_number
                order by sentence_in_paragraph
                rows between unbounded preceding and 1 preceding
            ),
            0
        )::bigint as start_offset
    from sentences

),

numbered as (

    select
        positioned.*,
        positioned.start_offset + length(positioned.sentence_text) as end_offset,
        row_number() over (
            partition by positioned.document_version_id
            order by positioned.paragraph_number, positioned.sentence_in_paragraph
        ) as sentence_number
    from positioned

)

select
    numbered.document_version_id,
    numbered.document_id,
    numbered.sentence_number,
    numbered.paragraph_number,
    sections.section_number,
    sections.section_code,
    numbered.in_heading as is_heading,
    numbered.start_offset,
    numbered.end_offset,
    {{ raw_offset('cleaned.offset_map', 'numbered.start_offset') }} as raw_start_offset,
    {{ raw_offset('cleaned.offset_map', 'numbered.end_offset - 1') }} + 1 as raw_end_offset,
    numbered.sentence_text,
    numbered.match_text,
    length(numbered.sentence_text) as sentence_length
from numbered
inner join cleaned
    on numbered.document_version_id = cleaned.document_version_id
left join sections
    on numbered.document_version_id = sections.document_version_id
    and numbered.start_offset >= sections.start_offset
    and numbered.start_offset < sections.end_offset
