-- The sentences the indicator and text-fact models read: those of the reports in marts.reports
-- (the latest version of each, duplicates of a better copy left out), from the reading models'
-- int_report_sentences, in the shape those models use. match_text is the sentence in simplified
-- characters (same length, same offsets): patterns match it, sentence_text is what is shown.
-- Offsets are into the cleaned text (int_report_text_cleaned), raw_* into the raw text.

with reports as (

    select report_id, content_sha256
    from {{ ref('reports') }}

),

sentences as (

    select * from {{ ref('int_report_sentences') }}

)

select
    reports.report_id,
    sentences.document_version_id,
    reports.report_id || ':' || sentences.sentence_number as sentence_id,
    sentences.sentence_number,
    sentences.paragraph_number,
    coalesce(sentences.section_code, 'preamble') as section,
    sentences.is_heading,
    sentences.sentence_text,
    coalesce(sentences.match_text, sentences.sentence_text) as match_text,
    sentences.start_offset,
    sentences.end_offset,
    sentences.raw_start_offset,
    sentences.raw_end_offset
from reports
inner join sentences
    on sentences.document_version_id = reports.report_id || ':' || reports.content_sha256
