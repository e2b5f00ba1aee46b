-- District × year × indicator panel (区县 × 年度 × 指标): what the reports of one district say
-- about one indicator in one year, with how many reports it rests on and the change on the year
-- before. Districts are keyed by their current GB/T 2260 code, so a 2019 report of 下城区 and a
-- 2023 report of 拱墅区 land on the same row key. One value per report first
-- (int_indicator_values_per_report); the reports of one district and year (one per agency) then
-- combine the same way — sum for counts and money, mean for rates: each agency reports its own work.
-- Incremental by district (macros/report_groups.sql): a night rewrites the districts whose
-- reports changed (all their years: the change on the year before needs them), and the
-- districts seed is in every district's fingerprint.

{%- set district_of_report = 'coalesce(districts.current_code, reports.district_code)' %}
{%- set reports_with_district = 'reports.district_code is not null' %}

{{
    config(
        materialized='incremental',
        unique_key='district_code',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_of_report_groups_gone('" ~ district_of_report ~ "', 'written.district_code', '"
                  ~ reports_with_district ~ "', districts_seed=true) }}",
    )
}}

with districts_to_write as (

    {{ report_groups_to_write(district_of_report, 'written.district_code', reports_with_district, districts_seed=true) }}

),

districts as (

    select district_code, current_code, name as district_name, province_name, prefecture_name
    from {{ ref('districts') }}

),

report_values as (

    select
        values_per_report.*,
        coalesce(districts.current_code, values_per_report.district_code) as current_district_code
    from {{ ref('int_indicator_values_per_report') }} as values_per_report
    left join districts
        on values_per_report.district_code = districts.district_code
    where values_per_report.district_code is not null
      and coalesce(districts.current_code, values_per_report.district_code)
          in (select group_key from districts_to_write)

),

current_districts as (

    select district_code, district_name, province_name, prefecture_name from districts

),

panel as (

    select
        current_district_code as district_code,
        report_year,
        indicator_code,
        unit,
        case when any_value(aggregation) = 'mean' then avg(value) else sum(value) end as value,
        -- a report has one row per indicator and unit here: counting rows counts reports
        count(*) as reports,
        sum(figures) as figures,
        bool_or(approximate) as approximate
    from report_values
    group by current_district_code, report_year, indicator_code, unit

)

select
    panel.district_code || ':' || panel.report_year || ':' || panel.indicator_code || ':' || panel.unit as panel_id,
    panel.district_code,
    current_districts.district_name,
    current_districts.province_name,
    current_districts.prefecture_name,
    panel.report_year,
    panel.indicator_code,
    panel.unit,
    panel.value,
    panel.reports,
    panel.figures,
    panel.approximate,
    previous.value as previous_year_value,
    panel.value - previous.value as change_on_previous_year,
    case when previous.value <> 0 then round((panel.value - previous.value) / previous.value, 4) end
        as relative_change_on_previous_year,
    districts_to_write.group_fingerprint,
    {{ built_at() }} as built_at
from panel
inner join districts_to_write
    on panel.district_code = districts_to_write.group_key
left join panel as previous
    on panel.district_code = previous.district_code
    and panel.indicator_code = previous.indicator_code
    and panel.unit = previous.unit
    and panel.report_year = previous.report_year + 1
left join current_districts
    on panel.district_code = current_districts.district_code
