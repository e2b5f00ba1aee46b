-- A MinHash sketch of each cleaned text (文本指纹), for finding copies of the same report:
-- the {{ var('sketch_size', 64) }} smallest hashes of its 5-character shingles, taken over the Chinese
-- characters only (digits, punctuation and Latin letters dropped, so a copy whose figures were
-- redacted or whose punctuation was changed still matches). Bottom-k MinHash: the share of the
-- k smallest hashes of two texts' union that both sketches hold estimates their Jaccard
-- similarity. Set-based (unnest + hash + a window), incremental on document_version_id.

{{
    config(
        materialized='incremental',
        unique_key='document_version_id',
        on_schema_change='append_new_columns',
    )
}}

{% set sketch_size = var('sketch_size', 64) %}
{% set shingle_chars = 5 %}

with cleaned as (

    select
        document_version_id,
        document_id,
        regexp_replace(
            {{ match_text('cleaned_text', 'simplified_text') }}, '[^\p{Han}]+', '', 'g'
        ) as han_text
    from {{ ref('int_report_text_cleaned') }}
    {% if is_incremental() %}
    where document_version_id not in (select document_version_id from {{ this }})
    {% endif %}

),

shingles as (

    select
        document_version_id,
        document_id,
        hash(substr(han_text, position, {{ shingle_chars }})) as shingle_hash
    from (
        select *, unnest(range(1, length(han_text) - {{ shingle_chars }} + 2)) as position
        from cleaned
        where length(han_text) >= {{ shingle_chars }}
    )

)

select
    document_version_id,
    document_id,
    -- min(x, n): the n smallest values without sorting every shingle; twice as many as needed,
    -- because a shingle repeated in the text comes more than once (a distinct over all shingles
    -- first would cost far more)
    list_sort(list_distinct(min(shingle_hash, {{ sketch_size * 2 }})))[1:{{ sketch_size }}] as sketch,
    len(list_sort(list_distinct(min(shingle_hash, {{ sketch_size * 2 }})))[1:{{ sketch_size }}]) as sketch_size
from shingles
group by document_version_id, document_id
