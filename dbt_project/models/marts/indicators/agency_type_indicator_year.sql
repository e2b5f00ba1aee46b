-- Agency type × year × indicator, nationwide (机关类型 × 年度 × 指标): how many reports of, say,
-- veterans affairs bureaus stated an indicator in a year, in how many districts, and the total,
-- mean and median per report. One value per report (int_indicator_values_per_report: sum for
-- counts and money, mean for rates; no 其中 parts, no redacted figures).

-- Incremental by agency type and year (macros/report_groups.sql): a night rewrites the agency
-- types and years whose reports changed.

{%- set group_of_report = "coalesce(reports.agency_type, 'unknown') || ':' || reports.report_year" %}
{%- set reports_with_year = 'reports.report_year is not null' %}
{%- set stored_group = "written.agency_type || ':' || written.report_year" %}

{{
    config(
        materialized='incremental',
        unique_key=['agency_type', 'report_year'],
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_of_report_groups_gone(\"" ~ group_of_report ~ "\", \"" ~ stored_group ~ "\", '"
                  ~ reports_with_year ~ "') }}",
    )
}}

with groups_to_write as (

    {{ report_groups_to_write(group_of_report, stored_group, reports_with_year) }}

),

report_values as (

    select * from {{ ref('int_indicator_values_per_report') }}
    where coalesce(agency_type, 'unknown') || ':' || report_year in (select group_key from groups_to_write)

)

select
    coalesce(agency_type, 'unknown') || ':' || report_year || ':' || indicator_code || ':' || unit as aggregate_id,
    coalesce(agency_type, 'unknown') as agency_type,
    report_year,
    indicator_code,
    unit,
    any_value(aggregation) as aggregation,
    count(*) as reports,
    count(distinct district_code) as districts,
    case when any_value(aggregation) = 'mean' then null else sum(value) end as total_value,
    avg(value) as mean_per_report,
    median(value) as median_per_report,
    min(value) as min_per_report,
    max(value) as max_per_report,
    round(avg(case when approximate then 1 else 0 end), 4) as approximate_share,
    any_value(groups_to_write.group_fingerprint) as group_fingerprint,
    {{ built_at() }} as built_at
from report_values
inner join groups_to_write
    on coalesce(report_values.agency_type, 'unknown') || ':' || report_values.report_year = groups_to_write.group_key
-- a report whose year is unknown (two reports in one file, no year anywhere) has no row here
where report_year is not null
group by coalesce(agency_type, 'unknown'), report_year, indicator_code, unit
