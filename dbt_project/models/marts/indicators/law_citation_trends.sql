-- Laws cited, year by year (法律法规引用趋势): for each law or regulation and report year, how many
-- reports cited it, in how many districts, how often, and what share of that year's reports
-- that is — the rise of 《退役军人保障法》 after it took effect in 2021 shows here.

with citations as (

    select * from {{ ref('text_facts') }}
    where fact_type = 'law_cited'

),

reports_per_year as (

    select report_year, count(*) as reports_in_year
    from {{ ref('reports') }}
    group by report_year

)

select
    citations.report_year || ':' || citations.canonical_name as trend_id,
    citations.report_year,
    citations.canonical_name,
    any_value(citations.law_level) as law_level,
    count(distinct citations.report_id) as reports_citing,
    count(distinct citations.district_code) as districts_citing,
    count(*) as citations,
    reports_per_year.reports_in_year,
    round(count(distinct citations.report_id) / reports_per_year.reports_in_year, 4) as share_of_reports
from citations
inner join reports_per_year
    on citations.report_year = reports_per_year.report_year
group by citations.report_year, citations.canonical_name, reports_per_year.reports_in_year
