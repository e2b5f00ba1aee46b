-- Figures no catalogue rule claimed (未归类数字): kept with their context so nothing is lost and
-- the catalogue can grow from them — the most frequent units and clause words here are the next
-- indicators to add. Incremental by report, like indicator_values.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['district_code', 'agency_name', 'agency_type', 'report_year'] %}

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
    where indicator_code is null
      and report_id in (select report_id from reports)
      and {{ versions_written_since(ref('int_figures_classified'), reports_query, 'indicator_code is null') }}

)

select
    figures.figure_id,
    figures.report_id,
    reports.document_version_id,
    reports.district_code,
    reports.agency_name,
    reports.agency_type,
    reports.report_year,
    figures.value,
    figures.value_high,
    figures.unit,
    figures.approximate,
    figures.bound_direction,
    figures.redacted,
    figures.raw_phrase,
    figures.clause_before,
    figures.clause_after,
    figures.sentence_text,
    figures.section,
    figures.sentence_id,
    figures.start_offset,
    figures.end_offset,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from figures
inner join reports
    on figures.report_id = reports.report_id
