{#
  How the incremental models of the indicator area decide what to read on a night. Everything
  they hold is keyed by report; a model reads a report again when it has a version the model has
  not read (new text), and a mart rewrites a report whose metadata changed since it was written
  (a district resolved anew, a new districts seed). Finding those goes through marts.reports — a
  hundred thousand rows — never through the ten million sentences, so a quiet night is cheap.
#}

{#
  The report versions (report_id, document_version_id) of marts.reports this model has not read:
  every version on a first build or --full-refresh, or when the table lacks one of
  `required_columns` (columns a later release of the model added). A model whose output can be
  empty for a report (no honour in it) writes a marker row for each version read, or it would
  read that report again every night. On a night the versions are found when the model runs and
  listed as constants (keys_to_read): a model sets them once and uses them for its reads and its
  written_since, so the anti-join over its own table runs once (0.2-0.5 s at 100,000 reports).
#}
{% macro report_versions_to_read(required_columns=[]) -%}
    {%- set versions -%}
        select report_id, report_id || ':' || content_sha256 as document_version_id
        from {{ ref('reports') }}
    {%- endset -%}
    {{ return(versions_not_read_by_this(versions, required_columns)) }}
{%- endmacro %}

{#
  The versions of every document identified as a report (int_reports_identified) this model has
  not read, copies included: for a model that needs no more than the text (the figure
  extraction), so that it need not wait for the copies to be found and marts.reports built. Its
  readers keep the versions of marts.reports. Listed as report_versions_to_read lists them.
#}
{% macro identified_versions_to_read(required_columns=[]) -%}
    {%- set versions -%}
        select document_id as report_id, document_version_id
        from {{ ref('int_reports_identified') }}
        where report_kind <> 'other'
    {%- endset -%}
    {{ return(versions_not_read_by_this(versions, required_columns)) }}
{%- endmacro %}

{#- The rows of `versions` (report_id, document_version_id) this model has not read (all of them
    on a first build, or when its table lacks one of `required_columns`: an upgrade reads every
    version again), their versions listed as versions_not_read_yet lists them. #}
{% macro versions_not_read_by_this(versions, required_columns) -%}
    {%- if not is_incremental_with_columns(required_columns) -%}
        {{ return(versions) }}
    {%- endif -%}
    {{ return('select * from (' ~ versions ~ ') as versions where document_version_id in '
              ~ versions_not_read_yet('(' ~ versions ~ ')')) }}
{%- endmacro %}

{#
  The reports of marts.reports a mart must (re)write: those whose version or whose columns
  `report_columns` differ from what the mart holds for them (all of them on a first build).
  Each row a mart writes carries the report's fingerprint, a hash of the report id, its content
  hash and those columns: a night compares the fingerprints of marts.reports (100,000 rows)
  with the distinct fingerprints stored, one integer column, instead of the distinct
  (report, version, columns…) of millions of rows (indicator_values at 100,000 reports: 5 s).
  DuckDB's hash() may change with a DuckDB release; the mart is then written again once, in full.
  The marts append what they write (incremental_strategy='append'): the rows a report held before
  carry a fingerprint marts.reports no longer gives, and the post-hook delete_rows_of_reports_gone()
  deletes them with the rows of reports that left marts.reports. A delete by report id before the
  insert scanned the mart's whole key every night (report_sentences at 100,000 reports: 0.6 s).
#}
{% macro reports_to_write(report_columns) -%}
    select *
    from ({{ reports_with_fingerprint(report_columns) }}) as reports
    {#- a table written before it had the fingerprint (an upgrade): every report is written again #}
    {%- if is_incremental_with_columns(['report_fingerprint']) %}
    where report_fingerprint not in (select distinct report_fingerprint from {{ this }})
    {%- endif %}
{%- endmacro %}

{% macro reports_with_fingerprint(report_columns) -%}
    select
        reports.*,
        reports.report_id || ':' || reports.content_sha256 as document_version_id,
        hash(reports.report_id, reports.content_sha256
            {%- for column in report_columns %}, reports.{{ column }}{% endfor %}) as report_fingerprint
    from {{ ref('reports') }} as reports
{%- endmacro %}

{#
  The post-hook of those marts: after the night's rows are written, the rows of every report in
  marts.reports hold its current fingerprint, so a row whose fingerprint marts.reports no longer
  gives is of an earlier version of a report, of a report whose columns changed, or of one that
  left marts.reports (a copy of a better one, no longer a report); a row without one is from
  before the mart had the column. Compared on the integer fingerprint, not on the report id
  text of millions of rows. A model declares its report columns once and passes the same list
  to both macros:
      {% set report_columns = [...] %}
      {{ config(post_hook="{{ delete_rows_of_reports_gone(" ~ report_columns ~ ") }}") }}
#}
{% macro delete_rows_of_reports_gone(report_columns) -%}
    delete from {{ this }}
    where report_fingerprint is null
       or report_fingerprint not in (
        select report_fingerprint from ({{ reports_with_fingerprint(report_columns) }})
    )
{%- endmacro %}

{#
  is_incremental(), and {{ this }} already has every column in `columns`: a model that compares
  what it stores (a fingerprint column) reads everything again on the first build after the
  column was added, instead of failing on a column the old table lacks.
#}
{% macro is_incremental_with_columns(columns) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(columns | reject('in', existing) | list | length == 0) }}
{%- endmacro %}

{#
  The keys a night reads, for `where key in {{ keys_to_read(query) }}`: when `query` gives few
  keys (max_listed or fewer, as on a night), they are run when the model runs and written into
  its SQL as constants; otherwise (a first build) the query itself, as a subquery. DuckDB pushes
  a list of constants down through views, windows partitioned on the key and joins to the table
  scans, so the views' regular expressions and joins (the latest version of each document, the
  text to read) run for those documents only; a subquery is a join it cannot push there, and
  the views were computed for every document first (int_reports_identified at 100,000
  documents + 1,000 new: 2.3 s -> 1.2 s, int_report_quality_flags 2.4 s -> 1.6 s). The scans
  still read every row: DuckDB keeps a long list of constants as an optional filter, for
  pruning row groups, which hashed ids cannot do.
#}
{% macro keys_to_read(query, max_listed=5000) -%}
    {%- if not execute -%}
        {{ return('(' ~ query ~ ')') }}
    {%- endif -%}
    {%- set keys = run_query('select * from (' ~ query ~ ') limit ' ~ (max_listed + 1)).columns[0].values() -%}
    {%- if keys | length > max_listed -%}
        {{ return('(' ~ query ~ ')') }}
    {%- endif -%}
    {#- no key: a list that matches nothing (SQL has no empty list) #}
    {%- set quoted = [] -%}
    {%- for key in keys -%}
        {%- do quoted.append("'" ~ (key | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ return('(' ~ (quoted | join(', ') or 'null') ~ ')') }}
{%- endmacro %}

{#- Whether `keys` (from keys_to_read) is a list of constants, not the subquery; an empty list is
    '(null)'. #}
{% macro keys_are_listed(keys) -%}
    {{ return(keys.startswith("('") or keys == '(null)') }}
{%- endmacro %}

{#
  A condition on `relation`'s loaded_at (a view of raw.documents: one row per document, its
  latest version) that keeps the versions of `documents`, a list of constants from keys_to_read:
  loaded_at at or after the earliest time one of them was loaded (right in any row order). The
  loader appends raw.documents with the time of each load, so on a night DuckDB reads the texts
  of the night's documents only: a filter on ids cannot skip a row's text (100,000 documents +
  1,000: 0.40 s -> 0.02 s a scan, in the cleaning, the identification and the quality flags).
  True for a subquery (a first build reads every text) or when some have no loaded_at; false
  when none is in `relation`. `column` names
  the column in the reader's query (documents.loaded_at beside a join).
#}
{% macro loaded_since(relation, documents, column='loaded_at') -%}
    {%- if not execute or not keys_are_listed(documents) -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return(at_or_after_earliest('loaded_at', relation, 'document_id in ' ~ documents, column)) }}
{%- endmacro %}

{#
  The versions of `upstream` (a table, or a subquery in parentheses; one row per version, or
  key_filter picks one) that this incremental model has not read (this_key_filter picks one row
  per version of it, where it can), as keys_to_read gives them: constants on a night. Distinct
  first: a table of figures holds each version some fifty times (20,000 reports: 0.52 s without,
  0.03 s with).
#}
{% macro versions_not_read_yet(upstream, key_filter='true', this_key_filter='true') -%}
    {{ return(keys_to_read(
        'select document_version_id from ' ~ upstream ~ ' as upstream where ' ~ key_filter
        ~ ' and document_version_id not in (select distinct document_version_id from ' ~ this
        ~ ' where ' ~ this_key_filter ~ ')'
    )) }}
{%- endmacro %}

{#
  written_since() for a model that reads the rows `relation` holds for the versions of
  `versions_query` (report_versions_to_read, identified_versions_to_read, or a mart's
  reports_to_write): on a night only the part of the table written since the first of those
  versions' rows was is read. Without it DuckDB tests the version id of every row, and reads
  every text: at 100,000 reports, int_figures_classified reading the figures of 1,000 new reports
  out of 4.7 million took 1.0-1.2 s against 0.6 s with the bound, report_sections reading their
  sections 0.40 s against 0.08 s. `key_filter` is the reader's own filter on the table, or picks
  one row per version for the probe. A mart's reports_to_write lists every night the reports the
  mart holds no row of (a report without an unclassified figure): with the mart's filter as
  key_filter they have no row in the table either, so they send the probe to its slow path (a
  scan of the table's key, 0.1 s at 4.7 million rows) but do not hold the bound back at the night
  their rows were written.
#}
{% macro versions_written_since(relation, versions_query, key_filter='true') -%}
    {%- if not is_incremental() -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return(written_since(
        relation, keys_to_read('select document_version_id from (' ~ versions_query ~ ')'), key_filter
    )) }}
{%- endmacro %}

{#- versions_written_since() over the sentences, for the readers of int_report_sentences_selected. #}
{% macro sentences_written_since(versions_query) -%}
    {#- Probed on the first sentence of each version in the table behind the view, named from
        the view its readers ref() already (a ref here would be a dependency dbt's unit tests must
        be given): the view's join would be computed for every sentence (0.25 s a probe). #}
    {%- set sentences = ref('int_report_sentences_selected') -%}
    {{ return(versions_written_since(
        sentences.incorporate(path={'identifier': 'int_report_sentences'}), versions_query, 'sentence_number = 1'
    )) }}
{%- endmacro %}
