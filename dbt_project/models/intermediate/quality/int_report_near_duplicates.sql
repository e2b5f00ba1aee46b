-- Copies of the same report (近似重复): pairs of reports whose cleaned texts are nearly the same
-- (estimated Jaccard similarity of 5-character shingles ≥ var('near_duplicate_similarity', 0.7)),
-- and for each report the copy that wins: an official copy over one from a template or
-- aggregator site, then the one whose district is known with the most confidence, then the
-- earliest published, then the longest. One row per report (latest version); duplicate_of is
-- NULL for a report that is its own best copy.

{{ config(materialized='table') }}

{% set threshold = var('near_duplicate_similarity', 0.7) %}
{% set sketch_size = var('sketch_size', 64) %}
{#- A sketch hash that many reports share is a stock phrase (习近平新时代中国特色社会主义思想…),
    not evidence of a copy: it is left out when pairing candidates, so pairing stays near-linear. #}
{% set max_reports_per_hash = var('max_reports_per_hash', 25) %}

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

sketches as (

    select sketches.*
    from {{ ref('int_report_text_sketches') }} as sketches
    inner join reports on sketches.document_version_id = reports.document_version_id

),

sketch_hashes as (

    select document_id, unnest(sketch) as shingle_hash from sketches

),

distinctive_hashes as (

    select shingle_hash, document_id
    from sketch_hashes
    qualify count(*) over (partition by shingle_hash) <= {{ max_reports_per_hash }}

),

shared_hashes as (

    -- candidate pairs: reports whose sketches share distinctive hashes
    select a.document_id as document_id, b.document_id as other_document_id, count(*) as shared
    from distinctive_hashes as a
    inner join distinctive_hashes as b
        on a.shingle_hash = b.shingle_hash
        and a.document_id <> b.document_id
    group by a.document_id, b.document_id

),

similarities as (

    select
        shared_hashes.document_id,
        shared_hashes.other_document_id,
        -- bottom-k estimate: of the k smallest hashes of the union, the share both texts hold
        len(list_filter(
            list_sort(list_distinct(list_concat(a.sketch, b.sketch)))[1:{{ sketch_size }}],
            lambda h: list_contains(a.sketch, h) and list_contains(b.sketch, h)
        )) / least(
            {{ sketch_size }}, len(list_distinct(list_concat(a.sketch, b.sketch)))
        )::double as similarity
    from shared_hashes
    inner join sketches as a on shared_hashes.document_id = a.document_id
    inner join sketches as b on shared_hashes.other_document_id = b.document_id
    where shared_hashes.shared >= 2

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
    where similarity >= {{ threshold }}

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
