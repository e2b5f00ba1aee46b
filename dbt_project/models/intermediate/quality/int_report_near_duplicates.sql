-- Copies of the same report (近似重复): pairs of reports whose cleaned texts are nearly the same
-- (estimated Jaccard similarity of their sets of sentences, taken as Chinese characters only, ≥
-- var('near_duplicate_similarity', 0.7): see int_report_text_sketches), and for each report the
-- copy that wins: an official copy over one from a template or aggregator site, then the one
-- whose district is known with the most confidence, then the earliest published, then the
-- longest. One row per report (latest version); duplicate_of is NULL for a report that is its
-- own best copy.
--
-- The pairs come from int_report_copy_pairs (incremental: each version is paired once); this
-- table keeps those of current reports and ranks the copies, every night (cheap: a pair is a row).

{{ config(materialized='table') }}

with reports as (

    select
        identified.document_id,
        identified.document_version_id,
        identified.district_confidence,
        identified.published_on,
        identified.visible_chars,
        flags.non_government_source
    from {{ ref('int_reports_identified') }} as identified
    inner join {{ ref('int_report_quality_flags') }} as flags
        on identified.document_id = flags.document_id
    where identified.report_kind <> 'other'

),

pairs as (

    -- the pairs of two current reports, by document
    select a.document_id, b.document_id as other_document_id, pairs.similarity
    from {{ ref('int_report_copy_pairs') }} as pairs
    inner join reports as a on pairs.document_version_id = a.document_version_id
    inner join reports as b on pairs.other_version_id = b.document_version_id

),

similarities as (

    -- both ways (each pair is stored once, when the later of its two versions was paired)
    select document_id, other_document_id, similarity from pairs
    union all
    select other_document_id, document_id, similarity from pairs

),

ranked as (

    select
        document_id,
        row_number() over (
            order by
                non_government_source,
                case district_confidence when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end,
                published_on nulls last,
                visible_chars desc,
                document_id
        ) as copy_rank
    from reports

),

candidates as (

    -- a report and its near-duplicates
    select document_id, document_id as candidate_id, null::double as similarity from reports
    union all
    select document_id, other_document_id, similarity from similarities

),

best_copy as (

    select
        candidates.document_id,
        min_by(candidates.candidate_id, ranked.copy_rank) as best_document_id,
        count(*) - 1 as near_duplicate_count,
        list(candidates.candidate_id) filter (where candidates.candidate_id <> candidates.document_id)
            as near_duplicate_ids,
        max(candidates.similarity) as max_similarity
    from candidates
    inner join ranked on candidates.candidate_id = ranked.document_id
    group by candidates.document_id

)

select
    document_id,
    case when best_document_id <> document_id then best_document_id end as duplicate_of,
    near_duplicate_count,
    coalesce(near_duplicate_ids, []) as near_duplicate_ids,
    max_similarity
from best_copy
