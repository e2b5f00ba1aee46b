-- The latest version of each document: a page that changed is a new row in raw.documents, and
-- what the site says now is the version we interpret. Earlier versions stay in staging.

with document_versions as (

    select * from {{ ref('stg_raw__documents') }}

),

versions_counted as (

    select
        *,
        count(*) over (partition by document_id) as versions_seen,
        min(fetched_at) over (partition by document_id) as first_fetched_at
    from document_versions

),

latest_version as (

    select *
    from versions_counted
    -- loaded_at and the hash only break ties between versions fetched in the same second
    qualify row_number() over (
        partition by document_id
        order by fetched_at desc, loaded_at desc, content_sha256 desc
    ) = 1

)

select * from latest_version
