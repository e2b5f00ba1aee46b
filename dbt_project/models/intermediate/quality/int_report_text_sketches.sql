-- A MinHash sketch of each cleaned text (文本指纹), for finding copies of the same report:
-- the {{ var('sketch_size', 64) }} smallest hashes of its 5-character shingles, taken over the Chinese
-- characters only (digits, punctuation and Latin letters dropped, so a copy whose figures were
-- redacted or whose punctuation was changed still matches). Bottom-k MinHash: the share of the
-- k smallest hashes of two texts' union that both sketches hold estimates their Jaccard
-- similarity. Set-based (unnest + hash + min(hash, n)), incremental on document_version_id.
-- The shingles are cut from the hex of the UTF-8 text, not the text: substr on a non-ASCII string
-- walks from its start (quadratic per text; 113 s for 20,000 reports), on ASCII it is a slice.
-- Every character kept is 3 bytes (the rare Han characters past U+FFFF are dropped), so a
-- shingle is 30 hex digits, and hash(unhex(…)) is the hash of the characters themselves.

{{
    config(
        materialized='incremental',
        unique_key='document_version_id',
        on_schema_change='append_new_columns',
    )
}}

{% set sketch_size = var('sketch_size', 64) %}
{% set shingle_chars = 5 %}
{% set shingle_hex = shingle_chars * 6 %}

with cleaned as (

    select
        document_version_id,
        document_id,
        hex(regexp_replace(
            {{ match_text('cleaned_text', 'simplified_text') }}, '[^\p{Han}]+|[\x{10000}-\x{10ffff}]+', '', 'g'
        )) as han_hex
    from {{ ref('int_report_text_cleaned') }}
    {% if is_incremental() %}
    where document_version_id not in (select document_version_id from {{ this }})
    {% endif %}

),

shingles as (

    select
        document_version_id,
        document_id,
        hash(unhex(substr(han_hex, position, {{ shingle_hex }}))) as shingle_hash
    from (
        select *, unnest(range(1, length(han_hex) - {{ shingle_hex }} + 2, 6)) as position
        from cleaned
        where length(han_hex) >= {{ shingle_hex }}
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
