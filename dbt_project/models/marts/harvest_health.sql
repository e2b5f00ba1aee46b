-- How each source's harvest went, run by run (采集健康): the page an operator reads in the
-- morning. A site that errors is broken; a site that answers but yields fewer items than it
-- declares on a walk to the end of its lists, or suddenly none, is suspect: it has probably
-- changed its layout.

with harvest_runs as (

    select * from {{ ref('stg_raw__harvest_runs') }}

),

sources as (

    select * from {{ ref('stg_raw__sources') }}

),

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

documents_first_fetched as (

    select source_id, document_id, min(fetched_at) as first_fetched_at
    from documents
    group by source_id, document_id

),

documents_held_after_run as (

    -- Everything the warehouse holds from the source once the run is over.
    select
        harvest_runs.batch_id,
        count(documents_first_fetched.document_id) as documents_held
    from harvest_runs
    left join documents_first_fetched
        on documents_first_fetched.source_id = harvest_runs.source_id
        and documents_first_fetched.first_fetched_at <= harvest_runs.finished_at
    group by harvest_runs.batch_id

),

runs_with_history as (

    select
        harvest_runs.*,
        max(harvest_runs.items_seen) over (
            partition by harvest_runs.source_id
            order by harvest_runs.started_at
            rows between unbounded preceding and 1 preceding
        ) as most_items_seen_before,
        documents_held_after_run.documents_held
    from harvest_runs
    inner join documents_held_after_run
        on harvest_runs.batch_id = documents_held_after_run.batch_id

),

runs_counted as (

    select
        *,
        -- Most nights stop walking at items already held, so seeing fewer than declared only
        -- counts when the walk reached the end of every list. Rows from before that was
        -- recorded (walk_complete NULL) count it when the warehouse does not hold them either.
        items_declared is not null
            and items_seen < items_declared
            and coalesce(walk_complete, documents_held < items_declared) as items_missing
    from runs_with_history

),

runs_judged as (

    select
        *,
        case
            when outcome = 'failed' then 'broken'
            when items_missing then 'suspect'
            when items_seen = 0 and most_items_seen_before > 0 then 'suspect'
            when outcome = 'partial' then 'suspect'
            else 'ok'
        end as status,
        case
            when outcome = 'failed'
                then 'harvest failed: ' || coalesce(error_class, 'unknown error')
            when items_missing and walk_complete
                then 'a complete walk saw ' || items_seen || ' of the ' || items_declared
                     || ' items the site declares'
            when items_missing
                then 'saw ' || items_seen || ' of ' || items_declared
                     || ' items the site declares; the warehouse holds ' || documents_held
            when items_seen = 0 and most_items_seen_before > 0
                then 'no items; an earlier run saw ' || most_items_seen_before
            when outcome = 'partial'
                then 'some requests failed: ' || coalesce(error_class, 'unknown error')
        end as status_reason
    from runs_counted

),

runs_streaked as (

    -- Runs in a row with the same status, per source (gaps and islands): the difference of the
    -- two row numbers is constant within one unbroken stretch of a status.
    select
        *,
        row_number() over (partition by source_id order by started_at)
            - row_number() over (partition by source_id, status order by started_at) as stretch
    from runs_judged

),

runs_with_streaks as (

    select
        *,
        row_number() over (partition by source_id, status, stretch order by started_at) as status_streak,
        min(started_at) over (partition by source_id, status, stretch) as status_since
    from runs_streaked

)

select
    runs_judged.batch_id,
    runs_judged.source_id,
    sources.source_name,
    sources.platform,
    sources.district_code,
    runs_judged.run_id,
    runs_judged.started_at,
    runs_judged.finished_at,
    runs_judged.duration_seconds,
    runs_judged.outcome,
    runs_judged.error_class,
    runs_judged.error_message,
    runs_judged.pages_requested,
    runs_judged.list_pages,
    runs_judged.not_modified,
    runs_judged.articles_fetched,
    runs_judged.articles_known,
    runs_judged.articles_unchanged,
    runs_judged.documents_new,
    runs_judged.documents_changed,
    runs_judged.documents_vanished,
    runs_judged.bytes_fetched,
    runs_judged.error_counts,
    runs_judged.full_walk,
    runs_judged.walk_complete,
    runs_judged.items_seen,
    runs_judged.items_declared,
    runs_judged.documents_held,
    runs_judged.status,
    runs_judged.status_reason,
    runs_judged.status_streak,
    runs_judged.status_since
from runs_with_streaks as runs_judged
left join sources
    on runs_judged.source_id = sources.source_id
