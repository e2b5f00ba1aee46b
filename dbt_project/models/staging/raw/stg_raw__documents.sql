-- One row per document version, renamed and typed; the standard meta tags become columns so
-- that later models never dig into JSON.

with documents as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        document_id || ':' || content_sha256 as document_version_id,
        document_id,
        content_sha256,
        batch_id,
        source_id,
        url as document_url,
        body_sha256,
        fetched_at,
        {{ squish('list_title') }} as list_title,
        {{ squish('list_date') }} as list_date,
        {{ squish('page_title') }} as page_title,
        {{ meta_tag('meta', 'SiteName') }} as meta_site_name,
        {{ meta_tag('meta', 'SiteIDCode') }} as meta_site_id_code,
        {{ meta_tag('meta', 'ArticleTitle') }} as meta_article_title,
        {{ meta_tag('meta', 'PubDate') }} as meta_pub_date,
        {{ meta_tag('meta', 'ContentSource') }} as meta_content_source,
        {{ meta_tag('meta', 'ColumnName') }} as meta_column_name,
        meta,
        coalesce(text, '') as body_text,
        length(coalesce(text, '')) as body_text_length,
        (charset ->> 'used') as charset_used,
        loaded_at

    from documents

)

select * from renamed
