-- One value per report, indicator and unit (报告的指标值), the step both panels start from: the
-- figures of one report add up for counts and money (two training programmes, three kinds of
-- subsidy) and average for rates (the catalogue's `aggregation`). Parts after 其中 ("of which")
-- and redacted figures are left out. The district is also given under its current code, so that
-- reports filed under a code since merged or renamed line up across years.

with figures as (

    select * from {{ ref('int_figures_classified') }}
    where indicator_code is not null
      and value is not null
      and not is_breakdown

),

reports as (

    select report_id, district_code, agency_type, report_year from {{ ref('reports') }}

),

catalogue as (

    select indicator_code, aggregation from {{ ref('indicator_catalogue') }}

),

districts as (

    select district_code, current_code from {{ ref('districts') }}

)

select
    figures.report_id,
    reports.district_code,
    coalesce(districts.current_code, reports.district_code) as current_district_code,
    reports.agency_type,
    reports.report_year,
    figures.indicator_code,
    figures.unit,
    catalogue.aggregation,
    case when catalogue.aggregation = 'mean' then avg(figures.value) else sum(figures.value) end as value,
    bool_or(figures.approximate) as approximate,
    count(*) as figures
from figures
inner join reports
    on figures.report_id = reports.report_id
inner join catalogue
    on figures.indicator_code = catalogue.indicator_code
left join districts
    on reports.district_code = districts.district_code
group by
    figures.report_id, reports.district_code, current_district_code, reports.agency_type,
    reports.report_year, figures.indicator_code, figures.unit, catalogue.aggregation
