-- The items of the two sections that are lists: the shortcomings admitted (存在的不足) and the
-- plans for the next year (下一年度安排), one row per item. Reports number their items in one of
-- three ways — （一）（二） at the start of a paragraph, 一是 / 二是 anywhere in the text, 1、 2、 —
-- and a section uses the first of these it holds at least twice; text before the first marker
-- (an introduction: "存在不足：") is not an item. A section without markers has one item per
-- sentence. The item's headline is its text up to the first 。 or ；.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{%- set marker_pattern = '（[一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]{1,3}是|\d{1,2}、' %}

-- depends_on: {{ ref('reports') }}
{%- set versions_to_read = report_versions_to_read() %}
with versions as (

    {{ versions_to_read }}

),

sentences as (

    select report_id, document_version_id, sentence_id, sentence_number, section, match_text as sentence_text, start_offset
    from {{ ref('int_report_sentences_selected') }}
    where document_version_id in (select document_version_id from versions)
      and {{ sentences_written_since(versions_to_read) }}
      and section in ('shortcomings', 'next_year_plans')
      and not is_heading

),

split as (

    -- Each sentence cut before every marker it holds; pieces tile the sentence.
    select
        *,
        regexp_split_to_array(sentence_text, '{{ marker_pattern }}') as gaps,
        regexp_extract_all(sentence_text, '{{ marker_pattern }}') as markers
    from sentences

),

pieces as (

    -- piece 0 is the text before the first marker; piece i starts with marker i
    select
        report_id,
        document_version_id,
        sentence_id,
        sentence_number,
        section,
        start_offset as sentence_start,
        unnest(range(0, len(markers) + 1)) as piece_number,
        unnest(list_concat([null], markers)) as marker,
        unnest(list_transform(
            range(0, len(markers) + 1),
            lambda i: case when i = 0 then gaps[1] else markers[i] || gaps[i + 1] end
        )) as piece_text,
        unnest(list_transform(
            range(0, len(markers) + 1),
            lambda i: coalesce((list_sum(list_transform(gaps[1:i], lambda g: length(g)))
                + coalesce(list_sum(list_transform(markers[1:i - 1], lambda m: length(m))), 0))::integer, 0)
        )) as position_in_sentence
    from split

),

typed as (

    select
        *,
        case
            when marker is null then null
            when starts_with(marker, '（') and piece_number = 1 and position_in_sentence = 0 then 1
            when starts_with(marker, '（') then null
            when regexp_matches(marker, '是$') then 2
            when position_in_sentence = 0 then 3
        end as marker_kind
    from pieces
    where piece_text <> ''

),

section_style as (

    -- The numbering the section uses: the first kind that occurs at least twice.
    select report_id, section, min(marker_kind) as item_marker_kind
    from (
        select report_id, section, marker_kind
        from typed
        where marker_kind is not null
        group by report_id, section, marker_kind
        having count(*) >= 2
    )
    group by report_id, section

),

item_starts as (

    select
        typed.*,
        section_style.item_marker_kind,
        case
            when section_style.item_marker_kind is null then piece_number = 0   -- one item per sentence
            else typed.marker_kind = section_style.item_marker_kind
        end as starts_item
    from typed
    left join section_style
        on typed.report_id = section_style.report_id
        and typed.section = section_style.section

),

items_numbered as (

    select
        *,
        sum(case when starts_item then 1 else 0 end) over (
            partition by report_id, section
            order by sentence_number, piece_number
            rows between unbounded preceding and current row
        ) as item_number
    from item_starts

),

items as (

    select
        report_id,
        any_value(document_version_id) as document_version_id,
        section,
        item_number,
        arg_min(sentence_id, sentence_number * 1000 + piece_number) as sentence_id,
        min(sentence_start + position_in_sentence) as start_offset,
        max(sentence_start + position_in_sentence + length(piece_text)) as end_offset,
        arg_min(coalesce(marker, ''), sentence_number * 1000 + piece_number) as marker,
        string_agg(piece_text, '' order by sentence_number, piece_number) as item_text
    from items_numbered
    -- text before the first item (an introduction) is not an item
    where item_number > 0
    group by report_id, section, item_number

)

select
    report_id,
    document_version_id,
    report_id || ':' || section || ':' || item_number as item_id,
    case section when 'shortcomings' then 'problem' else 'plan' end as fact_type,
    section,
    item_number,
    marker,
    -- the headline: after the marker, up to the first 。 or ；
    regexp_extract(
        regexp_replace(substr(item_text, length(marker) + 1), '^[\s：:，,、．.]+', ''),
        '^[^。；;]*'
    ) as headline,
    item_text,
    sentence_id,
    start_offset,
    end_offset,
    {{ built_at() }} as built_at
from items

union all by name

-- a row for each report version read that holds none (the other columns NULL), so that the next
-- run knows it has been read
select report_id, document_version_id, {{ built_at() }} as built_at
from versions
where document_version_id not in (select document_version_id from items)
