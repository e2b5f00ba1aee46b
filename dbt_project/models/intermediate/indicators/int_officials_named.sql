-- Officials a report names (领导干部): a role followed by a person's name and 同志, as reports
-- name people — 局党组书记、局长刘军同志, 局党组成员、副局长张志强同志. Several roles joined by 、
-- stay together. Only the 同志 form is read: without it a name cannot be told from the words
-- around it.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{%- set office = '(?:局|区委|区|县委|县|市委|市|中心|站|所|办|委|院)?' %}
{%- set title = '(?:党组书记|党委书记|党组副书记|党委副书记|党组成员|党委委员|副书记|书记|副局长|局长|副主任|主任|副区长|区长|副县长|县长|副市长|市长|副部长|部长|副组长|组长|政委|副队长|队长|副所长|所长|副院长|院长|副科长|科长|副处长|处长|二级调研员|一级调研员|调研员)' %}
{%- set official = '((?:' ~ office ~ title ~ '[、，,]?)+)(\p{Han}{2,3})同志' %}

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
      and contains(match_text, '同志')

),

mentions as (

    select
        report_id, document_version_id, sentence_id, section, sentence_text, start_offset,
        unnest(regexp_extract_all(sentence_text, '{{ official }}', 0)) as mention
    from sentences

),

parsed as (

    select
        *,
        regexp_replace(regexp_extract(mention, '{{ official }}', 1), '[、，,]$', '') as role,
        regexp_extract(mention, '{{ official }}', 2) as person_name
    from mentions

)

select
    report_id,
    document_version_id,
    report_id || ':' || (start_offset + instr(sentence_text, mention) - 1) as official_id,
    sentence_id,
    section,
    role,
    person_name,
    mention,
    start_offset + instr(sentence_text, mention) - 1 as start_offset,
    start_offset + instr(sentence_text, mention) - 1 + length(mention) as end_offset,
    sentence_text,
    {{ built_at() }} as built_at
from parsed
-- 主要负责同志 ("the principal responsible comrade") has the form but names nobody
where person_name not in ('负责', '主要负责')

union all by name

-- a row for each report version read that holds none (the other columns NULL), so that the next
-- run knows it has been read
select report_id, document_version_id, {{ built_at() }} as built_at
from versions
where document_version_id not in (select document_version_id from parsed)
