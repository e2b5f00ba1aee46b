-- One row per attachment of a document version, renamed and typed.

with attachments as (

    select * from {{ source('raw', 'attachments') }}

),

renamed as (

    select
        attachment_id || ':' || document_content_sha256 as attachment_version_id,
        attachment_id,
        document_id,
        document_content_sha256,
        document_id || ':' || document_content_sha256 as document_version_id,
        url as attachment_url,
        {{ squish('link_text') }} as link_text,
        body_sha256,
        lower(media_type) as media_type,
        byte_size,
        text as attachment_text,
        length(coalesce(text, '')) as attachment_text_length,
        page_count,
        extract_status,
        error_message,
        batch_id,
        loaded_at

    from attachments

)

select * from renamed
