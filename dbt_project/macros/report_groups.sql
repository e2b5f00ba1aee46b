{#
  The two panels (indicator_panel, agency_type_indicator_year) are incremental by group of
  reports: a district, an agency type and year. Each row they write carries the fingerprint of
  its group, the bit-xor of the fingerprints of the group's reports in marts.reports (the same
  hash as int_indicator_values_per_report's, over the same columns: a report whose version or
  district, agency type or year changed, came or left). A night rewrites the groups whose
  fingerprint differs from the one stored (100,000 reports: 0.02 s over marts.reports, against
  2-3 s to aggregate the 3 million report values again), and deletes the rows of groups that no
  longer have a report.

    group_key: SQL of the group's key over `reports` (marts.reports) and `districts` (the seed,
               joined on the report's district_code), e.g. the current code of the district
    where:     which reports belong to some group
    districts_seed: the districts seed goes into every fingerprint (rows that copy its names)
    stored_key: SQL of group_key over the table's row, aliased `written`
#}
{% macro report_groups(group_key, where='true', districts_seed=false) -%}
    select
        {{ group_key }} as group_key,
        hash(
            bit_xor(reports.report_fingerprint)
            {%- if districts_seed %},
            any_value((select hash(list(seed order by district_code)) from {{ ref('districts') }} as seed))
            {%- endif %}
        ) as group_fingerprint
    from ({{ reports_with_fingerprint(['district_code', 'agency_type', 'report_year']) }}) as reports
    left join {{ ref('districts') }} as districts on reports.district_code = districts.district_code
    where {{ where }}
    group by {{ group_key }}
{%- endmacro %}

{#- The groups a night rewrites: every group on a first build (or a table from before the fingerprint). #}
{% macro report_groups_to_write(group_key, stored_key, where='true', districts_seed=false) -%}
    select * from ({{ report_groups(group_key, where, districts_seed) }}) as report_groups
    {%- if is_incremental_with_columns(['group_fingerprint']) %}
    where not exists (
        select 1 from {{ this }} as written
        where {{ stored_key }} = report_groups.group_key
          and written.group_fingerprint = report_groups.group_fingerprint
    )
    {%- endif %}
{%- endmacro %}

{#- Post-hook: rows whose group's fingerprint is no longer the current one — groups left without
    a report, and groups rewritten tonight into fewer rows (or none) than they had. #}
{% macro delete_rows_of_report_groups_gone(group_key, stored_key, where='true', districts_seed=false) -%}
    delete from {{ this }} as written
    where not exists (
        select 1 from ({{ report_groups(group_key, where, districts_seed) }}) as report_groups
        where {{ stored_key }} = report_groups.group_key
          and written.group_fingerprint = report_groups.group_fingerprint
    )
{%- endmacro %}
