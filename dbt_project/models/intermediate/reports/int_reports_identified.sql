-- What each document is: its title, kind, year, publication date, district and agency, each
-- decided by an explicit rule (see the YAML description) and each with where it came from, so an
-- analyst can check any row by hand. One row per document (latest version), reports and
-- non-reports alike; marts.reports keeps the reports.

{#- The end of a name that is a government body, for agency names read off a title. #}
{%- set agency_end_pattern = "(局|委员会|委|人民政府|政府|办公室|办|中心|院|署|厅)$" %}
{%- set year_pattern = report_year_pattern() %}

with documents as (

    select * from {{ ref('int_documents_with_attachment_text') }}

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

documents_with_first_lines as (

    -- The first three non-blank lines: where a title sits when the page gives none, and where
    -- a PDF's two-line title ("解放区退役军人事务局" / "关于 2023 年…的报告") is.
    select
        *,
        list_filter(
            list_transform(
                string_split_regex(left(report_text, 2000), '[\n\r\f]'),
                lambda line: {{ squish('line') }}
            ),
            lambda line: line is not null
        )[1:3] as first_lines
    from documents

),

titled as (

    select
        *,
        case
            -- the page's own SiteName after "_" or " - " in <title> is site chrome, not title
            when regexp_matches(page_title, '(\s*[_|｜]\s*|\s+[-—–]+\s+)[^_|｜]*(政府|网|门户|网站|平台)$')
                then regexp_replace(page_title, '(\s*[_|｜]\s*|\s+[-—–]+\s+)[^_|｜]*$', '')
            else page_title
        end as page_title_without_site,
        coalesce(
            case
                when {{ report_kind_of(strip_spaces('first_lines[1]')) }} is null
                     and {{ report_kind_of(strip_spaces('first_lines[1] || first_lines[2]')) }} is not null
                    then first_lines[1] || first_lines[2]
            end,
            list_filter(first_lines, lambda line: {{ looks_like_title('line') }})[1]
        ) as first_lines_title
    from documents_with_first_lines

),

title_chosen as (

    select
        *,
        coalesce(meta_article_title, page_title_without_site, list_title, first_lines_title) as title,
        case
            when meta_article_title is not null then 'meta_article_title'
            when page_title_without_site is not null then 'page_title'
            when list_title is not null then 'list_title'
            when first_lines_title is not null then 'text'
        end as title_origin
    from titled

),

keyed as (

    -- Whitespace-free copies for matching; never shown.
    select
        *,
        coalesce({{ strip_spaces('title') }}, '') as title_key,
        coalesce({{ strip_spaces('report_text') }}, '') as text_key,
        {{ strip_spaces("left(coalesce(report_text, ''), 200)") }} as text_start_key
    from title_chosen

),

kind_and_year as (

    select
        *,
        coalesce(
            {{ report_kind_of('title_key') }},
            {{ report_kind_of(strip_spaces('first_lines[1]')) }},
            {{ report_kind_of(strip_spaces('first_lines[1] || first_lines[2]')) }},
            'other'
        ) as report_kind,
        coalesce(
            try_cast(nullif(regexp_extract(title_key, '{{ year_pattern }}', 1), '') as integer),
            try_cast(nullif(regexp_extract(text_start_key, '{{ year_pattern }}', 1), '') as integer)
        ) as report_year,
        case
            when regexp_matches(title_key, '{{ year_pattern }}') then 'title'
            when regexp_matches(text_start_key, '{{ year_pattern }}') then 'text'
        end as report_year_origin
    from keyed

),

dated as (

    select
        *,
        {{ first_date_in('meta_pub_date') }} as meta_pub_date_value,
        {{ first_date_in('list_date') }} as list_date_value,
        -- TRS article URLs carry the publication date: …/t20230111_4567.html
        try_strptime(
            nullif(regexp_extract(document_url, '/t(20\d{6})_\d+', 1), ''), '%Y%m%d'
        )::date as url_date_value
    from kind_and_year

),

district_names as (

    -- County-level names only. Two-character names (丰县, 城区, 新县) and names that are
    -- ordinary words (老城区, "old town") occur in running text too often to count as evidence.
    select district_code, name
    from districts
    where level = 'county'
      and length(name) >= 3
      and name not in ('老城区')

),

district_mentions as (

    select
        dated.document_id,
        district_names.district_code,
        contains(dated.title_key, district_names.name) as in_title
    from dated
    inner join district_names
        on contains(dated.title_key, district_names.name)
        or contains(dated.text_key, district_names.name)

),

districts_named as (

    -- A name shared by several districts (鼓楼区: 南京, 徐州, 开封) gives several codes and so
    -- no answer: an ambiguous name is left unresolved, never guessed.
    select
        document_id,
        count(distinct district_code) filter (where in_title) as title_district_count,
        min(district_code) filter (where in_title) as title_district_code,
        count(distinct district_code) as any_district_count,
        min(district_code) as any_district_code
    from district_mentions
    group by document_id

),

site_id_districts as (

    select
        dated.document_id,
        districts.district_code
    from dated
    inner join districts
        on left(regexp_replace(dated.meta_site_id_code, '\D', '', 'g'), 6) = districts.district_code

),

district_resolved as (

    select
        dated.*,
        sources.source_name,
        sources.agency_name as registry_agency_name,
        sources.district_code as registry_district_code,
        site_id_districts.district_code as site_id_district_code,
        case
            when districts_named.title_district_count = 1
                then districts_named.title_district_code
            when coalesce(districts_named.title_district_count, 0) = 0
                 and districts_named.any_district_count = 1
                then districts_named.any_district_code
        end as text_district_code,
        coalesce(districts_named.title_district_count, 0) = 1 as text_district_in_title
    from dated
    left join sources on dated.source_id = sources.source_id
    left join site_id_districts on dated.document_id = site_id_districts.document_id
    left join districts_named on dated.document_id = districts_named.document_id

),

agency_named as (

    select
        *,
        coalesce(
            registry_agency_name,
            -- the title's leading words before the year: "区退役军人事务局2022年度…",
            -- "解放区退役军人事务局关于2023年…"; kept only when they end like a body's name
            nullif(
                regexp_extract(
                    regexp_extract(title_key, '^(.+?)(关于)?{{ year_pattern }}', 1),
                    '^.*{{ agency_end_pattern }}',
                    0
                ),
                ''
            )
        ) as agency_name,
        case
            when registry_agency_name is not null then 'registry'
            when regexp_matches(
                    regexp_extract(title_key, '^(.+?)(关于)?{{ year_pattern }}', 1),
                    '{{ agency_end_pattern }}'
                 ) then 'title'
        end as agency_origin
    from district_resolved

),

agency_type_matches as (

    -- When several suffixes fit (人民政府办公室 vs 政府), the longest one names the type.
    select
        agency_named.document_id,
        agency_types.agency_type
    from agency_named
    inner join agency_types
        on regexp_matches(
            {{ strip_spaces('agency_named.agency_name') }},
            '(' || agency_types.name_zh_pattern || ')$'
        )
    qualify row_number() over (
        partition by agency_named.document_id
        order by
            length(regexp_extract(
                {{ strip_spaces('agency_named.agency_name') }},
                '(' || agency_types.name_zh_pattern || ')$',
                1
            )) desc,
            agency_types.agency_type
    ) = 1

),

identified as (

    select
        agency_named.document_id,
        agency_named.document_version_id,
        agency_named.content_sha256,
        agency_named.source_id,
        agency_named.source_name,
        agency_named.document_url,
        agency_named.fetched_at,
        agency_named.first_fetched_at,
        agency_named.versions_seen,

        {{ squish('agency_named.title') }} as title,
        agency_named.title_origin,
        agency_named.report_kind,
        agency_named.report_year,
        agency_named.report_year_origin,

        coalesce(
            agency_named.meta_pub_date_value,
            agency_named.list_date_value,
            agency_named.url_date_value
        ) as published_on,
        case
            when agency_named.meta_pub_date_value is not null then 'meta_pub_date'
            when agency_named.list_date_value is not null then 'list_date'
            when agency_named.url_date_value is not null then 'url'
        end as published_on_origin,

        coalesce(
            agency_named.registry_district_code,
            agency_named.site_id_district_code,
            agency_named.text_district_code
        ) as district_code,
        case
            when agency_named.registry_district_code is not null then 'registry'
            when agency_named.site_id_district_code is not null then 'site_id_code'
            when agency_named.text_district_code is not null then 'text'
        end as district_evidence,
        case
            when agency_named.registry_district_code is not null then 'high'
            when agency_named.site_id_district_code is not null then 'high'
            when agency_named.text_district_code is not null and agency_named.text_district_in_title
                then 'medium'
            when agency_named.text_district_code is not null then 'low'
        end as district_confidence,

        agency_named.agency_name,
        agency_named.agency_origin,
        agency_type_matches.agency_type,

        agency_named.text_origin,
        agency_named.text_attachment_url,
        agency_named.report_text,
        agency_named.text_length
    from agency_named
    left join agency_type_matches
        on agency_named.document_id = agency_type_matches.document_id

)

select * from identified
