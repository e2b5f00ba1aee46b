-- The product: one row per annual report found (法治政府建设年度报告, 政府信息公开工作年度报告),
-- with where it came from and the place and year it reports on. Everything the report
-- identification decided is in int_reports_identified; this model only keeps reports and names
-- their district.

with identified_documents as (

    select * from {{ ref('int_reports_identified') }}

),

districts as (

    select * from {{ ref('districts') }}

),

reports as (

    select * from identified_documents
    where report_kind <> 'other'

),

reports_placed as (

    select
        reports.document_id as report_id,
        reports.title,
        reports.agency_name,
        reports.agency_type,
        reports.district_code,
        districts.name as district_name,
        districts.province_name,
        districts.prefecture_name,
        reports.district_evidence,
        reports.district_confidence,
        reports.report_year,
        reports.published_on,
        reports.report_kind,
        reports.source_id,
        reports.document_url as source_url,
        reports.text_origin,
        reports.text_length,
        reports.fetched_at,
        reports.content_sha256
    from reports
    left join districts
        on reports.district_code = districts.district_code

)

select * from reports_placed
