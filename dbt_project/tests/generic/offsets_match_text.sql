{#
  Rows whose [start_offset, end_offset) in the cleaned text (int_report_text_cleaned.cleaned_text
  of their document_version_id) is not their text: sections, paragraphs and sentences must
  point exactly at what they hold.

    - offsets_match_text:
        arguments:
          text_column: section_text

  Cutting a row's text out of the whole cleaned text (substr) walks the text from its start, as
  UTF-8 has no index: on millions of sentences that is most of a build's testing. Two cheaper
  forms check the same thing for rows that sit in a known stretch of the text:

  - lines: true — the rows are the lines of the text, numbered by key_column from 1 (the
    paragraphs): row n holds line n of the text, row 1 starts at 0, row n at one past the end of
    row n - 1, and each ends its length after its start. By induction every row is then exactly
    its stretch of the text. A split of each text and a join of the rows on their predecessor.

        - offsets_match_text:
            arguments:
              text_column: paragraph_text
              lines: true

  - within: a model whose row holds each row (joined on document_version_id and key_column, a
    sentence in its paragraph): the row must lie inside that row's [start_offset, end_offset) and
    be that row's within_text_column at the offsets relative to its start, which walks only the
    paragraph. That the paragraphs themselves are their stretch of the text is their own test
    (lines: true above), and together the two say what the plain form says.

        - offsets_match_text:
            arguments:
              text_column: sentence_text
              within: ref('int_report_paragraphs')
              within_text_column: paragraph_text

  The plain form still checks any model against the whole text: leave out lines and within
  (key_column: the column that numbers a version's rows from 1).

        - offsets_match_text:
            arguments:
              text_column: section_text
              key_column: section_number

  A night's build tests the rows it wrote (get_where_subquery in macros/built_at.sql): when they
  are a small part of the table (tests_a_part_of_the_table), each form reads the texts of those
  rows' versions only, so a night costs what it wrote, not what the warehouse holds (100,000
  reports: the three tests 5.3 s a night reading every text, 1.3 s reading a thousand). A full
  build's test reads every text whole, joined as below: there, narrowing millions of rows'
  versions first costs more than it saves (the lines form 6-8 s against 3-4 s), and with the
  join on the predecessor DuckDB built its hash table on the wrong side (90 s).
#}

{% test offsets_match_text(model, text_column, lines=false, within=none, within_text_column='paragraph_text', key_column='paragraph_number') %}

{%- set narrowed = tests_a_part_of_the_table(model) %}
{#- a night's tested versions, one row each (key_column numbers a version's rows from 1) #}
{%- set tested_versions = '(select document_version_id from ' ~ model ~ ' where ' ~ key_column ~ ' = 1)' %}

{% if lines and narrowed %}

with tested as not materialized (

    select * from {{ model }}

),

texts as (

    -- the texts of the versions tested: each version's paragraph 1, one row a version
    select document_version_id, string_split(cleaned_text, chr(10)) as text_lines
    from {{ ref('int_report_text_cleaned') }}
    where document_version_id in (select document_version_id from tested where {{ key_column }} = 1)
      and {{ written_since(ref('int_report_text_cleaned'), tested_versions) }}

),

located as (

    select
        *,
        lag(end_offset) over (partition by document_version_id order by {{ key_column }}) as previous_end_offset
    from tested

)

select located.*
from located
left join texts
    on located.document_version_id = texts.document_version_id
where texts.text_lines[located.{{ key_column }}] is distinct from located.{{ text_column }}
    or located.start_offset is distinct from
        case when located.{{ key_column }} = 1 then 0 else located.previous_end_offset + 1 end
    or located.end_offset is distinct from located.start_offset + length(located.{{ text_column }})

{% elif lines %}

-- not materialized: read twice, it would otherwise be copied whole
with tested as not materialized (

    select * from {{ model }}

),

texts as (

    -- every text, joined below: the self-join on the predecessor then stays on the slim side.
    -- Each line as its 64-bit hash: the join holds 8 bytes a line, not the lines (100,000
    -- reports: 1.5 GB of DuckDB's memory instead of 2.3, and faster; with the lines, the join
    -- spilled to disk when a heavy model ran beside it and took 88 s)
    select
        document_version_id,
        list_transform(string_split(cleaned_text, chr(10)), lambda line: hash(line)) as line_hashes
    from {{ ref('int_report_text_cleaned') }}

)

select located.*
from tested as located
inner join texts
    on located.document_version_id = texts.document_version_id
left join tested as previous
    on located.document_version_id = previous.document_version_id
    and located.{{ key_column }} = previous.{{ key_column }} + 1
where texts.line_hashes[located.{{ key_column }}] is distinct from hash(located.{{ text_column }})
    or located.start_offset is distinct from
        case when located.{{ key_column }} = 1 then 0 else previous.end_offset + 1 end
    or located.end_offset is distinct from located.start_offset + length(located.{{ text_column }})

{% elif within is not none %}

select located.*
from (select * from {{ model }}) as located
left join (
    select * from {{ within }}
    {%- if narrowed %}
    where document_version_id in (select document_version_id from {{ model }})
      and {{ written_since(within, '(select document_version_id from ' ~ model ~ ')') }}
    {%- endif %}
) as container
    on located.document_version_id = container.document_version_id
    and located.{{ key_column }} = container.{{ key_column }}
where container.document_version_id is null
    or located.start_offset < container.start_offset
    or located.end_offset > container.end_offset
    or substr(
        container.{{ within_text_column }},
        located.start_offset - container.start_offset + 1,
        located.end_offset - located.start_offset
    ) is distinct from located.{{ text_column }}

{% else %}

select located.*
from (select * from {{ model }}) as located
inner join (
    select * from {{ ref('int_report_text_cleaned') }}
    {%- if narrowed %}
    -- one row a version (key_column numbers a version's rows from 1): DuckDB then sees the
    -- tested versions as the smaller side, and reads only their texts
    where document_version_id in (select document_version_id from {{ model }} where {{ key_column }} = 1)
      and {{ written_since(ref('int_report_text_cleaned'), tested_versions) }}
    {%- endif %}
) as cleaned
    on located.document_version_id = cleaned.document_version_id
where substr(cleaned.cleaned_text, located.start_offset + 1, located.end_offset - located.start_offset)
      is distinct from located.{{ text_column }}

{% endif %}

{% endtest %}
