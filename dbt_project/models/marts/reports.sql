-- The product: one row per annual report found (法治政府建设年度报告, 政府信息公开工作年度报告),
-- with where it came from, the place and year it reports on, each with its evidence and
-- confidence, and its quality flags. Everything the report identification decided is in
-- int_reports_identified; this model keeps the reports, names their district, and drops a
-- copy when a better copy of the same report is in the warehouse (an official copy wins over an
-- aggregator's: int_report_near_duplicates).

with identified_documents as (

    select * from {{ ref('int_reports_identified') }}

),

quality_flags as (

    select * from {{ ref('int_report_quality_flags') }}

),

near_duplicates as (

    select * from {{ ref('int_report_near_duplicates') }}

),

districts as (

    select * from {{ ref('districts') }}

),

reports as (

    select identified_documents.*
    from identified_documents
    left join near_duplicates
        on identified_documents.document_id = near_duplicates.document_id
    where identified_documents.report_kind <> 'other'
      and near_duplicates.duplicate_of is null

),

reports_placed as (

    select
        reports.document_id as report_id,
        reports.title,
        reports.title_origin,
        reports.title_confidence,
        reports.agency_name,
        reports.agency_origin,
        reports.agency_confidence,
        reports.agency_type,
        reports.agency_type_name_en,
        reports.district_code,
        districts.name as district_name,
        districts.province_name,
        districts.prefecture_name,
        districts.current_code as current_district_code,
        reports.district_evidence,
        reports.district_evidence_text,
        reports.district_confidence,
        reports.district_status,
        reports.district_candidates,
        reports.text_district_code,
        reports.report_year,
        reports.report_year_origin,
        reports.report_year_confidence,
        reports.published_on,
        reports.published_on_origin,
        reports.signed_on,
        reports.report_kind,
        reports.document_status,
        reports.document_status_reason,
        quality_flags.quality_flags,
        quality_flags.redacted_figure_count,
        quality_flags.non_government_source,
        quality_flags.non_government_reasons,
        quality_flags.truncated_text,
        near_duplicates.near_duplicate_count as copies_elsewhere,
        reports.source_id,
        reports.document_url as source_url,
        reports.text_origin,
        reports.text_length,
        reports.visible_chars as cleaned_text_chars,
        reports.fetched_at,
        reports.content_sha256
    from reports
    left join districts
        on reports.district_code = districts.district_code
    left join quality_flags
        on reports.document_id = quality_flags.document_id
    left join near_duplicates
        on reports.document_id = near_duplicates.document_id

)

select * from reports_placed
