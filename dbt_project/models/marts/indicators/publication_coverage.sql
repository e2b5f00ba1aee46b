-- Who published their 法治政府建设年度报告, and when (发布情况): one row per county-level
-- district × agency type × report year, found or not, with the earliest publication date, the
-- days against the deadline (before 1 April of the next year: 厅字〔2019〕28号 art. 24) and where
-- it was found. The grid is every current county-level division × every agency type that has
-- published at least one report × every year from 2019 to the latest report year — so a missing
-- report is a row with report_found false, not an absent row.

with reports as (

    select * from {{ ref('reports') }}
    where report_kind = 'fzzf_annual'
      and report_year >= 2019

),

districts as (

    select district_code, current_code, name, province_name, prefecture_name, level, is_current
    from {{ ref('districts') }}

),

counties as (

    select district_code, name as district_name, province_name, prefecture_name
    from districts
    where level = 'county' and is_current

),

agency_types as (

    select distinct agency_type from reports where agency_type is not null

),

years as (

    select unnest(range(2019, (select coalesce(max(report_year), 2019) from reports) + 1)) as report_year

),

reports_placed as (

    select
        coalesce(districts.current_code, reports.district_code) as district_code,
        reports.agency_type,
        reports.report_year,
        reports.report_id,
        reports.published_on,
        reports.source_url,
        reports.title
    from reports
    left join districts
        on reports.district_code = districts.district_code
    where reports.district_code is not null
      and reports.agency_type is not null

),

found as (

    select
        district_code,
        agency_type,
        report_year,
        count(*) as reports_found,
        -- the first copy published counts; undated copies come last
        arg_min(report_id, coalesce(published_on, date '9999-12-31')) as report_id,
        min(published_on) as published_on,
        arg_min(source_url, coalesce(published_on, date '9999-12-31')) as source_url,
        arg_min(title, coalesce(published_on, date '9999-12-31')) as title
    from reports_placed
    group by district_code, agency_type, report_year

),

grid as (

    select counties.*, agency_types.agency_type, years.report_year
    from counties
    cross join agency_types
    cross join years

)

select
    grid.district_code || ':' || grid.agency_type || ':' || grid.report_year as coverage_id,
    grid.district_code,
    grid.district_name,
    grid.province_name,
    grid.prefecture_name,
    grid.agency_type,
    grid.report_year,
    found.report_id is not null as report_found,
    coalesce(found.reports_found, 0) as reports_found,
    found.report_id,
    found.title,
    found.published_on,
    make_date(grid.report_year + 1, 4, 1) as deadline,
    found.published_on - make_date(grid.report_year + 1, 4, 1) as days_after_deadline,
    found.published_on < make_date(grid.report_year + 1, 4, 1) as published_on_time,
    found.source_url
from grid
left join found
    on grid.district_code = found.district_code
    and grid.agency_type = found.agency_type
    and grid.report_year = found.report_year
