-- The text to read for each document: the page body, or an attachment's text when the body is
-- only a stub. Many sites publish a report as a PDF (or DOCX, OFD …) with a one-line page around
-- it (the demo's 张家港 report is only a PDF), and a stub body would make every report rule fail.
-- Imported files are stored the same way: an empty page with the file as its attachment.

{% set short_body_chars = var('short_body_chars', 300) %}
{% set body_visible_chars = 'length(' ~ strip_spaces('body_text') ~ ')' %}

with latest_documents as (

    select * from {{ ref('int_documents_latest') }}

),

attachments as (

    select * from {{ ref('stg_raw__attachments') }}

),

document_attachments as (

    -- Files that hold a document's text; images, spreadsheets and archives do not.
    select
        *,
        media_type = 'application/pdf'
            or (media_type is null and regexp_matches(lower(attachment_url), '\.pdf([?#]|$)')) as is_pdf
    from attachments
    where media_type is null
       or media_type in (
            'application/pdf',
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            'application/msword',
            'application/ofd',
            'text/plain',
            'text/html'
       )

),

attachment_texts as (

    -- One attachment per document version: the one with the most text (a report beats its
    -- cover letter).
    select
        document_version_id,
        attachment_id,
        attachment_url,
        attachment_text,
        attachment_text_length,
        is_pdf
    from document_attachments
    where extract_status = 'ok'
      and length({{ strip_spaces('attachment_text') }}) > 0
    qualify row_number() over (
        partition by document_version_id
        order by attachment_text_length desc, attachment_id
    ) = 1

),

attachment_problems as (

    -- Why a document's files gave no text (scanned PDF, corrupt file, no converter): the status
    -- of an unreadable document says so.
    select
        document_version_id,
        count(*) as unreadable_attachments,
        min(extract_status || coalesce(': ' || error_message, '')) as attachment_problem
    from document_attachments
    where extract_status not in ('ok', 'fetch_failed')
       or (extract_status = 'ok' and length({{ strip_spaces("coalesce(attachment_text, '')") }}) = 0)
    group by document_version_id

),

documents_with_attachment as (

    select
        latest_documents.*,
        attachment_texts.attachment_id as text_attachment_candidate_id,
        attachment_texts.attachment_url as text_attachment_candidate_url,
        attachment_texts.attachment_text,
        attachment_texts.is_pdf,
        coalesce(attachment_problems.unreadable_attachments, 0) as unreadable_attachments,
        attachment_problems.attachment_problem
    from latest_documents
    left join attachment_texts
        on latest_documents.document_version_id = attachment_texts.document_version_id
    left join attachment_problems
        on latest_documents.document_version_id = attachment_problems.document_version_id

),

text_chosen as (

    select
        *,
        case
            -- the body's length only when there is an attachment to choose instead: a regex over
            -- every body (most documents have no attachment) cost 1.3 s per 20,000 of them
            when text_attachment_candidate_id is null then 'body'
            -- counted without whitespace: PDF-ish bodies are padded with blank lines
            when {{ body_visible_chars }} < {{ short_body_chars }}
                then case when is_pdf then 'pdf_attachment' else 'attachment' end
            else 'body'
        end as text_origin
    from documents_with_attachment

)

select
    document_version_id,
    document_id,
    content_sha256,
    batch_id,
    source_id,
    document_url,
    fetched_at,
    first_fetched_at,
    loaded_at,
    versions_seen,
    list_title,
    list_date,
    page_title,
    meta_site_name,
    meta_site_id_code,
    meta_article_title,
    meta_pub_date,
    meta_content_source,
    meta_column_name,
    meta,
    {{ body_visible_chars }} as body_visible_chars,
    text_origin,
    case when text_origin <> 'body' then text_attachment_candidate_id end as text_attachment_id,
    case when text_origin <> 'body' then text_attachment_candidate_url end as text_attachment_url,
    case when text_origin <> 'body' then attachment_text else body_text end as report_text,
    length(case when text_origin <> 'body' then attachment_text else body_text end) as text_length,
    unreadable_attachments,
    attachment_problem
from text_chosen
