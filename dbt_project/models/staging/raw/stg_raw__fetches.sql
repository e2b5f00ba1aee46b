-- One row per HTTP exchange, renamed and typed.

with fetches as (

    select * from {{ source('raw', 'fetches') }}

),

renamed as (

    select
        fetch_id,
        batch_id,
        source_id,
        url as requested_url,
        final_url,
        upper(method) as http_method,
        purpose,
        status as http_status,
        requested_at,
        elapsed_ms,
        body_sha256,
        body_bytes,
        content_type,
        headers,
        error_class,
        error_message,
        error_class is null and status between 200 and 399 as is_success,
        loaded_at

    from fetches

)

select * from renamed
