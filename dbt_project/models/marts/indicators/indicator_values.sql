-- The product analysts come for (指标值): every figure of every report that measures an
-- indicator of the catalogue, with where the report is from and where in it the figure stands
-- (sentence, section, character offsets, the raw phrase) and which rule said what it measures,
-- with a confidence. Redacted figures (*名, **万元) are here with no value: the report did state
-- the indicator. Figures no rule claimed are in unclassified_figures.
--
-- Incremental by report: a night writes the reports that have a new version or whose district,
-- agency or year changed (macros/incremental_reports.sql), and drops those no longer reports.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['district_code', 'district_name', 'province_name', 'agency_name', 'agency_type', 'report_year', 'report_kind'] %}

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

figures as (

    select * from {{ ref('int_figures_classified') }}
    where indicator_code is not null
      and report_id in (select report_id from reports)
      and {{ versions_written_since(ref('int_figures_classified'), reports_query, 'indicator_code is not null') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

)

select
    figures.figure_id,
    figures.report_id,
    reports.document_version_id,
    reports.district_code,
    reports.district_name,
    reports.province_name,
    reports.agency_name,
    reports.agency_type,
    reports.report_year,
    reports.report_kind,
    figures.indicator_code,
    catalogue.name_zh as indicator_name_zh,
    catalogue.name_en as indicator_name_en,
    catalogue.topic,
    figures.value,
    figures.value_high,
    figures.unit,
    figures.approximate,
    figures.bound_direction,
    figures.redacted,
    figures.figure_kind,
    figures.is_breakdown,
    figures.raw_phrase,
    figures.sentence_text,
    figures.section,
    figures.sentence_id,
    figures.start_offset,
    figures.end_offset,
    figures.matched_rule,
    figures.confidence,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from figures
inner join reports
    on figures.report_id = reports.report_id
inner join catalogue
    on figures.indicator_code = catalogue.indicator_code
