-- The cleaned text of every document version read (清洗后的正文), with the map back to the raw
-- text. Cleaning is a Python UDF (warehouse/udfs/clean_text.py: page chrome, watermarks, page
-- furniture, PDF line breaks, stray spaces, full-width forms) because keeping an offset map
-- through those steps is not something SQL can do; it runs once per document version
-- (incremental on document_version_id), so a night only cleans what is new. The same call
-- gives the traditional → simplified form of the cleaned text (cleaning.simplified) and its
-- count of visible characters, so each text goes through Python once; the UDF is vectorised
-- and uses every core (warehouse/udfs/vectorised.py, pool.py).

{#- append: a night reads only versions this table does not hold, so none has a row to delete #}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{%- set documents_to_clean -%}
    select document_id from {{ ref('int_documents_with_attachment_text') }}
    where document_version_id not in (select document_version_id from {{ this }})
{%- endset %}

with documents as (

    select
        document_version_id,
        document_id,
        content_sha256,
        text_origin,
        coalesce(report_text, '') as report_text
    from {{ ref('int_documents_with_attachment_text') }}
    {% if is_incremental() %}
    {%- set documents = keys_to_read(documents_to_clean) %}
    -- the documents whose latest version is not cleaned yet, found on ids alone; their texts
    -- read from where they were loaded
    where document_id in {{ documents }}
      and {{ loaded_since(ref('int_documents_with_attachment_text'), documents) }}
    {% endif %}

),

cleaned as materialized (

    -- materialized: the UDF must run once per row, however often its result is used below
    select *, govreports_clean_text(report_text) as cleaning
    from documents

)

select
    document_version_id,
    document_id,
    content_sha256,
    text_origin,
    length(report_text) as raw_text_length,
    cleaning.text as cleaned_text,
    cleaning.simplified as simplified_text,
    length(cleaning.text) as cleaned_text_length,
    -- length(regexp_replace(cleaning.text, '\s', '', 'g')), counted by the UDF: DuckDB's regex is slower
    cleaning.visible_chars as visible_chars,
    cleaning.offset_map as offset_map,
    cleaning.removed as removed_parts,
    len(list_filter(cleaning.removed, lambda part: part.kind = 'chrome')) as chrome_lines_removed,
    len(list_filter(cleaning.removed, lambda part: part.kind = 'page_furniture')) as page_furniture_lines_removed,
    list_distinct(
        list_transform(list_filter(cleaning.removed, lambda part: part.kind = 'watermark'), lambda part: part.text)
    ) as watermarks,
    len(list_filter(cleaning.removed, lambda part: part.kind = 'watermark')) as watermark_count,
    cleaning.simplified is not null as has_traditional_characters,
    {{ built_at() }} as built_at
from cleaned
