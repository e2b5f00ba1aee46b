-- What each document is: its title, kind, year, dates, district and agency, each decided by an
-- explicit rule (see the YAML description) and each with the evidence it came from and a
-- confidence, so an analyst can check any row by hand. One row per document (latest version),
-- reports and non-reports alike; marts.reports keeps the reports.
-- Matching runs on the cleaned text (int_report_text_cleaned), in simplified characters.
-- Incremental by document: a build reads the documents whose latest version it has not read, or
-- whose source's registry entry changed; when the districts or agency_types seeds change
-- (lookups_fingerprint) it reads every document again. A change of this model's rules or macros
-- is not detected: run `dbt build --full-refresh --select int_reports_identified+`.

{{
    config(
        materialized='incremental',
        unique_key='document_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{#- The end of a name that is a government body, for agency names read off a title or a signature. #}
{%- set agency_end_pattern = "(局|委员会|委|人民政府|政府|办公室|办|中心|院|署|厅)$" %}
{%- set year_pattern = report_year_pattern() %}
{%- set reads_like_fzzf_report -%}
    (coalesce(report_structure.recognised_sections, 0) >= 2
     and regexp_matches(keyed.match_text_start, '法治政府建设|依法行政')
     and regexp_matches(keyed.match_text_start, '(报告|总结|汇报)如下'))
{%- endset %}
{%- set numbered_heading = '^([一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\\d]+[）)]|\\d+[、．.])' %}
{#- A build that reads only the documents not read yet (or read with another registry entry or
    seeds), not every document. #}
{%- set reads_some = is_incremental_with_columns(['source_entry_sha256', 'lookups_fingerprint']) %}
{#- The seeds every row depends on, as one hash: a new seed gives every row a stale fingerprint. #}
{%- set lookups_fingerprint -%}
    select hash(
        (select list(districts order by district_code) from {{ ref('districts') }} as districts),
        (select list(agency_types order by agency_type) from {{ ref('agency_types') }} as agency_types)
    )
{%- endset %}
{#- The documents not read yet, or read with another registry entry or seeds: on ids alone. #}
{%- set documents_to_read -%}
    select versions.document_id
    from {{ ref('int_documents_with_attachment_text') }} as versions
    left join {{ ref('stg_raw__sources') }} as sources on versions.source_id = sources.source_id
    where not exists (
        select 1
        from {{ this }} as already_read
        where already_read.document_version_id = versions.document_version_id
          and already_read.source_entry_sha256 is not distinct from sources.entry_sha256
          and already_read.lookups_fingerprint = ({{ lookups_fingerprint }})
    )
{%- endset %}
{#- On a night, the documents to read and their versions as constants (keys_to_read): the views
    are computed for them only, and the tables of text read from where their rows were written
    (written_since). #}
{%- if reads_some %}
{%- set documents = keys_to_read(documents_to_read) %}
{%- set versions = keys_to_read(
    'select document_version_id from ' ~ ref('int_documents_with_attachment_text') ~ ' where document_id in ' ~ documents
) %}
{%- endif %}
{#- Characters that make an agency_types pattern more than plain alternatives. #}
{%- set regex_syntax = '[\\\\^$.?*+()\\[\\]{}]' %}
{#- District names that are also ordinary words (老城区 "old town", 新城区 "new town"). #}
{%- set common_word_names = ['老城区', '新城区', '城中区', '市中区', '开发区', '高新区'] %}

with lookups as (

    select ({{ lookups_fingerprint }}) as lookups_fingerprint

),

documents as (

    -- the view's columns this model reads (not the raw text: the cleaned text is joined below)
    select
        documents.document_version_id,
        documents.document_id,
        documents.content_sha256,
        documents.source_id,
        documents.document_url,
        documents.fetched_at,
        documents.first_fetched_at,
        documents.versions_seen,
        documents.list_title,
        documents.list_date,
        documents.page_title,
        documents.meta_site_id_code,
        documents.meta_article_title,
        documents.meta_pub_date,
        documents.meta_content_source,
        documents.meta,
        documents.text_origin,
        documents.text_attachment_url,
        documents.text_length,
        documents.attachment_problem,
        sources.entry_sha256 as source_entry_sha256
    from {{ ref('int_documents_with_attachment_text') }} as documents
    left join {{ ref('stg_raw__sources') }} as sources on documents.source_id = sources.source_id
    {%- if reads_some %}
    -- Which documents to read is decided on ids and the registry entry alone; their rows are
    -- read afterwards. An anti-join on the rows themselves read every document's text first.
    where documents.document_id in {{ documents }}
      and {{ loaded_since(ref('int_documents_with_attachment_text'), documents, 'documents.loaded_at') }}
    {%- endif %}

),

cleaned as not materialized (

    -- not materialized: its two readers take different columns, and a copy of every text costs
    select * from {{ ref('int_report_text_cleaned') }}
    {%- if reads_some %}
    where {{ written_since(ref('int_report_text_cleaned'), versions) }}
    {%- endif %}

),

paragraphs as {{ 'materialized' if reads_some else 'not materialized' }} (

    -- Three CTEs read it, each with its own filter. Reading every document: not materialized,
    -- or their filters become one OR that runs every regular expression over every paragraph.
    -- Reading a night's documents: materialized, one scan of the table instead of three.
    select * from {{ ref('int_report_paragraphs') }}
    where document_version_id in (select document_version_id from documents)
    {%- if reads_some %}
      and {{ written_since(ref('int_report_paragraphs'), versions, 'paragraph_number = 1') }}
    {%- endif %}

),

sources as (

    select * from {{ ref('stg_raw__sources') }}

),

districts as (

    select * from {{ ref('districts') }}

),

agency_types as (

    select * from {{ ref('agency_types') }}

),

documents_read as (

    select
        documents.*,
        -- Every rule below reads the first 2,000 characters at most: only they are carried on
        -- (carrying whole texts through the CTEs below cost more than the rules themselves).
        left(coalesce({{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}, ''), 2000) as match_text_start,
        coalesce(cleaned.visible_chars, 0) as visible_chars,
        coalesce(cleaned.has_traditional_characters, false) as has_traditional_characters,
        -- a web page's "发布日期: 2023-01-11" line, cut away as chrome by the cleaning
        list_filter(
            cleaned.removed_parts,
            lambda part: part.kind = 'chrome' and regexp_matches(part.text, '(发布日期|发布时间|日期|时间)\s*[:：]')
        )[1].text as chrome_date_line,
        -- the first lines of the cleaned text: where a title sits when the page gives none, and
        -- where a PDF's two-line title ("解放区退役军人事务局" / "关于2023年…的报告") is
        string_split(left(coalesce(cleaned.cleaned_text, ''), 2000), chr(10))[1:3] as first_lines,
        string_split(
            left(coalesce({{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}, ''), 2000), chr(10)
        )[1:3] as first_match_lines,
        nullif(trim(documents.meta ->> 'import.district_code'), '') as sidecar_district_code,
        nullif(trim(documents.meta ->> 'import.agency'), '') as sidecar_agency,
        nullif(trim(documents.meta ->> 'import.file_name'), '') as import_file_name,
        lower(regexp_extract(documents.document_url, '^[a-z]+://([^/:]+)', 1)) as url_host
    from documents
    left join cleaned
        on documents.document_version_id = cleaned.document_version_id

),

-- ------------------------------------------------------------------ title, kind, year

titled as (

    select
        *,
        case
            -- the page's own SiteName after "_" or " - " in <title> is site chrome, not title
            when regexp_matches(page_title, '(\s*[_|｜]\s*|\s+[-—–]+\s+)[^_|｜]*(政府|网|门户|网站|平台)$')
                then regexp_replace(page_title, '(\s*[_|｜]\s*|\s+[-—–]+\s+)[^_|｜]*$', '')
            else page_title
        end as page_title_without_site,
        case
            when {{ report_kind_of(strip_spaces('first_match_lines[1]')) }} is null
                 and {{ report_kind_of(strip_spaces('first_match_lines[1] || first_match_lines[2]')) }} is not null
                then first_lines[1] || first_lines[2]
            -- the first line, or the second when the first is a short line of its own (a sender,
            -- a date); never past the opening paragraph, never a numbered heading (一、工作成效)
            when {{ looks_like_title('first_lines[1]') }} and not regexp_matches(first_lines[1], '{{ numbered_heading }}')
                then first_lines[1]
            when not regexp_matches(coalesce(first_lines[1], ''), '[。！？]') and length(first_lines[1]) <= 80
                 and {{ looks_like_title('first_lines[2]') }} and not regexp_matches(first_lines[2], '{{ numbered_heading }}')
                then first_lines[2]
        end as first_lines_title,
        -- a file name that reads like a title (2022年法治政府建设年度报告.pdf), for imported files
        case
            when regexp_matches(coalesce(import_file_name, ''), '\p{Han}{4,}')
                then regexp_replace(import_file_name, '\.[A-Za-z0-9]{1,5}$', '')
        end as file_name_title
    from documents_read

),

title_chosen as (

    select
        *,
        coalesce(meta_article_title, page_title_without_site, list_title, first_lines_title, file_name_title) as title,
        case
            when meta_article_title is not null then 'meta_article_title'
            when page_title_without_site is not null then 'page_title'
            when list_title is not null then 'list_title'
            when first_lines_title is not null then 'text'
            when file_name_title is not null then 'file_name'
        end as title_origin
    from titled

),

keyed as (

    -- Whitespace-free, simplified copies for matching; never shown.
    select
        *,
        coalesce(govreports_to_simplified({{ strip_spaces('title') }}), {{ strip_spaces('title') }}, '') as title_key,
        {{ strip_spaces('left(match_text_start, 200)') }} as text_start_key,
        -- "现将我局2022年上半年法治政府建设情况报告如下": the sentence that says what is reported
        regexp_extract(left(match_text_start, 1500), '现将[^。：]{0,40}?((?:19|20)\d{2})年[^。：]{0,40}?报告如下', 1) as report_sentence_year
    from title_chosen

),

report_titles_in_text as (

    -- Paragraphs after the opening that are report titles of their own: a second report in the
    -- same file ("…2021年度…报告" … "…2022年度…报告").
    select
        paragraphs.document_id,
        count(*) as later_report_titles,
        list_distinct(list(regexp_extract(
            {{ strip_spaces('paragraphs.match_text') }}, '{{ year_pattern }}', 1
        ))) as later_report_title_years
    from paragraphs
    inner join documents on paragraphs.document_version_id = documents.document_version_id
    where paragraphs.start_offset > 200
      -- most paragraphs have a full stop, which no title has: that cheap test goes first (a
      -- CASE, since DuckDB runs a filter's regular expressions before a contains)
      and case
          when contains(paragraphs.match_text, '。') then false
          else {{ looks_like_title('paragraphs.match_text') }}
              -- a numbered heading ("二、…加强法治政府建设的有关情况") is not a title
              and not regexp_matches(paragraphs.match_text, '^([一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．.])')
              and {{ report_kind_of(strip_spaces('paragraphs.match_text')) }} is not null
      end
    group by paragraphs.document_id

),

report_structure as (

    -- Two or more of the required parts under recognised headings, and the opening saying it
    -- reports on 法治政府建设: a report even without a title (a file that starts with its text).
    select
        sections.document_version_id,
        count(*) filter (
            where sections.heading_recognised and sections.section_code not in ('preamble', 'signature')
        ) as recognised_sections
    from {{ ref('int_report_sections') }} as sections
    inner join documents on sections.document_version_id = documents.document_version_id
    {%- if reads_some %}
    where {{ written_since(ref('int_report_sections'), versions, 'section_number = 1') }}
    {%- endif %}
    group by sections.document_version_id

),

kind_and_year as (

    select
        keyed.*,
        coalesce(report_titles_in_text.later_report_titles, 0) as later_report_titles,
        report_titles_in_text.later_report_title_years,
        coalesce(
            {{ report_kind_of('title_key') }},
            {{ report_kind_of(strip_spaces('first_match_lines[1]')) }},
            {{ report_kind_of(strip_spaces('first_match_lines[1] || first_match_lines[2]')) }},
            case when {{ reads_like_fzzf_report }} then 'fzzf_annual' end,
            'other'
        ) as report_kind,
        case
            when {{ report_kind_of('title_key') }} is not null then 'title'
            when {{ report_kind_of(strip_spaces('first_match_lines[1]')) }} is not null then 'text'
            when {{ report_kind_of(strip_spaces('first_match_lines[1] || first_match_lines[2]')) }} is not null then 'text'
            when {{ reads_like_fzzf_report }} then 'structure'
            else 'none'
        end as report_kind_origin,
        coalesce(
            try_cast(nullif(regexp_extract(title_key, '{{ year_pattern }}', 1), '') as integer),
            try_cast(nullif(report_sentence_year, '') as integer),
            try_cast(nullif(regexp_extract(text_start_key, '{{ year_pattern }}', 1), '') as integer)
        ) as year_found,
        case
            when regexp_matches(title_key, '{{ year_pattern }}') then 'title'
            when nullif(report_sentence_year, '') is not null then 'report_sentence'
            when regexp_matches(text_start_key, '{{ year_pattern }}') then 'text'
        end as year_found_origin
    from keyed
    left join report_titles_in_text
        on keyed.document_id = report_titles_in_text.document_id
    left join report_structure
        on keyed.document_version_id = report_structure.document_version_id

),

-- ------------------------------------------------------------------ dates

signatures as (

    select
        document_version_id,
        max(case when is_signature_date then match_text end) as signature_date_text,
        max(case when is_signature_agency then match_text end) as signature_agency
    from paragraphs
    where is_signature_date or is_signature_agency
    group by document_version_id

),

addressees as (

    -- "张家港市人民政府：": the body the report is addressed to, on its own line near the top
    select
        document_version_id,
        min_by(regexp_replace(match_text, '[：:]$', ''), paragraph_number) as addressee
    from paragraphs
    where paragraph_number <= 5
      and regexp_matches(match_text, '^[^，。；,;]{2,30}[：:]$')
      and regexp_matches(match_text, '(政府|委员会|办公室|局|委|办|领导小组)[：:]$')
    group by document_version_id

),

dated as (

    select
        -- not the text's start: dated is materialized (six CTEs read it)
        kind_and_year.* exclude (match_text_start, first_lines, first_match_lines),
        signatures.signature_agency,
        addressees.addressee,
        {{ first_date_in('meta_pub_date') }} as meta_pub_date_value,
        {{ first_date_in('list_date') }} as list_date_value,
        -- TRS article URLs carry the publication date: …/t20230111_4567.html
        try_strptime(
            nullif(regexp_extract(document_url, '/t(20\d{6})_\d+', 1), ''), '%Y%m%d'
        )::date as url_date_value,
        {{ first_date_in('chrome_date_line') }} as chrome_date_value,
        {{ first_date_in('signatures.signature_date_text') }} as signed_on
    from kind_and_year
    left join signatures on kind_and_year.document_version_id = signatures.document_version_id
    left join addressees on kind_and_year.document_version_id = addressees.document_version_id

),

-- ------------------------------------------------------------------ district

district_names as (

    -- Names of three characters or more: two-character names (丰县, 城区) occur in running text
    -- too often to count as evidence. A name shared by an old and a new code of the same place
    -- counts once (current_code).
    select distinct name, district_code, current_code, level, prefecture_code, province_code
    from districts
    where length(name) >= 3
      and name not in ({% for name in common_word_names %}'{{ name }}'{% if not loop.last %}, {% endif %}{% endfor %})
      and current_code is not null

),

mention_haystacks as (

    select document_id, 'title' as place, title_key as haystack from dated
    union all
    select document_id, 'addressee', addressee from dated where addressee is not null
    union all
    select document_id, 'signature', signature_agency from dated where signature_agency is not null
    union all
    select documents.document_id, 'text', {{ match_text('cleaned.cleaned_text', 'cleaned.simplified_text') }}
    from documents
    inner join cleaned on documents.document_version_id = cleaned.document_version_id

),

mention_tokens as (

    -- Runs of Chinese ending in a division suffix, shortest first: "广州市花都区退役…" gives
    -- 广州市 and 花都区; "在张家港市人民政府网" gives 在张家港市, whose endings are tried below.
    select document_id, place,
        unnest(regexp_extract_all(haystack, '\p{Han}{1,14}?(?:省|市|区|县|旗|盟|州)')) as token
    from mention_haystacks

),

mention_names as (

    select distinct document_id, place, right(token, name_length) as name
    from (
        select document_id, place, token, unnest(range(3, least(length(token), 15) + 1)) as name_length
        from mention_tokens
        where length(token) >= 3
    )

),

mentioned as (

    select distinct
        mention_names.document_id,
        mention_names.place,
        mention_names.name,
        district_names.current_code,
        district_names.district_code,
        district_names.prefecture_code,
        district_names.province_code
    from mention_names
    inner join district_names on mention_names.name = district_names.name

),

mention_context as (

    -- every code named anywhere in the document, for "with its province or city context"
    select distinct document_id, district_code from mentioned

),

mentions_judged as (

    -- A name several divisions share (鼓楼区: 南京, 徐州, 开封, 福州) keeps only the candidates
    -- whose city or province is also named in the document; still several → ambiguous.
    select
        mentioned.*,
        count(*) over (partition by mentioned.document_id, mentioned.place, mentioned.name) as name_candidates,
        exists (
            select 1 from mention_context
            where mention_context.document_id = mentioned.document_id
              and mention_context.district_code in (mentioned.prefecture_code, mentioned.province_code)
              and mention_context.district_code <> mentioned.district_code
        ) as has_context
    from mentioned

),

mentions_kept as (

    select
        *,
        count(*) filter (where has_context) over (partition by document_id, place, name) as candidates_with_context
    from mentions_judged

),

mentions_resolved as (

    select
        document_id, place, name, district_code, current_code, prefecture_code, province_code,
        name_candidates = 1 or (has_context and candidates_with_context = 1) as is_resolved
    from mentions_kept

),

mentions_placed as (

    -- a resolved division that is the city or province of another resolved one in the same place
    select
        resolved.*,
        exists (
            select 1 from mentions_resolved as descendant
            where descendant.document_id = resolved.document_id
              and descendant.place = resolved.place
              and descendant.is_resolved
              and descendant.district_code <> resolved.district_code
              and resolved.district_code in (descendant.prefecture_code, descendant.province_code)
        ) as is_ancestor_of_another
    from mentions_resolved as resolved

),

place_resolution as (

    -- Per place (title, addressee, signature, text): the named divisions once the ancestors of
    -- other named divisions are dropped (广州市 goes when 花都区 is named). One left → resolved.
    select
        document_id,
        place,
        coalesce(list_distinct(list(current_code) filter (where is_resolved and not is_ancestor_of_another)), [])
            as resolved_codes,
        coalesce(list_distinct(list(current_code) filter (where not is_resolved)), []) as ambiguous_codes,
        coalesce(list_distinct(list(name) filter (where not is_resolved)), []) as ambiguous_names
    from mentions_placed
    group by document_id, place

),

place_answers as (

    select
        document_id,
        max(case when place = 'title' and len(resolved_codes) = 1 then resolved_codes[1] end) as title_code,
        max(case when place = 'addressee' and len(resolved_codes) = 1 then resolved_codes[1] end) as addressee_code,
        max(case when place = 'signature' and len(resolved_codes) = 1 then resolved_codes[1] end) as signature_code,
        max(case when place = 'text' and len(resolved_codes) = 1 then resolved_codes[1] end) as text_code,
        -- candidates of an unresolved name, title first
        coalesce(
            max(case when place = 'title' and len(resolved_codes) = 0 and len(ambiguous_codes) > 1 then ambiguous_codes end),
            max(case when place = 'text' and len(resolved_codes) = 0 and len(ambiguous_codes) > 1 then ambiguous_codes end),
            max(case when place = 'text' and len(resolved_codes) > 1 then resolved_codes end)
        ) as candidate_codes,
        coalesce(
            max(case when place = 'title' and len(resolved_codes) = 0 and len(ambiguous_codes) > 1 then ambiguous_names end),
            max(case when place = 'text' and len(resolved_codes) = 0 and len(ambiguous_codes) > 1 then ambiguous_names end)
        ) as candidate_names
    from place_resolution
    group by document_id

),

domain_labels as (

    -- www.huadu.gov.cn → huadu; sfj.zjg.gov.cn → sfj, zjg (the label next to gov.cn is the site's own)
    select
        document_id,
        unnest(labels) as label,
        unnest(range(len(labels), 0, -1)) as distance_from_gov
    from (
        select document_id, string_split(regexp_replace(url_host, '\.gov\.cn$', ''), '.') as labels
        from dated
        where url_host like '%.gov.cn'
    )

),

district_initials as (

    -- each current division with the pinyin initials of its province and city, for domains
    -- such as cqspb.gov.cn = 重庆 (cq) + 沙坪坝 (spb)
    select
        districts.current_code,
        districts.name_pinyin,
        districts.name_initials,
        province.name_initials || districts.name_initials as province_and_initials,
        prefecture.name_initials || districts.name_initials as prefecture_and_initials
    from districts
    left join districts as province on districts.province_code = province.district_code
    left join districts as prefecture on districts.prefecture_code = prefecture.district_code
    where districts.is_current and districts.name_pinyin is not null

),

domain_matches as (

    select distinct domain_labels.document_id, district_initials.current_code
    from domain_labels
    inner join district_initials
        on domain_labels.label not in ('www', 'gov', 'zwgk', 'xxgk', 'zwfw')
        and (
            domain_labels.label = district_initials.name_pinyin
            -- initials are short and shared: only the label next to gov.cn, three letters or more
            or (domain_labels.distance_from_gov = 1 and length(domain_labels.label) >= 3
                and domain_labels.label in (
                    district_initials.name_initials,
                    district_initials.province_and_initials,
                    district_initials.prefecture_and_initials
                ))
        )

),

domain_answers as (

    select document_id, min(current_code) as domain_code
    from domain_matches
    group by document_id
    having count(distinct current_code) = 1

),

district_resolved as (

    select
        dated.*,
        sources.source_name,
        sources.agency_name as registry_agency_name,
        sources.district_code as registry_district_code,
        sidecar.district_code as sidecar_district_code_known,
        site_id.district_code as site_id_district_code,
        domain_answers.domain_code,
        -- in a file holding several reports the title, addressee and signature are the first
        -- report's: only what the whole text names (one place) can speak for all of them
        case when dated.later_report_titles = 0 then place_answers.title_code end as title_code,
        case when dated.later_report_titles = 0 then place_answers.addressee_code end as addressee_code,
        case when dated.later_report_titles = 0 then place_answers.signature_code end as signature_code,
        place_answers.text_code,
        place_answers.candidate_codes,
        place_answers.candidate_names
    from dated
    left join sources on dated.source_id = sources.source_id
    left join districts as sidecar on dated.sidecar_district_code = sidecar.district_code
    left join districts as site_id
        on left(regexp_replace(dated.meta_site_id_code, '\D', '', 'g'), 6) = site_id.district_code
    left join domain_answers on dated.document_id = domain_answers.document_id
    left join place_answers on dated.document_id = place_answers.document_id

),

district_chosen as (

    select
        *,
        coalesce(
            registry_district_code, sidecar_district_code_known, site_id_district_code, domain_code,
            title_code, addressee_code, signature_code, text_code
        ) as district_code,
        case
            when registry_district_code is not null then 'registry'
            when sidecar_district_code_known is not null then 'sidecar'
            when site_id_district_code is not null then 'site_id_code'
            when domain_code is not null then 'domain'
            when title_code is not null then 'title'
            when addressee_code is not null then 'addressee'
            when signature_code is not null then 'signature'
            when text_code is not null then 'text'
        end as district_evidence,
        case
            when registry_district_code is not null then 'source ' || source_id
            when sidecar_district_code_known is not null then 'sidecar district_code ' || sidecar_district_code
            when site_id_district_code is not null then 'SiteIDCode ' || meta_site_id_code
            when domain_code is not null then 'host ' || url_host
            when title_code is not null then 'title: ' || title
            when addressee_code is not null then 'addressee: ' || addressee
            when signature_code is not null then 'signature: ' || signature_agency
            when text_code is not null then 'text'
        end as district_evidence_text
    from district_resolved

),

-- ------------------------------------------------------------------ agency

agency_named as (

    select
        *,
        -- the title's leading words before the year: "区退役军人事务局2022年度…",
        -- "解放区退役军人事务局关于2023年…"; kept only when they end like a body's name
        nullif(regexp_extract(
            regexp_extract(title_key, '^(.+?)(关于)?{{ year_pattern }}', 1), '^.*{{ agency_end_pattern }}', 0
        ), '') as title_agency_name,
        case
            when regexp_matches(signature_agency, '{{ agency_end_pattern }}') then signature_agency
        end as signature_agency_name,
        case
            when regexp_matches({{ strip_spaces('meta_content_source') }}, '{{ agency_end_pattern }}')
                then {{ strip_spaces('meta_content_source') }}
        end as content_source_agency_name
    from district_chosen

),

agency_chosen as (

    select
        *,
        coalesce(registry_agency_name, sidecar_agency, title_agency_name, signature_agency_name,
                 content_source_agency_name) as agency_name,
        case
            when registry_agency_name is not null then 'registry'
            when sidecar_agency is not null then 'sidecar'
            when title_agency_name is not null then 'title'
            when signature_agency_name is not null then 'signature'
            when content_source_agency_name is not null then 'content_source'
        end as agency_origin
    from agency_named

),

agency_keys as (

    select document_id, {{ strip_spaces('agency_name') }} as agency_key
    from agency_chosen
    where agency_name is not null

),

agency_type_suffixes as (

    -- A pattern of plain alternatives (人民政府办公室|政府办公室|政府办: no regular-expression
    -- syntax but |) is matched as suffixes with ends_with. A pattern compiled for every
    -- (document, type) pair cost 19 µs a pair: 12 s of 20 s for 20,000 documents.
    select agency_type, name_en, unnest(string_split(name_zh_pattern, '|')) as suffix
    from agency_types
    where not regexp_matches(name_zh_pattern, '{{ regex_syntax }}')

),

agency_type_candidates as (

    -- each type whose pattern ends the name, with the length of the suffix it matched
    select agency_keys.document_id, suffixes.agency_type, suffixes.name_en, length(suffixes.suffix) as suffix_length
    from agency_keys
    inner join agency_type_suffixes as suffixes on ends_with(agency_keys.agency_key, suffixes.suffix)
    union all
    -- a pattern with regular-expression syntax (none in the seed today) as a regular expression
    select
        agency_keys.document_id,
        agency_types.agency_type,
        agency_types.name_en,
        length(regexp_extract(agency_keys.agency_key, '(' || agency_types.name_zh_pattern || ')$', 1))
    from agency_keys
    inner join agency_types
        on regexp_matches(agency_types.name_zh_pattern, '{{ regex_syntax }}')
        and regexp_matches(agency_keys.agency_key, '(' || agency_types.name_zh_pattern || ')$')

),

agency_type_matches as (

    -- When several suffixes fit (人民政府办公室 vs 政府), the longest one names the type.
    select document_id, agency_type, name_en as agency_type_name_en
    from agency_type_candidates
    qualify row_number() over (partition by document_id order by suffix_length desc, agency_type) = 1

),

-- ------------------------------------------------------------------ status

judged as (

    select
        agency_chosen.*,
        agency_type_matches.agency_type,
        agency_type_matches.agency_type_name_en,
        case
            when agency_chosen.visible_chars < 20 and agency_chosen.attachment_problem is not null then 'unreadable'
            when agency_chosen.visible_chars < 20 then 'empty'
            when agency_chosen.report_kind = 'other' then 'not_a_report'
            when agency_chosen.later_report_titles > 0 then 'multiple_reports'
            else 'ok'
        end as document_status,
        -- two reports in one file: a year only when every report title in it names the same one
        agency_chosen.later_report_titles > 0
            and not list_has_all([agency_chosen.year_found::varchar], agency_chosen.later_report_title_years)
            as years_disagree
    from agency_chosen
    left join agency_type_matches
        on agency_chosen.document_id = agency_type_matches.document_id

)

select
    document_id,
    document_version_id,
    content_sha256,
    source_id,
    source_name,
    document_url,
    fetched_at,
    first_fetched_at,
    versions_seen,
    document_status,
    case document_status
        when 'unreadable' then 'no text could be taken out of the file (' || attachment_problem || ')'
        when 'empty' then 'the document has no text'
        when 'not_a_report' then 'not an annual report (news item, notice or other page)'
        when 'multiple_reports' then 'the file holds more than one report (' || (later_report_titles + 1) || ' report titles)'
    end as document_status_reason,

    {{ squish('title') }} as title,
    title_origin,
    case
        when title_origin in ('meta_article_title', 'page_title', 'list_title') then 'high'
        when title_origin = 'text' then 'medium'
        when title_origin = 'file_name' then 'low'
    end as title_confidence,

    report_kind,
    report_kind_origin,
    case report_kind_origin when 'title' then 'high' when 'text' then 'medium' when 'structure' then 'low' end
        as report_kind_confidence,

    case when not years_disagree then year_found end as report_year,
    case when not years_disagree then year_found_origin end as report_year_origin,
    case
        when years_disagree then null
        when year_found_origin = 'title' then 'high'
        when year_found_origin = 'report_sentence' then 'medium'
        when year_found_origin = 'text' then 'low'
    end as report_year_confidence,

    coalesce(meta_pub_date_value, list_date_value, url_date_value, chrome_date_value) as published_on,
    case
        when meta_pub_date_value is not null then 'meta_pub_date'
        when list_date_value is not null then 'list_date'
        when url_date_value is not null then 'url'
        when chrome_date_value is not null then 'page_chrome'
    end as published_on_origin,
    case
        when meta_pub_date_value is not null or list_date_value is not null then 'high'
        when url_date_value is not null or chrome_date_value is not null then 'medium'
    end as published_on_confidence,
    signed_on,
    case when signed_on is not null then 'signature' end as signed_on_origin,

    district_code,
    district_evidence,
    district_evidence_text,
    case
        when district_evidence in ('registry', 'sidecar', 'site_id_code') then 'high'
        when district_evidence in ('domain', 'title', 'addressee', 'signature') then 'medium'
        when district_evidence = 'text' then 'low'
    end as district_confidence,
    case
        when district_code is not null then 'resolved'
        when len(candidate_codes) > 1 then 'ambiguous'
        else 'unknown'
    end as district_status,
    case when district_code is null then candidate_codes end as district_candidates,
    case when district_code is null then candidate_names end as district_candidate_names,
    -- what the report's own words say, whatever the site: a check on the registry
    coalesce(title_code, addressee_code, signature_code, text_code) as text_district_code,

    agency_name,
    agency_origin,
    case
        when agency_origin in ('registry', 'sidecar') then 'high'
        when agency_origin in ('title', 'signature') then 'medium'
        when agency_origin = 'content_source' then 'low'
    end as agency_confidence,
    agency_type,
    agency_type_name_en,

    addressee,
    signature_agency,
    has_traditional_characters,
    text_origin,
    text_attachment_url,
    attachment_problem,
    -- the text itself is in int_documents_with_attachment_text (raw) and int_report_text_cleaned
    text_length,
    visible_chars,
    -- what decides whether an incremental build reads the document again
    source_entry_sha256,
    lookups.lookups_fingerprint
from judged
cross join lookups
