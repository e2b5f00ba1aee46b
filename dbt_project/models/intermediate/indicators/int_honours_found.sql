-- Honours and awards a report claims (荣誉): what follows 获评, 荣获, 被评为, 被授予, 被命名为,
-- 成功创建, 荣膺, 入选 — each quoted title in a row (获评“A”，“B” gives two) — or, unquoted, the words
-- up to the next punctuation when they end like an honour (…先进单位, …示范, …称号, …评级; this
-- is also the only way 获得 counts, so 获得感 is not an honour). Plans for next year are wishes,
-- not honours, and are skipped.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{%- set trigger = '(?:获评|荣获|被评为|被授予|被命名为|成功创建|荣膺|入选)' %}
{%- set quoted_run = trigger ~ '((?:“[^”]+”[、，,和及与]?)+)' %}
{%- set honour_end = '(?:称号|评级|荣誉|奖|奖项|表彰|单位|先进|示范|模范|标兵|集体|个人)' %}
{%- set unquoted = '(?:' ~ trigger ~ '|获得)([^，。；、“”]{2,40}?' ~ honour_end ~ ')' %}

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
    -- plain substring tests first: far cheaper than a regular expression over every sentence
      and (contains(match_text, '获') or contains(match_text, '被评为') or contains(match_text, '被授予')
           or contains(match_text, '被命名为') or contains(match_text, '成功创建') or contains(match_text, '荣膺')
           or contains(match_text, '入选'))
      and section <> 'next_year_plans'

),

quoted as (

    select
        report_id, document_version_id, sentence_id, section, sentence_text, start_offset,
        unnest(list_transform(
            list_filter(
                flatten(list_transform(
                    regexp_extract_all(sentence_text, '{{ quoted_run }}', 1),
                    lambda run: regexp_extract_all(run, '“([^”]+)”', 1)
                )),
                lambda honour: honour <> ''
            ),
            lambda honour: honour
        )) as honour
    from sentences

),

unquoted as (

    select
        report_id, document_version_id, sentence_id, section, sentence_text, start_offset,
        unnest(regexp_extract_all(sentence_text, '{{ unquoted }}', 1)) as honour
    from sentences

),

honours as (

    select * from quoted
    union all
    select * from unquoted

)

select distinct on (report_id, sentence_id, honour)
    report_id,
    document_version_id,
    report_id || ':' || (start_offset + instr(sentence_text, honour) - 1) as honour_id,
    sentence_id,
    section,
    honour,
    start_offset + instr(sentence_text, honour) - 1 as start_offset,
    start_offset + instr(sentence_text, honour) - 1 + length(honour) as end_offset,
    sentence_text,
    {{ built_at() }} as built_at
from honours

union all by name

-- a row for each report version read that holds none (the other columns NULL), so that the next
-- run knows it has been read
select report_id, document_version_id, {{ built_at() }} as built_at
from versions
where document_version_id not in (select document_version_id from honours)
