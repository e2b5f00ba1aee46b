-- Agency type × year × indicator, nationwide (机关类型 × 年度 × 指标): how many reports of, say,
-- veterans affairs bureaus stated an indicator in a year, in how many districts, and the total,
-- mean and median per report. One value per report (int_indicator_values_per_report: sum for
-- counts and money, mean for rates; no 其中 parts, no redacted figures).

with report_values as (

    select * from {{ ref('int_indicator_values_per_report') }}

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
    round(avg(case when approximate then 1 else 0 end), 4) as approximate_share
from report_values
-- a report whose year is unknown (two reports in one file, no year anywhere) has no row here
where report_year is not null
group by coalesce(agency_type, 'unknown'), report_year, indicator_code, unit
