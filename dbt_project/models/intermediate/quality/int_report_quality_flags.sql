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

{#- The substituted_phrases patterns are read when the model runs and written into the SQL as
    constants: DuckDB compiles a constant regular expression once, and one that comes from a join
    once for every row (3 s of 4.5 s for 20,000 reports). A unit test gives the seed as a fixture:
    there (and when parsing) the patterns are joined row by row, with the same result. #}
{%- set phrase_patterns = none %}
{%- if execute and model.resource_type != 'unit_test' %}
    {%- set phrase_patterns = run_query(
        "select phrase_pattern from " ~ ref('substituted_phrases') ~ " order by phrase_pattern"
    ).columns[0].values() | list %}
{%- endif %}

{#- What each row was read from: a change of any of these reads the document again. #}
{%- set current_inputs -%}
    select
        identified.*,
        hash(identified.document_version_id, identified.report_kind, identified.title, identified.source_id,
             identified.source_entry_sha256, identified.lookups_fingerprint, (
                select hash(
                    (select list(sites order by sites::varchar) from {{ ref('non_government_sites') }} as sites),
                    (select list(phrases order by phrases::varchar) from {{ ref('substituted_phrases') }} as phrases)
                )
             )) as inputs_hash
    from {{ ref('int_reports_identified') }} as identified
{%- endset %}
{%- set reads_some = is_incremental_with_columns(['inputs_hash', 'pages_without_text']) %}
{%- set documents_to_read -%}
    select document_id from ({{ current_inputs }}) as current_inputs
    where not exists (
        select 1 from {{ this }} as already_read where already_read.inputs_hash = current_inputs.inputs_hash
    )
{%- endset %}
{#- On a night, the documents to read as constants (keys_to_read): the view of texts below is then
    read for them only, not for every document. #}
{%- set documents = keys_to_read(documents_to_read) if reads_some else '(select document_id from identified)' %}
{#- and their versions' rows, read from where they were written (written_since) #}
{%- set texts_read = 'true' %}
{%- set paragraphs_read = 'true' %}
{%- if reads_some %}
{%- set versions = keys_to_read(
    'select document_version_id from ' ~ ref('int_reports_identified') ~ ' where document_id in ' ~ documents
) %}
{%- set texts_read = written_since(ref('int_report_text_cleaned'), versions) %}
{%- set paragraphs_read = written_since(ref('int_report_paragraphs'), versions, 'paragraph_number = 1') %}
{%- endif %}

with identified as materialized (

    -- materialized: every CTE below reads it, and each would repeat the filter; only the
    -- columns they read (not the text columns and evidence of the identification)
    select document_id, document_version_id, source_id, report_kind, title, visible_chars, document_url, inputs_hash
    from ({{ current_inputs }}) as current_inputs
    {%- if reads_some %}
    where document_id in {{ documents }}
    {%- endif %}

),

texts as (

    -- What is read off the text, in one pass over each: the CTE is read once, so DuckDB does
    -- not copy the texts into a materialized CTE.
    select
        document_version_id,
        match_text,
        watermarks,
        watermark_count,
        has_traditional_characters,
        -- Both patterns need an asterisk, which most texts lack: the CASE spares them two passes
        -- of a regular expression over the whole text (a NULL text stays NULL).
        case
            when not (contains(match_text, '*') or contains(match_text, '＊')) then []
            else regexp_extract_all(match_text, '[*＊]+\s*[\p{Han}%]')
        end as redacted_figures_found,
        case
            when not (contains(match_text, '*') or contains(match_text, '＊')) then []
            else regexp_extract_all(match_text, '[*＊]+\s*[\p{Han}%]{1,2}')[1:5]
        end as redacted_examples
        {%- if phrase_patterns is none %}
        {%- elif phrase_patterns | length == 0 %},
        []::varchar[] as substituted_phrases
        {%- else %},
        case
            -- one pass with every pattern; each pattern's matches only where one of them matched
            when not regexp_matches(
                match_text, {{ sql_literal('(?:' ~ (phrase_patterns | join(')|(?:')) ~ ')') }}
            ) then []
            else list_distinct(flatten([
                {%- for pattern in phrase_patterns %}
                regexp_extract_all(match_text, {{ sql_literal(pattern) }}){{ ',' if not loop.last }}
                {%- endfor %}
            ]))
        end as substituted_phrases
        {%- endif %}
    from (
        select
            document_version_id,
            {{ match_text('cleaned_text', 'simplified_text') }} as match_text,
            watermarks,
            watermark_count,
            has_traditional_characters
        from {{ ref('int_report_text_cleaned') }}
        where document_version_id in (select document_version_id from identified)
          and {{ texts_read }}
    ) as cleaned

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
    where document_id in {{ documents }}
      and {{ loaded_since(ref('int_documents_with_attachment_text'), documents) }}

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
    from {{ ref('int_report_paragraphs') }}
    where document_version_id in (select document_version_id from identified)
      and {{ paragraphs_read }}
    group by document_version_id

),

{%- if phrase_patterns is none %}

substitutions as (

    select
        identified.document_id,
        list_distinct(flatten(list(
            regexp_extract_all(texts.match_text, substituted_phrases.phrase_pattern)
        ))) as substituted_phrases
    from identified
    inner join texts on identified.document_version_id = texts.document_version_id
    cross join substituted_phrases
    group by identified.document_id

),
{%- endif %}

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
        texts.watermarks,
        coalesce(texts.watermark_count, 0) as watermark_count,
        coalesce(texts.has_traditional_characters, false) as has_traditional_characters,
        len(texts.redacted_figures_found) as redacted_figure_count,
        texts.redacted_examples,
        listed_hosts.listed_site_name,
        hosts.url_host,
        -- a government site: registered with a district or agency, a gov.cn host, or a SiteIDCode
        sources.district_code is not null
            or sources.agency_name is not null
            or hosts.url_host like '%gov.cn'
            or documents.meta_site_id_code is not null as is_government_site,
        regexp_matches(identified.document_url, '^https?://') as is_web_page,
        coalesce({{ 'substitutions' if phrase_patterns is none else 'texts' }}.substituted_phrases, []) as substituted_phrases,
        last_paragraphs.last_paragraph,
        coalesce(last_paragraphs.has_signature_date, false) as has_signature_date,
        coalesce(documents.text_pages, 0) as text_pages,
        coalesce(documents.pages_without_text, 0) as pages_without_text
    from identified
    left join texts on identified.document_version_id = texts.document_version_id
    left join sources on identified.source_id = sources.source_id
    left join documents on identified.document_id = documents.document_id
    left join hosts on identified.document_id = hosts.document_id
    left join listed_hosts on identified.document_id = listed_hosts.document_id
    {%- if phrase_patterns is none %}
    left join substitutions on identified.document_id = substitutions.document_id
    {%- endif %}
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
