-- A MinHash sketch of each cleaned text (文本指纹), for finding copies of the same report: the
-- var('sketch_size', 64) smallest hashes of its sentences, each sentence taken as its Chinese
-- characters only. Figures, Latin letters, spaces, line breaks and the punctuation inside a
-- sentence are dropped, so a copy whose figures were redacted (*名, **万元), whose commas or
-- quotes were changed or whose lines were broken elsewhere still has the same sentences.
-- Sentences end at 。！？； (or . ! ? ;); a decimal point inside a figure (40.55万元, **.*万元)
-- goes with the figure. Sentences under 4 characters (是。, a heading number) are left out.
-- Bottom-k MinHash: the share of the k smallest hashes of two texts' union that both sketches
-- hold estimates the Jaccard similarity of their sets of sentences. Incremental on
-- document_version_id; a text without a sentence gets an empty sketch, so that it is not read
-- again every night.
--
-- Why sentences and not every 5-character shingle (the method before): one regular-expression
-- pass and ≈ 60 hashes per report instead of five passes and ≈ 3,000 (20,000 reports: 19–27 s
-- → ≈ 2.7 s of CPU), and copies stand further apart from different reports. The synthetic
-- reports recombine the same clauses, as reports of one kind do: between two of 20,000 different
-- reports the shingle estimate reached 0.70 (median 0.38), the sentence estimate 0.41 (median
-- 0.2); a copy scores 1.0 with either. What a sentence unit gives up: a copy that rewrote a word in a
-- sentence loses that sentence (Jaccard (n − k) / (n + k) for k of n sentences changed: below
-- 0.7 once more than about 18 % of them are).

{#- append: a night reads only versions this table does not hold, so none has a row to delete #}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{% set sketch_size = var('sketch_size', 64) %}
{% set min_sentence_chars = 4 %}
{#- What a sentence ends with, and what is dropped: runs of figures and asterisks with the points
    inside them, then every character that is neither Chinese nor a sentence end. #}
{% set sentence_end = '[。！？；.!?;]' %}
{% set dropped = '[\\d*＊](?:[\\d*＊.]*[\\d*＊])?|[^\\p{Han}\\d*＊。！？；.!?;]+' %}

{%- if is_incremental() %}
{%- set versions = versions_not_read_yet(ref('int_report_text_cleaned')) %}
{%- endif %}

with cleaned as (

    select
        document_version_id,
        document_id,
        regexp_replace({{ match_text('cleaned_text', 'simplified_text') }}, '{{ dropped }}', '', 'g') as han_sentences
    from {{ ref('int_report_text_cleaned') }}
    {%- if is_incremental() %}
    -- the versions not sketched yet, found on their ids alone, then only the part of the table
    -- written since the first of them was: only their texts are read
    where document_version_id in {{ versions }}
      and {{ written_since(ref('int_report_text_cleaned'), versions) }}
    {%- endif %}

),

sketched as (

    select
        document_version_id,
        document_id,
        list_sort(list_distinct(list_transform(
            list_filter(
                string_split_regex(han_sentences, '{{ sentence_end }}'),
                lambda sentence: length(sentence) >= {{ min_sentence_chars }}
            ),
            lambda sentence: hash(sentence)
        )))[1:{{ sketch_size }}] as sketch
    from cleaned

)

select document_version_id, document_id, sketch, len(sketch) as sketch_size
from sketched
