-- The districts dimension with its code history (行政区划): every province, prefecture and county-level division, current
-- and abolished since 2014, with the code each place has today and the changes it went through,
-- so that reports of one place line up across years (join reports.district_code here and group
-- by current_code). Built from the districts and district_code_changes seeds
-- (scripts/build_districts.py; provenance in `source`).

with districts as (

    select * from {{ ref('districts') }}

),

code_changes as (

    select * from {{ ref('district_code_changes') }}

),

changes_per_code as (

    select
        code,
        list({
            'change_date': change_date, 'change_type': change_type, 'old_code': old_code,
            'old_name': old_name, 'new_code': new_code, 'new_name': new_name
        } order by change_date) as code_changes
    from (
        select old_code as code, * from code_changes where old_code is not null
        union all
        select new_code as code, * from code_changes where new_code is not null and new_code <> coalesce(old_code, '')
    )
    group by code

)

select
    districts.district_code,
    districts.name,
    districts.short_name,
    districts.level,
    districts.parent_code,
    districts.province_code,
    districts.province_name,
    districts.prefecture_code,
    districts.prefecture_name,
    districts.is_current,
    districts.valid_from,
    districts.valid_to,
    districts.current_code,
    current_district.name as current_name,
    coalesce(changes_per_code.code_changes, []) as code_changes,
    districts.source
from districts
left join districts as current_district
    on districts.current_code = current_district.district_code
left join changes_per_code
    on districts.district_code = changes_per_code.code
