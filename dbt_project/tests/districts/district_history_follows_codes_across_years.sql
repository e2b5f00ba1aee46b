-- Reports of one place line up across years: a code created after 2019 resolves to itself, an
-- abolished one to the code the place has now. One row per expectation the districts dimension
-- breaks (see scripts/build_districts.py).
with expected as (

    select * from (values
        ('330113', true, '330113', '临平区'),     -- new in 2021 (余杭区 split)
        ('330103', false, '330105', '拱墅区'),    -- 下城区 merged into 拱墅区 in 2021
        ('410322', false, '410308', '孟津区'),    -- 孟津县 recoded in 2021
        ('230702', false, '230717', '伊美区'),    -- 伊春区 merged in 2019
        ('653229', true, '653229', '和安县')      -- new at the end of 2024
    ) as t(district_code, is_current, current_code, current_name)

)

select expected.*, history.is_current as found_is_current, history.current_code as found_current_code,
       history.current_name as found_current_name
from expected
left join {{ ref('district_history') }} as history
    on expected.district_code = history.district_code
where history.district_code is null
   or history.is_current <> expected.is_current
   or history.current_code is distinct from expected.current_code
   or history.current_name is distinct from expected.current_name
