-- The current registry entry of each source: raw.sources keeps every version of an entry, and
-- the latest one loaded is what the site is configured as now.

with sources as (

    select * from {{ source('raw', 'sources') }}

),

latest_entry as (

    select *
    from sources
    qualify row_number() over (
        partition by source_id
        order by loaded_at desc, entry_sha256 desc
    ) = 1

),

renamed as (

    select
        source_id,
        entry_sha256,
        name as source_name,
        platform,
        nullif(trim(district_code), '') as district_code,
        nullif(trim(agency), '') as agency_name,
        (entry ->> 'enabled') = 'true' as is_enabled,
        (entry ->> 'verified') = 'true' as is_verified,
        entry,
        loaded_at

    from latest_entry

)

select * from renamed
