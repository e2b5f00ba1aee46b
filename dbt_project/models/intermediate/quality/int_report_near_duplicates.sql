-- Copies of the same report (近似重复): pairs of reports whose cleaned texts are nearly the same
-- (estimated Jaccard similarity of their sets of sentences, taken as Chinese characters only, ≥
-- var('near_duplicate_similarity', 0.7): see int_report_text_sketches), and for each report the
-- copy that wins: an official copy over one from a template or aggregator site, then the one
-- whose district is known with the most confidence, then the earliest published, then the
-- longest. One row per report (latest version); duplicate_of is NULL for a report that is its
-- own best copy.
--
-- The threshold, from measured similarities. Different reports: the synthetic ones recombine the
-- same clauses and sentence patterns, as reports of one kind do, and the closest pair found
-- scored 0.41 among 20,000 reports, 0.45 among 100,000 (random pairs: median 0.2). Copies: one
-- with its figures redacted, its punctuation changed or its lines broken elsewhere scores 1.0,
-- one with a tenth of its sentences dropped 0.90 (median; 0.79 at worst), one with a character
-- changed in a tenth of its sentences 0.82 (0.58 at worst). 0.7 stays well above different
-- reports: a report wrongly left out of marts.reports as a copy costs more than a copy kept.

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

    -- report_number: pairs are counted on integers (grouping a million pairs by two 64-character
    -- ids cost more than everything else here)
    select
        sketches.document_id,
        sketches.sketch,
        row_number() over (order by sketches.document_id) as report_number
    from {{ ref('int_report_text_sketches') }} as sketches
    inner join reports on sketches.document_version_id = reports.document_version_id

),

sketch_hashes as (

    select report_number, unnest(sketch) as shingle_hash from sketches

),

hash_reports as (

    select shingle_hash, count(*) as reports from sketch_hashes group by shingle_hash

),

distinctive_hashes as (

    -- held by two reports or more (a hash one report holds pairs nothing), and not by so many
    -- that it is a stock phrase
    select sketch_hashes.shingle_hash, sketch_hashes.report_number
    from sketch_hashes
    inner join hash_reports on sketch_hashes.shingle_hash = hash_reports.shingle_hash
    where hash_reports.reports between 2 and {{ max_reports_per_hash }}

),

shared_hashes as (

    -- candidate pairs, each once: reports whose sketches share distinctive hashes
    select a.report_number, b.report_number as other_report_number, count(*) as shared
    from distinctive_hashes as a
    inner join distinctive_hashes as b
        on a.shingle_hash = b.shingle_hash
        and a.report_number < b.report_number
    group by a.report_number, b.report_number
    having count(*) >= 2

),

pair_similarities as (

    select
        a.document_id,
        b.document_id as other_document_id,
        -- bottom-k estimate: of the k smallest hashes of the union, the share both texts hold
        len(list_filter(
            list_sort(list_distinct(list_concat(a.sketch, b.sketch)))[1:{{ sketch_size }}],
            lambda h: list_contains(a.sketch, h) and list_contains(b.sketch, h)
        )) / least(
            {{ sketch_size }}, len(list_distinct(list_concat(a.sketch, b.sketch)))
        )::double as similarity
    from shared_hashes
    inner join sketches as a on shared_hashes.report_number = a.report_number
    inner join sketches as b on shared_hashes.other_report_number = b.report_number
    -- Only pairs that can reach the threshold are compared (the list functions above cost
    -- ≈ 30 µs a pair, and 100,000 synthetic reports give 370,000 candidate pairs, nearly all two
    -- reports of one district): the estimate counts hashes that both sketches hold, and divides
    -- by at least the longer sketch.
    where len(list_filter(a.sketch, lambda h: list_contains(b.sketch, h)))::double
        / greatest(len(a.sketch), len(b.sketch)) >= {{ threshold }}

),

similarities as (

    select document_id, other_document_id, similarity from pair_similarities
    union all
    select other_document_id, document_id, similarity from pair_similarities

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
