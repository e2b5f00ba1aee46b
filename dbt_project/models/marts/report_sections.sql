-- The sections of every report in marts.reports (报告章节), named by the five parts the 2019
-- rules require, with their text and offsets (into the cleaned text and the raw text).
-- Incremental by report, like indicator_values.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['report_year', 'district_code', 'agency_name'] %}

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

sections as (

    select * from {{ ref('int_report_sections') }}
    where {{ versions_written_since(ref('int_report_sections'), reports_query, 'section_number = 1') }}

)

select
    reports.report_id,
    reports.document_version_id,
    sections.section_number,
    sections.section_code,
    sections.section_name_zh,
    sections.section_name_en,
    sections.heading_text,
    sections.heading_recognised,
    sections.section_text,
    sections.section_length,
    sections.start_offset,
    sections.end_offset,
    sections.raw_start_offset,
    sections.raw_end_offset,
    reports.report_year,
    reports.district_code,
    reports.agency_name,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from reports
inner join sections
    on sections.document_version_id = reports.document_version_id
