-- A MinHash sketch of each cleaned text (文本指纹), for finding copies of the same report:
-- the {{ var('sketch_size', 64) }} smallest hashes of its 5-character shingles, taken over the Chinese
-- characters only (digits, punctuation and Latin letters dropped, so a copy whose figures were
-- redacted or whose punctuation was changed still matches). Bottom-k MinHash: the share of the
-- k smallest hashes of two texts' union that both sketches hold estimates their Jaccard
-- similarity. Incremental on document_version_id.
-- One row in, one row out, no unnest and no aggregate: unnesting a shingle per position copied
-- the text into every row (and substr on a UTF-8 string walks from its start), 113 s for 20,000
-- reports, and the list aggregate over every shingle did not fit in 6GB at 100,000. The shingles
-- are cut by regexp_extract_all instead: pass o takes the 5-character runs starting at o, o+5, …,
-- so five passes give every shingle, the same strings and the same hashes as before.

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

sketched as (

    select
        document_version_id,
        document_id,
        -- the n smallest by a sort of each text's hashes; twice as many as needed before the
        -- distinct, because a shingle repeated in the text comes more than once
        list_sort(list_distinct(list_sort(flatten([
            {%- for offset in range(shingle_chars) %}
            list_transform(
                regexp_extract_all(substr(han_text, {{ offset + 1 }}), '.{{ '{' ~ shingle_chars ~ '}' }}'),
                lambda shingle: hash(shingle)
            ){{ ',' if not loop.last }}
            {%- endfor %}
        ]))[1:{{ sketch_size * 2 }}]))[1:{{ sketch_size }}] as sketch
    from cleaned
    where length(han_text) >= {{ shingle_chars }}

)

select document_version_id, document_id, sketch, len(sketch) as sketch_size
from sketched
