-- The sentences of each report (句子), with offsets into the cleaned text and the raw text and
-- the section each sits in. A sentence ends at 。！？ (and any closing quote or bracket right
-- after); semicolons stay inside, so "一是…；二是…。" is one sentence. Paragraphs never share a
-- sentence: a heading is a sentence of its own. Set-based: one regexp_extract_all per
-- paragraph whose pieces tile it exactly (every character is in one piece), so offsets are
-- running sums of lengths, taken on each paragraph's list of pieces before it is unnested.
-- Raw offsets go through the runs of the offset map that cover the paragraph, cut once per
-- paragraph, not through the whole map for every sentence. Incremental on document_version_id.
--
-- Cost: the one sort is the numbering of sentences within a report. It sorts on a small
-- integer key per report rather than the 129-character document_version_id, and carries the
-- simplified text only where it differs from the text (a few reports in a thousand), so the
-- rows it moves are narrow; the version id is joined back after it.

{#- append: a night reads only versions this table does not hold, so none has a row to delete #}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{%- set sentence_piece = '[^。！？!?]+[。！？!?]*[”’」』）)]*|[。！？!?]+[”’」』）)]*' %}

{%- if is_incremental() %}
{%- set versions = versions_not_read_yet(ref('int_report_paragraphs'), 'paragraph_number = 1', 'sentence_number = 1') %}
{%- endif %}

with paragraphs as (

    select
        document_version_id,
        paragraph_number,
        start_offset,
        end_offset,
        paragraph_text,
        match_text,
        level1_heading is not null as in_heading
    from {{ ref('int_report_paragraphs') }}
    {% if is_incremental() %}
    -- the versions not read yet, found on ids alone (one row per version: paragraph 1, sentence 1),
    -- then only the part of the table written since the first of them was
    where document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_paragraphs'), versions, 'paragraph_number = 1') }}
    {% endif %}

),

sections as (

    select document_version_id, section_number, section_code, start_offset, end_offset
    from {{ ref('int_report_sections') }}
    {%- if is_incremental() %}
    where document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_sections'), versions, 'section_number = 1') }}
    {%- endif %}

),

reports as (

    select
        document_version_id,
        document_id,
        offset_map,
        dense_rank() over (order by document_version_id) as report_key
    from {{ ref('int_report_text_cleaned') }}
    {%- if is_incremental() %}
    where document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_text_cleaned'), versions) }}
    {%- endif %}

),

pieces as (

    select
        reports.report_key,
        paragraphs.paragraph_number,
        paragraphs.start_offset as paragraph_start,
        paragraphs.in_heading,
        regexp_extract_all(paragraphs.paragraph_text, '{{ sentence_piece }}') as texts,
        -- the simplified text splits alike; most paragraphs have no traditional character
        paragraphs.match_text = paragraphs.paragraph_text as match_same,
        case when not match_same then
            regexp_extract_all(paragraphs.match_text, '{{ sentence_piece }}')
        end as other_match_texts,
        list_transform(texts, lambda piece: length(piece)) as lengths,
        {{ runs_covering('reports.offset_map', 'paragraphs.start_offset', 'paragraphs.end_offset') }} as offset_runs
    from paragraphs
    inner join reports
        on paragraphs.document_version_id = reports.document_version_id

),

sentences as (

    -- unnest in step: the i-th element of every list belongs to sentence i of the paragraph
    select
        report_key,
        paragraph_number,
        in_heading,
        offset_runs,
        match_same,
        unnest(range(1, len(texts) + 1)) as sentence_in_paragraph,
        unnest(texts) as sentence_text,
        unnest(other_match_texts) as other_match_text,
        paragraph_start + unnest({{ running_sums_before('lengths') }}) as start_offset
    from pieces

),

positioned as (

    select
        report_key,
        paragraph_number,
        sentence_in_paragraph,
        in_heading,
        sentence_text,
        match_same,
        other_match_text,
        start_offset,
        start_offset + length(sentence_text) as end_offset,
        {{ raw_offset('offset_runs', 'start_offset') }} as raw_start_offset,
        {{ raw_offset('offset_runs', 'start_offset + length(sentence_text) - 1') }} + 1 as raw_end_offset
    from sentences

),

numbered as (

    select
        *,
        row_number() over (
            partition by report_key
            order by paragraph_number, sentence_in_paragraph
        ) as sentence_number
    from positioned

)

select
    reports.document_version_id,
    reports.document_id,
    numbered.sentence_number,
    numbered.paragraph_number,
    sections.section_number,
    sections.section_code,
    numbered.in_heading as is_heading,
    numbered.start_offset,
    numbered.end_offset,
    numbered.raw_start_offset,
    numbered.raw_end_offset,
    numbered.sentence_text,
    case when numbered.match_same then numbered.sentence_text else numbered.other_match_text end as match_text,
    length(numbered.sentence_text) as sentence_length,
    {{ built_at() }} as built_at
from numbered
inner join reports
    on numbered.report_key = reports.report_key
left join sections
    on reports.document_version_id = sections.document_version_id
    and numbered.start_offset >= sections.start_offset
    and numbered.start_offset < sections.end_offset
