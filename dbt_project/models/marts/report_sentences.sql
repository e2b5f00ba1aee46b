-- The sentences of every report in marts.reports (句子), in order, with the section each sits
-- in and its offsets into the cleaned text (int_report_text_cleaned.cleaned_text) and the raw
-- text: the unit indicator values and text facts point at.

with reports as (

    select report_id, report_year, district_code, content_sha256
    from {{ ref('reports') }}

),

sentences as (

    select * from {{ ref('int_report_sentences') }}

)

select
    reports.report_id,
    sentences.sentence_number,
    sentences.paragraph_number,
    sentences.section_number,
    sentences.section_code,
    sentences.is_heading,
    sentences.sentence_text,
    sentences.sentence_length,
    sentences.start_offset,
    sentences.end_offset,
    sentences.raw_start_offset,
    sentences.raw_end_offset,
    reports.report_year,
    reports.district_code
from reports
inner join sentences
    on sentences.document_version_id = reports.report_id || ':' || reports.content_sha256
