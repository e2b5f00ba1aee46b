-- The sentences the indicator and text-fact models read: those of every document identified as a
-- report (int_reports_identified, report_kind not 'other', latest version), from the reading
-- models' int_report_sentences, in the shape those models use. Each reader keeps the report
-- versions it needs: the text-fact models and the classification those of marts.reports
-- (duplicates of a better copy left out), the figure extraction every identified report's, so
-- that it can run while the copies are still being found (the longest step of a build does not
-- wait for marts.reports). match_text is the sentence in simplified characters (same length,
-- same offsets): patterns match it, sentence_text is what is shown. Offsets are into the
-- cleaned text (int_report_text_cleaned), raw_* into the raw text.

with identified_reports as (

    select document_id as report_id, document_version_id
    from {{ ref('int_reports_identified') }}
    where report_kind <> 'other'

),

sentences as (

    select * from {{ ref('int_report_sentences') }}

)

select
    identified_reports.report_id,
    sentences.document_version_id,
    identified_reports.report_id || ':' || sentences.sentence_number as sentence_id,
    sentences.sentence_number,
    sentences.paragraph_number,
    coalesce(sentences.section_code, 'preamble') as section,
    sentences.is_heading,
    sentences.sentence_text,
    coalesce(sentences.match_text, sentences.sentence_text) as match_text,
    sentences.start_offset,
    sentences.end_offset,
    sentences.raw_start_offset,
    sentences.raw_end_offset,
    sentences.built_at
from identified_reports
inner join sentences
    on sentences.document_version_id = identified_reports.document_version_id
