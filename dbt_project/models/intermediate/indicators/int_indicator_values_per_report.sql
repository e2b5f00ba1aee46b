-- One value per report, indicator and unit (报告的指标值), the step both panels start from: the
-- figures of one report add up for counts and money (two training programmes, three kinds of
-- subsidy) and average for rates (the catalogue's `aggregation`). Parts after 其中 ("of which")
-- and redacted figures are left out. Incremental by report, like indicator_values.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['district_code', 'agency_type', 'report_year'] %}

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

    select report_id, indicator_code, unit, value, approximate
    from {{ ref('int_figures_classified') }}
    where indicator_code is not null
      and value is not null
      and not is_breakdown
      and report_id in (select report_id from reports)
      and {{ versions_written_since(
          ref('int_figures_classified'), reports_query,
          'indicator_code is not null and value is not null and not is_breakdown') }}

),

catalogue as (

    select indicator_code, aggregation from {{ ref('indicator_catalogue') }}

),

per_report as (

    -- grouped on the figures' own keys; the report's columns are joined to the grouped rows
    select
        figures.report_id,
        figures.indicator_code,
        figures.unit,
        catalogue.aggregation,
        case when catalogue.aggregation = 'mean' then avg(figures.value) else sum(figures.value) end as value,
        bool_or(figures.approximate) as approximate,
        count(*) as figures
    from figures
    inner join catalogue
        on figures.indicator_code = catalogue.indicator_code
    group by figures.report_id, figures.indicator_code, figures.unit, catalogue.aggregation

)

select
    per_report.report_id,
    reports.document_version_id,
    reports.district_code,
    reports.agency_type,
    reports.report_year,
    per_report.indicator_code,
    per_report.unit,
    per_report.aggregation,
    per_report.value,
    per_report.approximate,
    per_report.figures,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from per_report
inner join reports
    on per_report.report_id = reports.report_id
