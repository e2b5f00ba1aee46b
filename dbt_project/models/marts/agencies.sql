-- The agencies dimension (发布机关): one row per body that published a report. An agency is a
-- district (its code today) and an agency type — the 退役军人事务局 of 沙坪坝区 is one agency
-- whether a year's title says 区退役军人事务局 or 重庆市沙坪坝区退役军人事务局, and whatever the
-- district's code was that year — so it lines up with indicator_panel and publication_coverage.
-- A report whose district is unknown gets an agency of its own name ('unplaced:' keys), so
-- every report has an agency and none is merged with another place's.

with reports as (

    select * from {{ ref('reports') }}

),

districts as (

    select district_code, name, province_name, prefecture_name from {{ ref('districts') }}

),

agency_types as (

    select agency_type, name_zh, name_en from {{ ref('agency_types') }}

),

reports_keyed as (

    select
        case
            when current_district_code is not null
                then current_district_code || ':' || coalesce(agency_type, 'other')
            else 'unplaced:' || coalesce(agency_name, source_id)
        end as agency_key,
        current_district_code,
        agency_type,
        agency_name,
        report_year,
        published_on,
        source_id
    from reports

),

agencies as (

    select
        agency_key,
        any_value(current_district_code) as district_code,
        any_value(agency_type) as agency_type,
        -- the name it goes by most often; the longer (fuller) name on a tie
        arg_max(agency_name, name_weight) as agency_name,
        list(distinct agency_name order by agency_name) filter (where agency_name is not null) as names_seen,
        count(*) as report_count,
        list(distinct report_year order by report_year) filter (where report_year is not null) as report_years,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year,
        max(published_on) as last_published_on,
        list(distinct source_id order by source_id) as source_ids
    from (
        select
            *,
            count(*) over (partition by agency_key, agency_name) * 1000 + coalesce(length(agency_name), 0)
                as name_weight
        from reports_keyed
    )
    group by agency_key

)

select
    agencies.agency_key,
    agencies.agency_name,
    agencies.names_seen,
    agencies.agency_type,
    agency_types.name_zh as agency_type_name_zh,
    agency_types.name_en as agency_type_name_en,
    agencies.district_code,
    districts.name as district_name,
    districts.prefecture_name,
    districts.province_name,
    agencies.report_count,
    agencies.report_years,
    agencies.first_report_year,
    agencies.last_report_year,
    agencies.last_published_on,
    agencies.source_ids
from agencies
left join agency_types
    on agencies.agency_type = agency_types.agency_type
left join districts
    on agencies.district_code = districts.district_code
