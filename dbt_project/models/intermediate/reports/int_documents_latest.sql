-- The latest version of each document: a page that changed is a new row in raw.documents, and
-- what the site says now is the version we interpret. Earlier versions stay in staging.
-- The version is chosen on the key columns alone and its row joined afterwards: a window over
-- whole rows sorted every page's text along, and a model that reads a few documents (a night's
-- new ones) now reads only their texts.

with document_versions as not materialized (

    -- not materialized: each reader below takes only its columns
    select * from {{ ref('stg_raw__documents') }}

),

latest_keys as (

    select
        document_id,
        content_sha256,
        count(*) over (partition by document_id) as versions_seen,
        min(fetched_at) over (partition by document_id) as first_fetched_at
    from document_versions
    -- loaded_at and the hash only break ties between versions fetched in the same second
    qualify row_number() over (
        partition by document_id
        order by fetched_at desc, loaded_at desc, content_sha256 desc
    ) = 1

),

latest_version as (

    -- (document_id, content_sha256) is the primary key of raw.documents
    select document_versions.*, latest_keys.versions_seen, latest_keys.first_fetched_at
    from document_versions
    inner join latest_keys
        on document_versions.document_id = latest_keys.document_id
        and document_versions.content_sha256 = latest_keys.content_sha256

)

select * from latest_version
