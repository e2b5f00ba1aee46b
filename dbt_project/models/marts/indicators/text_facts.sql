-- Facts stated in words (文字事实), one row each, with provenance: laws and regulations cited
-- (named canonically), problems admitted (one per item of the shortcomings section), plans for
-- the next year (one per item), honours claimed, officials named. fact_text is what an analyst
-- reads in a list; the other columns depend on the kind of fact. Incremental by report, like
-- indicator_values.

{#- the report columns this table copies: a change rewrites the report's rows #}
{%- set report_columns = ['district_code', 'district_name', 'agency_name', 'agency_type', 'report_year'] %}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_rows_of_reports_gone(" ~ report_columns ~ ") }}",
    )
}}


{%- set reports_query = reports_to_write(report_columns) %}
with reports as (

    {{ reports_query }}

),

laws as (

    select
        citation_id as fact_id,
        report_id,
        'law_cited' as fact_type,
        canonical_name as fact_text,
        cited_as as detail_text,
        canonical_name,
        law_level,
        null::varchar as role,
        null::varchar as person_name,
        null::integer as item_number,
        section,
        sentence_id,
        start_offset,
        end_offset
    from {{ ref('int_laws_cited') }}
    where citation_id is not null

),

items as (

    select
        item_id as fact_id,
        report_id,
        fact_type,
        headline as fact_text,
        item_text as detail_text,
        null::varchar as canonical_name,
        null::varchar as law_level,
        null::varchar as role,
        null::varchar as person_name,
        item_number,
        section,
        sentence_id,
        start_offset,
        end_offset
    from {{ ref('int_report_items_listed') }}
    where headline <> ''
      and {{ versions_written_since(ref('int_report_items_listed'), reports_query, "headline <> ''") }}

),

honours as (

    select
        honour_id as fact_id,
        report_id,
        'honour' as fact_type,
        honour as fact_text,
        sentence_text as detail_text,
        null::varchar as canonical_name,
        null::varchar as law_level,
        null::varchar as role,
        null::varchar as person_name,
        null::integer as item_number,
        section,
        sentence_id,
        start_offset,
        end_offset
    from {{ ref('int_honours_found') }}
    where honour_id is not null

),

officials as (

    select
        official_id as fact_id,
        report_id,
        'official' as fact_type,
        role || ' ' || person_name as fact_text,
        mention as detail_text,
        null::varchar as canonical_name,
        null::varchar as law_level,
        role,
        person_name,
        null::integer as item_number,
        section,
        sentence_id,
        start_offset,
        end_offset
    from {{ ref('int_officials_named') }}
    where official_id is not null

),

facts as (

    select * from laws
    union all by name
    select * from items
    union all by name
    select * from honours
    union all by name
    select * from officials

)

select
    facts.fact_id,
    facts.report_id,
    reports.document_version_id,
    reports.district_code,
    reports.district_name,
    reports.agency_name,
    reports.agency_type,
    reports.report_year,
    facts.fact_type,
    facts.fact_text,
    facts.detail_text,
    facts.canonical_name,
    facts.law_level,
    facts.role,
    facts.person_name,
    facts.item_number,
    facts.section,
    facts.sentence_id,
    facts.start_offset,
    facts.end_offset,
    reports.report_fingerprint,
    {{ built_at() }} as built_at
from facts
inner join reports
    on facts.report_id = reports.report_id
