-- Every report belongs to exactly one agency: the agencies' report counts add up to the reports
-- mart, and no agency is empty. Returns a row when they do not.
select
    (select count(*) from {{ ref('reports') }}) as reports,
    (select sum(report_count) from {{ ref('agencies') }}) as counted_in_agencies,
    (select count(*) from {{ ref('agencies') }} where report_count < 1) as empty_agencies
where reports <> counted_in_agencies or empty_agencies > 0
