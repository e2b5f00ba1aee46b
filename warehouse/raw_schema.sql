-- The raw layer: written only by warehouse.loader, append-only, one transaction per load.
-- dbt reads these tables as sources (dbt_project/models/staging/raw/_raw__sources.yml).

create schema if not exists raw;

-- One row per landing file loaded: makes loading idempotent.
create table if not exists raw.landing_files (
    batch_id        varchar primary key,
    file_name       varchar not null,
    file_sha256     varchar not null,
    run_id          varchar not null,
    source_id       varchar not null,
    loaded_at       timestamp not null
);

-- One row per source per harvest run: the raw material of harvest health.
create table if not exists raw.harvest_runs (
    batch_id        varchar primary key,
    run_id          varchar not null,
    source_id       varchar not null,
    started_at      timestamp not null,
    finished_at     timestamp not null,
    outcome         varchar not null,     -- ok / partial / failed
    error_class     varchar,
    error_message   varchar,
    pages_requested integer not null,
    list_pages      integer not null,
    not_modified    integer not null,
    articles_fetched integer not null,
    articles_known  integer not null,
    items_seen      integer not null,
    items_declared  integer,
    bytes_fetched   bigint not null,
    documents_new   integer not null,     -- document ids never loaded before
    documents_changed integer not null,   -- known document id, new content
    errors          json,                 -- error class -> count
    loaded_at       timestamp not null,
    -- Added with the harvesting engine (see the migration below for older warehouses).
    full_walk       boolean,              -- every list page walked, known articles re-checked
    walk_complete   boolean,              -- the walk reached the end of every list; NULL: not recorded
    articles_unchanged integer default 0, -- re-checked known articles: 304 or the same bytes
    documents_vanished integer default 0, -- known documents a complete full walk no longer lists
    vanished_documents json               -- [{document_id, url}] of those
);

-- Migration of a warehouse created before the columns above existed: old rows keep NULL
-- (not recorded) for the walk, 0 for the counts.
alter table raw.harvest_runs add column if not exists full_walk boolean;
alter table raw.harvest_runs add column if not exists walk_complete boolean;
alter table raw.harvest_runs add column if not exists articles_unchanged integer default 0;
alter table raw.harvest_runs add column if not exists documents_vanished integer default 0;
alter table raw.harvest_runs add column if not exists vanished_documents json;

-- Every HTTP exchange; bodies are in the raw store under body_sha256.
create table if not exists raw.fetches (
    fetch_id        varchar primary key,
    batch_id        varchar not null,
    source_id       varchar not null,
    url             varchar not null,
    final_url       varchar,
    method          varchar not null,
    purpose         varchar not null,
    status          integer,
    requested_at    timestamp not null,
    elapsed_ms      integer,
    body_sha256     varchar,
    body_bytes      bigint,
    content_type    varchar,
    headers         json,
    error_class     varchar,
    error_message   varchar,
    loaded_at       timestamp not null
);

-- One row per document version: a changed page is a new row, never an overwrite.
create table if not exists raw.documents (
    document_id     varchar not null,
    content_sha256  varchar not null,
    batch_id        varchar not null,
    source_id       varchar not null,
    url             varchar not null,
    body_sha256     varchar not null,
    fetched_at      timestamp not null,
    list_title      varchar,
    list_date       varchar,
    page_title      varchar,
    meta            json,
    text            varchar,
    charset         json,
    loaded_at       timestamp not null,
    primary key (document_id, content_sha256)
);

create table if not exists raw.attachments (
    attachment_id   varchar not null,
    document_id     varchar not null,
    document_content_sha256 varchar not null,
    url             varchar not null,
    link_text       varchar,
    body_sha256     varchar,
    media_type      varchar,
    byte_size       bigint,
    text            varchar,
    page_count      integer,
    extract_status  varchar not null,
    error_message   varchar,
    batch_id        varchar not null,
    loaded_at       timestamp not null,
    primary key (attachment_id, document_content_sha256)
);

-- The registry entry of each source as it was when harvested; a new row when it changes.
create table if not exists raw.sources (
    source_id       varchar not null,
    entry_sha256    varchar not null,
    name            varchar,
    platform        varchar,
    district_code   varchar,
    agency          varchar,
    entry           json not null,
    loaded_at       timestamp not null,
    primary key (source_id, entry_sha256)
);
