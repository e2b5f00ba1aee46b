-- Quality flags per document (质量标记): what an analyst must know before trusting a number.
--   redacted_figures      figures replaced by asterisks ("*名", "**万元", "***件", "全区**个")
--   non_government_source a copy from a template or aggregator site: a watermark, a host on the
--                         non_government_sites seed, a site that is not a registered government
--                         source, or words substituted where a leader's name stands
--   truncated_text        a report that stops mid-sentence or is too short to be whole
--   no_title              no title found anywhere
--   traditional_characters written in traditional characters (matched after conversion)
--   pages_without_text    some pages of a PDF gave no text (a scanned page: its figures are
--                         missing) while the others did; a wholly scanned file is attachment_problem
-- One row per document (latest version), with the evidence behind each flag.

-- Incremental by document: a build reads the documents whose inputs changed (inputs_hash: the
-- identification row it read, which changes with a new version, a registry entry or the
-- districts seed, and the two seeds read here).
-- A table built before a column was added here (pages_without_text) is read again in full, once.

{{
    config(
        materialized='incremental',
        unique_key='document_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{% set min_report_chars = var('min_report_chars', 400) %}

with seeds as (

    select hash(
        (select list(sites order by sites::varchar) from {{ ref('non_government_sites') }} as sites),
        (select list(phrases order by phrases::varchar) from {{ ref('substituted_phrases') }} as phrases)
    ) as seeds_hash

),

identified as materialized (

    -- materialized: every CTE below reads it, and each would repeat the filter
    select * from (
        select
            identified.*,
            hash(identified.document_version_id, identified.report_kind, identified.title, identified.source_id,
                 identified.source_entry_sha256, identified.lookups_fingerprint, seeds.seeds_hash) as inputs_hash
        from {{ ref('int_reports_identified') }} as identified
        cross join seeds
    ) as current_inputs
    {%- if is_incremental_with_columns(['inputs_hash', 'pages_without_text']) %}
    where not exists (
        select 1 from {{ this }} as already_read where already_read.inputs_hash = current_inputs.inputs_hash
    )
    {%- endif %}

),

cleaned as (

    select * from {{ ref('int_report_text_cleaned') }}

),

paragraphs as (

    select * from {{ ref('int_report_paragraphs') }}

),

sources as (

    select * from {{ ref('stg_raw__sources') }}

),

documents as (

    select
        document_id,
        meta_site_id_code,
        -- PDF and OFD text keeps a form feed between pages (scrapers/text)
        len(string_split(report_text, chr(12))) as text_pages,
        len(list_filter(string_split(report_text, chr(12)), lambda page: not regexp_matches(page, '\S')))
            as pages_without_text
    from {{ ref('int_documents_with_attachment_text') }}
    where document_id in (select document_id from identified)

),

non_government_sites as (

    select * from {{ ref('non_government_sites') }}

),

substituted_phrases as (

    select * from {{ ref('substituted_phrases') }}

),

last_paragraphs as (

    select
        document_version_id,
        max_by(match_text, paragraph_number) as last_paragraph,
        bool_or(is_signature_date) as has_signature_date
    from paragraphs
    where document_version_id in (select document_version_id from identified)
    group by document_version_id

),

substitutions as (

    select
        identified.document_id,
        list_distinct(flatten(list(
            regexp_extract_all({{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}, substituted_phrases.phrase_pattern)
        ))) as substituted_phrases
    from identified
    inner join cleaned on identified.document_version_id = cleaned.document_version_id
    cross join substituted_phrases
    group by identified.document_id

),

hosts as (

    select
        identified.document_id,
        lower(regexp_extract(identified.document_url, '^[a-z]+://([^/:]+)', 1)) as url_host
    from identified

),

listed_hosts as (

    select hosts.document_id, min(non_government_sites.site_name) as listed_site_name
    from hosts
    inner join non_government_sites
        on hosts.url_host = non_government_sites.host_suffix
        or hosts.url_host like '%.' || non_government_sites.host_suffix
    group by hosts.document_id

),

evidence as (

    select
        identified.document_id,
        identified.document_version_id,
        identified.inputs_hash,
        identified.report_kind,
        identified.title,
        identified.visible_chars,
        cleaned.watermarks,
        coalesce(cleaned.watermark_count, 0) as watermark_count,
        coalesce(cleaned.has_traditional_characters, false) as has_traditional_characters,
        len(regexp_extract_all(
            {{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}, '[*＊]+\s*[\p{Han}%]'
        )) as redacted_figure_count,
        regexp_extract_all(
            {{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}, '[*＊]+\s*[\p{Han}%]{1,2}'
        )[1:5] as redacted_examples,
        listed_hosts.listed_site_name,
        hosts.url_host,
        -- a government site: registered with a district or agency, a gov.cn host, or a SiteIDCode
        sources.district_code is not null
            or sources.agency_name is not null
            or hosts.url_host like '%gov.cn'
            or documents.meta_site_id_code is not null as is_government_site,
        regexp_matches(identified.document_url, '^https?://') as is_web_page,
        coalesce(substitutions.substituted_phrases, []) as substituted_phrases,
        last_paragraphs.last_paragraph,
        coalesce(last_paragraphs.has_signature_date, false) as has_signature_date,
        coalesce(documents.text_pages, 0) as text_pages,
        coalesce(documents.pages_without_text, 0) as pages_without_text
    from identified
    left join cleaned on identified.document_version_id = cleaned.document_version_id
    left join sources on identified.source_id = sources.source_id
    left join documents on identified.document_id = documents.document_id
    left join hosts on identified.document_id = hosts.document_id
    left join listed_hosts on identified.document_id = listed_hosts.document_id
    left join substitutions on identified.document_id = substitutions.document_id
    left join last_paragraphs on identified.document_version_id = last_paragraphs.document_version_id

),

flagged as (

    select
        *,
        redacted_figure_count > 0 as redacted_figures,
        list_filter([
            case when watermark_count > 0 then 'watermark' end,
            case when listed_site_name is not null then 'aggregator_domain' end,
            case when is_web_page and not is_government_site and listed_site_name is null then 'unofficial_site' end,
            case when len(substituted_phrases) > 0 then 'substituted_words' end
        ], lambda reason: reason is not null) as non_government_reasons,
        report_kind <> 'other'
            and visible_chars > 0
            and (
                visible_chars < {{ min_report_chars }}
                or (not has_signature_date
                    and not regexp_matches(coalesce(last_paragraph, ''), '[。！？!?”’」』）)]$'))
                or regexp_matches(coalesce(last_paragraph, ''), '(……|\.\.\.|未完待续|（未完）|更多)$')
            ) as truncated_text,
        title is null as no_title,
        text_pages > 1 and pages_without_text between 1 and text_pages - 1 as some_pages_without_text
    from evidence

)

select
    document_id,
    document_version_id,
    redacted_figures,
    redacted_figure_count,
    redacted_examples,
    len(non_government_reasons) > 0 as non_government_source,
    non_government_reasons,
    watermarks,
    listed_site_name,
    url_host,
    substituted_phrases,
    truncated_text,
    case when truncated_text then right(last_paragraph, 30) end as truncated_ending,
    no_title,
    has_traditional_characters as traditional_characters,
    text_pages,
    case when some_pages_without_text then pages_without_text else 0 end as pages_without_text,
    list_filter([
        case when redacted_figures then 'redacted_figures' end,
        case when len(non_government_reasons) > 0 then 'non_government_source' end,
        case when truncated_text then 'truncated_text' end,
        case when no_title then 'no_title' end,
        case when has_traditional_characters then 'traditional_characters' end,
        case when some_pages_without_text then 'pages_without_text' end
    ], lambda flag: flag is not null) as quality_flags,
    inputs_hash
from flagged
