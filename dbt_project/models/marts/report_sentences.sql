-- The sentences of every report in marts.reports (句子), in order, with the section each sits
-- in and its offsets into the cleaned text (int_report_text_cleaned.cleaned_text) and the raw
-- text: the unit indicator values and text facts point at. Incremental by report, like
-- indicator_values: a night writes the reports with a new version or a changed year or district.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['report_year', 'district_code'] %}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_of_reports_gone(" ~ report_columns ~ ") }}",
    )
}}

{%- set reports_query = reports_to_write(report_columns) %}
with reports as (

    {{ reports_query }}

),

sentences as (

    select * from {{ ref('int_report_sentences') }}
    where {{ versions_written_since(ref('int_report_sentences'), reports_query, 'sentence_number = 1') }}

)

select
    reports.report_id,
    reports.document_version_id,
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
    reports.district_code,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from reports
inner join sentences
    on sentences.document_version_id = reports.document_version_id
