-- Laws and regulations a report cites (引用的法律法规): every 《…》 title in a sentence whose name
-- ends like a law or regulation (法, 法典, 条例, 规定, 办法), named canonically through the
-- law_aliases seed and a general rule (only the national legislature makes a …法, so a bare
-- …法 is 中华人民共和国…法), with
-- its level. Titles of plans, notices, opinions and work points (方案, 通知, 意见, 要点, 纲要)
-- are not laws and are left out. One row per citation, with its offsets.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{%- set title_pattern = '《[^《》]+》' %}

-- depends_on: {{ ref('reports') }}
{%- set versions_to_read = report_versions_to_read() %}
with versions as (

    {{ versions_to_read }}

),

sentences as (

    select report_id, document_version_id, sentence_id, section, match_text as sentence_text, start_offset
    from {{ ref('int_report_sentences_selected') }}
    where document_version_id in (select document_version_id from versions)
      and {{ sentences_written_since(versions_to_read) }}
      and contains(match_text, '《')

),

aliases as (

    select * from {{ ref('law_aliases') }}

),

matched as (

    select *, regexp_extract_all(sentence_text, '{{ title_pattern }}') as titles
    from sentences

),

with_gaps as (

    select *, {{ match_lengths('sentence_text', 'titles', title_pattern) }} as lengths
    from matched
    where len(titles) > 0

),

titles as (

    select
        report_id,
        document_version_id,
        sentence_id,
        section,
        sentence_text,
        unnest(titles) as cited_as,
        start_offset + unnest({{ match_offsets('titles', 'lengths') }}) as start_offset
    from with_gaps

),

named as (

    select
        *,
        -- the name without 《》, spaces and a trailing revision note: （2018年修正）
        regexp_replace(
            regexp_replace(substr(cited_as, 2, length(cited_as) - 2), '\s+', '', 'g'),
            '[（(][^（()）]*(修正|修订|试行)[^（()）]*[）)]$', ''
        ) as law_name
    from titles

),

laws as (

    select *
    from named
    where regexp_matches(law_name, '(法|法典|条例|规定|办法)$')
      and not regexp_matches(law_name, '^关于|通知|意见|方案|要点|纲要')

)

select
    laws.report_id,
    laws.document_version_id,
    laws.report_id || ':' || laws.start_offset as citation_id,
    laws.sentence_id,
    laws.section,
    laws.cited_as,
    laws.law_name,
    coalesce(
        aliases.canonical_name,
        case
            when regexp_matches(laws.law_name, '(法|法典)$')
                 and not starts_with(laws.law_name, '中华人民共和国')
                then '中华人民共和国' || laws.law_name
            else laws.law_name
        end
    ) as canonical_name,
    coalesce(
        aliases.law_level,
        case
            when regexp_matches(laws.law_name, '(法|法典)$') then 'law'
            when regexp_matches(laws.law_name, '^\p{Han}{1,8}?(省|市|自治区|自治州|县|区)') and regexp_matches(laws.law_name, '条例$')
                then 'local_regulation'
            when regexp_matches(laws.law_name, '条例$') then 'administrative_regulation'
            else 'department_rule'
        end
    ) as law_level,
    laws.start_offset,
    laws.start_offset + length(laws.cited_as) as end_offset,
    laws.sentence_text,
    {{ built_at() }} as built_at
from laws
left join aliases
    on laws.law_name = aliases.alias

union all by name

-- a row for each report version read that holds none (the other columns NULL), so that the next
-- run knows it has been read
select report_id, document_version_id, {{ built_at() }} as built_at
from versions
where document_version_id not in (select document_version_id from laws)
