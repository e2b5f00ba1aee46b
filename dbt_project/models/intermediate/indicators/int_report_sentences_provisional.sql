-- PROVISIONAL: the sentences of every report, with their section, until the reading models of
-- issue 4 (cleaned text, sections, sentences) take over; the indicator models read only this
-- model, so switching is a change here. It does just enough cleaning for figures and facts:
-- PDF line breaks inside a paragraph are joined, spaces next to Chinese characters and watermark
-- domains are dropped. Offsets are into that lightly cleaned text.

{{ config(materialized="table") }}

{%- set heading_marker = '^[一二三四五六七八九十]{1,3}[、．.]' %}

with reports as (

    select
        document_id as report_id,
        document_version_id,
        report_text
    from {{ ref('int_reports_identified') }}
    where report_kind <> 'other'

),

lines as (

    select
        report_id,
        document_version_id,
        unnest(range(1, len(string_split(report_text, chr(10))) + 1)) as line_number,
        unnest(string_split(report_text, chr(10))) as raw_line
    from reports

),

lines_tidied as (

    select
        report_id,
        document_version_id,
        line_number,
        -- spaces next to a Chinese character ("2020 年度法治政府 建设"), then a watermark
        -- domain (笔杆儿网www.bgzjy.cn) an aggregator glued to the end of the line; its name stays
        regexp_replace(
            regexp_replace(
                regexp_replace(trim(raw_line, ' 　' || chr(9) || chr(13)), '\s+(\p{Han}|[，。、；：“”《》（）])', '\1', 'g'),
                '(\p{Han}|[，。、；：“”《》（）])\s+', '\1', 'g'
            ),
            '(https?://)?www\.[A-Za-z0-9.-]+\.(cn|com|net|org)$', ''
        ) as line_text
    from lines

),

lines_kept as (

    select
        *,
        lag(line_text) over (partition by report_id order by line_number) as previous_line
    from lines_tidied
    where line_text <> ''

),

paragraph_starts as (

    -- A line continues the previous one when that line was long and did not end a sentence
    -- (a PDF broke it), was not a heading, and this line does not start a numbered item.
    select
        *,
        case
            when previous_line is not null
                 and length(previous_line) >= 20
                 and not regexp_matches(previous_line, '[。！？：；!?:;]$')
                 and not regexp_matches(previous_line, '{{ heading_marker }}')
                 and not regexp_matches(line_text, '{{ heading_marker }}|^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]是')
                then 0
            else 1
        end as starts_paragraph
    from lines_kept

),

paragraph_numbered as (

    select
        *,
        sum(starts_paragraph) over (partition by report_id order by line_number) as paragraph_number
    from paragraph_starts

),

paragraphs as (

    select
        report_id,
        any_value(document_version_id) as document_version_id,
        paragraph_number,
        string_agg(line_text, '' order by line_number) as paragraph_text
    from paragraph_numbered
    group by report_id, paragraph_number

),

paragraphs_positioned as (

    -- offsets into the paragraphs joined by one line break each
    select
        *,
        coalesce(sum(length(paragraph_text) + 1) over (
            partition by report_id order by paragraph_number
            rows between unbounded preceding and 1 preceding
        ), 0) as paragraph_start,
        regexp_matches(paragraph_text, '{{ heading_marker }}') and length(paragraph_text) <= 60
            and not regexp_matches(paragraph_text, '。.') as is_heading
    from paragraphs

),

sections_named as (

    select
        *,
        case
            when not is_heading then null
            when regexp_matches(paragraph_text, '第一责任人|第一责任职责|主要负责人履') then 'first_responsible_duties'
            when regexp_matches(paragraph_text, '不足|存在的?问题|差距|短板') then 'shortcomings'
            when regexp_matches(paragraph_text, '下一步|下一年|明年|今后|计划|打算|安排|思路') then 'next_year_plans'
            when regexp_matches(paragraph_text, '其[他它]') then 'other'
            else 'measures_and_results'
        end as heading_section
    from paragraphs_positioned

),

paragraphs_in_sections as (

    select
        *,
        coalesce(
            last_value(heading_section ignore nulls) over (
                partition by report_id order by paragraph_number
                rows between unbounded preceding and current row
            ),
            'preamble'
        ) as section
    from sections_named

),

sentence_pieces as (

    -- The pieces cover the paragraph end to end, so their offsets are running sums of lengths.
    select
        report_id,
        document_version_id,
        paragraph_number,
        paragraph_start,
        is_heading,
        section,
        regexp_extract_all(paragraph_text, '[^。！？!?]+[。！？!?”’]*|[。！？!?”’]+') as pieces
    from paragraphs_in_sections

),

sentences as (

    select
        report_id,
        document_version_id,
        paragraph_number,
        is_heading,
        section,
        unnest(pieces) as sentence_text,
        paragraph_start + unnest(
            list_transform(range(len(pieces)), lambda i: coalesce(list_sum(list_transform(pieces[1:i], lambda p: length(p))), 0))
        ) as start_offset
    from sentence_pieces

)

select
    report_id,
    document_version_id,
    report_id || ':' || row_number() over (partition by report_id order by start_offset) as sentence_id,
    row_number() over (partition by report_id order by start_offset) as sentence_number,
    paragraph_number,
    section,
    is_heading,
    sentence_text,
    start_offset,
    start_offset + length(sentence_text) as end_offset
from sentences
