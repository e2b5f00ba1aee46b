-- The text to read for each document: the page body, or the PDF attachment's text when the
-- body is only a stub. Many sites publish a report as a PDF with a one-line page around it
-- (the demo's 张家港 report is only a PDF), and a stub body would make every report rule fail.

{% set short_body_chars = var('short_body_chars', 300) %}

with latest_documents as (

    select * from {{ ref('int_documents_latest') }}

),

attachments as (

    select * from {{ ref('stg_raw__attachments') }}

),

pdf_texts as (

    -- One PDF per document version: the one with the most text (a report beats its cover letter).
    select
        document_version_id,
        attachment_id,
        attachment_url,
        attachment_text,
        attachment_text_length
    from attachments
    where (media_type = 'application/pdf'
           or (media_type is null and lower(attachment_url) like '%.pdf'))
      and extract_status = 'ok'
      and length({{ strip_spaces('attachment_text') }}) > 0
    qualify row_number() over (
        partition by document_version_id
        order by attachment_text_length desc, attachment_id
    ) = 1

),

documents_with_pdf as (

    select
        latest_documents.*,
        length({{ strip_spaces('latest_documents.body_text') }}) as body_visible_chars,
        pdf_texts.attachment_id as pdf_attachment_id,
        pdf_texts.attachment_url as pdf_attachment_url,
        pdf_texts.attachment_text as pdf_text
    from latest_documents
    left join pdf_texts
        on latest_documents.document_version_id = pdf_texts.document_version_id

),

text_chosen as (

    select
        *,
        case
            -- counted without whitespace: PDF-ish bodies are padded with blank lines
            when body_visible_chars < {{ short_body_chars }} and pdf_attachment_id is not null
                then 'pdf_attachment'
            else 'body'
        end as text_origin
    from documents_with_pdf

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
    body_visible_chars,
    text_origin,
    case when text_origin = 'pdf_attachment' then pdf_attachment_id end as text_attachment_id,
    case when text_origin = 'pdf_attachment' then pdf_attachment_url end as text_attachment_url,
    case when text_origin = 'pdf_attachment' then pdf_text else body_text end as report_text,
    length(case when text_origin = 'pdf_attachment' then pdf_text else body_text end) as text_length
from text_chosen
