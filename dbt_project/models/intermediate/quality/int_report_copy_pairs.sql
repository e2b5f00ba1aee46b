-- Pairs of reports whose cleaned texts are nearly the same (近似重复对): the estimated Jaccard
-- similarity of their sets of sentences (int_report_text_sketches) is at least
-- var('near_duplicate_similarity', 0.7). Incremental: a night pairs the versions of reports it
-- has not paired yet with every report, and the pairs found on earlier nights stay; each version
-- paired gets a row with other_version_id NULL, so a version without a copy is not paired again.
-- int_report_near_duplicates keeps the pairs of current reports and picks the copy that wins.
--
-- What a night changes: a sketch hash that many reports share is a stock phrase (习近平新时代
-- 中国特色社会主义思想…), not evidence of a copy, and is left out when pairing candidates; that
-- count is taken when a version is paired. A hash that became a stock phrase since leaves the
-- pairs already found in place (their similarity, computed from both whole sketches, is
-- unchanged): a full refresh could miss a few of them. Changing the threshold, the sketch or
-- the stock-phrase limit needs `dbt build --full-refresh --select int_report_copy_pairs+`.
--
-- The threshold, from measured similarities. Different reports: the synthetic ones recombine the
-- same clauses and sentence patterns, as reports of one kind do, and the closest pair found
-- scored 0.41 among 20,000 reports, 0.45 among 100,000 (random pairs: median 0.2). Copies: one
-- with its figures redacted, its punctuation changed or its lines broken elsewhere scores 1.0,
-- one with a tenth of its sentences dropped 0.90 (median; 0.79 at worst), one with a character
-- changed in a tenth of its sentences 0.82 (0.58 at worst). 0.7 stays well above different
-- reports: a report wrongly left out of marts.reports as a copy costs more than a copy kept.

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{% set threshold = var('near_duplicate_similarity', 0.7) %}
{% set sketch_size = var('sketch_size', 64) %}
{#- A sketch hash more reports than this share is a stock phrase: left out when pairing
    candidates, so pairing stays near-linear. #}
{% set max_reports_per_hash = var('max_reports_per_hash', 25) %}

with sketches as (

    -- the sketch of every report's latest version; report_number: pairs are counted on integers
    -- (grouping a million pairs by two 129-character ids cost more than everything else here)
    select
        sketches.document_version_id,
        sketches.sketch,
        row_number() over (order by sketches.document_version_id) as report_number,
        {%- if is_incremental() %}
        sketches.document_version_id not in (select document_version_id from {{ this }}) as is_new
        {%- else %}
        true as is_new
        {%- endif %}
    from {{ ref('int_report_text_sketches') }} as sketches
    inner join {{ ref('int_reports_identified') }} as identified
        on sketches.document_version_id = identified.document_version_id
    where identified.report_kind <> 'other'

),

sketch_hashes as (

    select report_number, is_new, unnest(sketch) as shingle_hash from sketches

),

hash_reports as (

    select shingle_hash, count(*) as reports, bool_or(is_new) as held_by_new
    from sketch_hashes
    group by shingle_hash

),

distinctive_hashes as (

    -- held by a version not paired yet and by another report (a hash one report holds pairs
    -- nothing), and not by so many that it is a stock phrase
    select sketch_hashes.shingle_hash, sketch_hashes.report_number, sketch_hashes.is_new
    from sketch_hashes
    inner join hash_reports on sketch_hashes.shingle_hash = hash_reports.shingle_hash
    where hash_reports.held_by_new
      and hash_reports.reports between 2 and {{ max_reports_per_hash }}

),

shared_hashes as (

    -- candidate pairs with a version not paired yet, each pair once
    select a.report_number, b.report_number as other_report_number, count(*) as shared
    from distinctive_hashes as a
    inner join distinctive_hashes as b
        on a.shingle_hash = b.shingle_hash
        and a.report_number < b.report_number
    where a.is_new or b.is_new
    group by a.report_number, b.report_number
    having count(*) >= 2

),

pair_similarities as materialized (

    -- materialized: the threshold below would be pushed into the join, ahead of the cheap
    -- bound that spares most pairs the full estimate (8 s instead of 1 s at 100,000 reports)
    select
        -- the pair is stored under the version paired tonight (either, when both are)
        case when a.is_new then a.document_version_id else b.document_version_id end as document_version_id,
        case when a.is_new then b.document_version_id else a.document_version_id end as other_version_id,
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

)

select document_version_id, other_version_id, similarity
from pair_similarities
where similarity >= {{ threshold }}
union all
-- the versions paired tonight, copies or not
select document_version_id, null, null
from sketches
where is_new
