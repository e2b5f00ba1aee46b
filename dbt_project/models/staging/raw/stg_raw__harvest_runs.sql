-- One row per source per harvest run (one batch), renamed and typed.

with harvest_runs as (

    select * from {{ source('raw', 'harvest_runs') }}

),

renamed as (

    select
        batch_id,
        run_id,
        source_id,
        started_at,
        finished_at,
        date_diff('millisecond', started_at, finished_at) / 1000.0 as duration_seconds,
        outcome,
        error_class,
        error_message,
        pages_requested,
        list_pages,
        not_modified,
        articles_fetched,
        articles_known,
        items_seen,
        items_declared,
        bytes_fetched,
        documents_new,
        documents_changed,
        errors as error_counts,
        loaded_at,
        full_walk,
        walk_complete,
        articles_unchanged,
        documents_vanished,
        vanished_documents

    from harvest_runs

)

select * from renamed
