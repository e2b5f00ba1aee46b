-- Agency type × year × indicator, nationwide (机关类型 × 年度 × 指标): how many reports of, say,
-- veterans affairs bureaus stated an indicator in a year, in how many districts, and the total,
-- mean and median per report. One value per report first, combined as in indicator_panel (sum
-- for counts and money, mean for rates; no 其中 parts, no redacted figures).

with indicator_values as (

    select * from {{ ref('indicator_values') }}
    where value is not null
      and not is_breakdown
      -- a report whose year is unknown (two reports in one file, no year anywhere) has no row here
      and report_year is not null

),

catalogue as (

    select indicator_code, aggregation from {{ ref('indicator_catalogue') }}

),

report_values as (

    select
        indicator_values.report_id,
        indicator_values.district_code,
        coalesce(indicator_values.agency_type, 'unknown') as agency_type,
        indicator_values.report_year,
        indicator_values.indicator_code,
        indicator_values.unit,
        catalogue.aggregation,
        case when catalogue.aggregation = 'mean' then avg(indicator_values.value)
             else sum(indicator_values.value) end as value,
        bool_or(indicator_values.approximate) as approximate
    from indicator_values
    inner join catalogue
        on indicator_values.indicator_code = catalogue.indicator_code
    group by 1, 2, 3, 4, 5, 6, 7

)

select
    agency_type || ':' || report_year || ':' || indicator_code || ':' || unit as aggregate_id,
    agency_type,
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
group by agency_type, report_year, indicator_code, unit
