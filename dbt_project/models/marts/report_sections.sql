-- The sections of every report in marts.reports (报告章节), named by the five parts the 2019
-- rules require, with their text and offsets (into the cleaned text and the raw text).

with reports as (

    select report_id, report_year, district_code, agency_name, content_sha256
    from {{ ref('reports') }}

),

sections as (

    select * from {{ ref('int_report_sections') }}

)

select
    reports.report_id,
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
    reports.agency_name
from reports
inner join sections
    on sections.document_version_id = reports.report_id || ':' || reports.content_sha256
