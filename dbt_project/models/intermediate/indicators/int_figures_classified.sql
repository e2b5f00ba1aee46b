-- Which indicator each figure measures: every figure of int_figures_extracted, matched against
-- the rules of the indicator catalogue (seeds/indicator_catalogue.csv), with the rule that won
-- and a confidence; figures no rule matched stay, with indicator_code NULL. Zeros stated in
-- words (未制定行政规范性文件, 全年无行政执法行为) are added here as figures of value 0, since
-- only the catalogue knows which indicator a negation speaks of.
--
-- The catalogue is read when the model is compiled and each rule becomes one SELECT with its
-- patterns as constants: DuckDB compiles each regular expression once, where a join on the
-- pattern column would compile it again for every row. A new catalogue row is picked up on the
-- next run; a changed rule needs a --full-refresh to re-read reports already classified.
--
-- How a rule matches is in the catalogue's description (seeds/_indicator_seeds.yml). Among the
-- rules that match one figure: clause-level matches before topic-only ones, then the lower
-- priority, then the one whose words stand nearer the figure.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

-- depends_on: {{ ref('indicator_catalogue') }}
{%- set rules = [] %}
{%- if execute %}
    {%- set rules = run_query(
        "select * from " ~ ref('indicator_catalogue') ~ " order by priority, indicator_code"
    ).rows %}
{%- endif %}

{#- The distinct topic patterns: each is matched once per figure, into a column topic_<n>. #}
{%- set topics = [] %}
{%- for rule in rules %}
    {%- if rule['topic_pattern'] and rule['topic_pattern'] not in topics %}
        {%- do topics.append(rule['topic_pattern']) %}
    {%- endif %}
{%- endfor %}

{#- The indicator codes in rule order: a winner's rule number is an index into this list. The
    winner's key (winners below) packs a priority in three digits and a rule number in four. #}
{%- for rule in rules %}
    {%- if not (0 <= rule['priority'] < 1000) or loop.index >= 10000 %}
        {{ exceptions.raise_compiler_error(
            "indicator_catalogue: priority must be 0-999 and rules fewer than 10000 (" ~ rule['indicator_code'] ~ ")") }}
    {%- endif %}
{%- endfor %}
{%- set rule_codes -%}
    [{% for rule in rules %}{{ sql_literal(rule['indicator_code']) }}{% if not loop.last %}, {% endif %}{% endfor %}]::varchar[]
{%- endset %}

{#- Words within this many characters of the figure count as "near" it. #}
{%- set near_chars = 10 %}

-- depends_on: {{ ref('reports') }}
with versions as (

    {{ report_versions_to_read() }}

),

figures as (

    select * from {{ ref('int_figures_extracted') }}
    where document_version_id in (select document_version_id from versions)

),

sentence_topics as materialized (

    -- The topic patterns are matched once per sentence, not once per figure: a sentence with
    -- figures holds two of them on average.
    select
        sentence_id
        {%- for topic in topics %},
        regexp_matches(topic_text, {{ sql_literal(topic) }}) as topic_{{ loop.index }}
        {%- endfor %}
    from (
        select sentence_id, any_value(coalesce(match_text, sentence_text)) as topic_text
        from figures
        group by sentence_id
    )

),

figure_clauses as materialized (

    -- materialized: every rule below reads it; computed once, not once per rule, and narrow
    -- (no sentence), so that it stays small at national scale. The clauses around each figure
    -- come from int_figures_extracted; patterns read the simplified text, like the extraction.
    select
        figures.figure_id,
        figures.unit,
        {%- for topic in topics %}
        sentence_topics.topic_{{ loop.index }},
        {%- endfor %}
        figures.clause_before,
        case
            when figures.match_text is null then figures.raw_phrase
            else substr(figures.match_text, figures.position_in_sentence + 1, length(figures.raw_phrase))
        end as match_phrase,
        figures.clause_after
    from figures
    inner join sentence_topics
        on figures.sentence_id = sentence_topics.sentence_id

),

candidates as (

    {%- for rule in rules %}
    {%- set units = rule['units'].split('|') %}
    select
        figure_id,
        {{ sql_literal(rule['indicator_code']) }} as indicator_code,
        {{ rule['priority'] }} as priority,
        {{ loop.index }} as rule_number,
        {%- if rule['subject_pattern'] or rule['object_pattern'] %}
        case
            {%- if rule['subject_pattern'] %}
            when regexp_matches(clause_before, {{ sql_literal(rule['subject_pattern']) }}) then 'subject'
            {%- endif %}
            {%- if rule['object_pattern'] %}
            when regexp_matches(clause_after, {{ sql_literal(rule['object_pattern']) }}) then 'object'
            {%- endif %}
            else 'topic'
        end as matched_on,
        {%- else %}
        'topic' as matched_on,
        {%- endif %}
        {%- if rule['subject_pattern'] or rule['object_pattern'] %}
        (
            {%- if rule['subject_pattern'] %}
            regexp_matches(right(clause_before, {{ near_chars }}), {{ sql_literal(rule['subject_pattern']) }})
            {%- else %} false {%- endif %}
            {%- if rule['object_pattern'] %}
            or regexp_matches(left(clause_after, {{ near_chars }}), {{ sql_literal(rule['object_pattern']) }})
            {%- endif %}
        ) as near
        {%- else %}
        false as near
        {%- endif %}
    from figure_clauses
    where unit in ({% for unit in units %}{{ sql_literal(unit) }}{% if not loop.last %}, {% endif %}{% endfor %})
      and (
          false
          {%- if rule['subject_pattern'] %}
          or regexp_matches(clause_before, {{ sql_literal(rule['subject_pattern']) }})
          {%- endif %}
          {%- if rule['object_pattern'] %}
          or regexp_matches(clause_after, {{ sql_literal(rule['object_pattern']) }})
          {%- endif %}
          {%- if rule['topic_only'] %}
          or true
          {%- endif %}
      )
      {%- if rule['topic_pattern'] %}
      and topic_{{ topics.index(rule['topic_pattern']) + 1 }}
      {%- endif %}
      {%- if rule['exclude_pattern'] %}
      and not regexp_matches(clause_before || match_phrase || clause_after, {{ sql_literal(rule['exclude_pattern']) }})
      {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select null::varchar as figure_id, null::varchar as indicator_code, null::integer as priority,
           null::integer as rule_number, null::varchar as matched_on, null::boolean as near
    where false
    {%- endfor %}

),

winners as (

    -- per figure, the candidate that wins: clause-level before topic-only, then the lower
    -- priority, then near before far, then the indicator code. Each candidate is one integer
    -- (rank_key below: that order, then the rule, then subject or object), so the winner is a
    -- plain min() of integers: a min_by over structs and a list of the rivals cost twice as
    -- much at national scale. A winner has rivals (the choice is a guess) when the two best
    -- candidates are as specific and as high in priority (min(level_key, 2)).
    select
        figure_id,
        ({{ rule_codes }})[(winner_key // 2) % 10000] as indicator_code,
        case
            when winner_key // 40000000 = 2 then 'topic'
            when winner_key % 2 = 1 then 'object'
            else 'subject'
        end as matched_on,
        (winner_key // 20000) % 2 = 0 as near,
        winner_key // 40000000 as match_level,
        case when len(best_levels) = 2 and best_levels[1] = best_levels[2] then 1 else 0 end as rivals,
        candidate_count
    from (
        select
            figure_id,
            min(rank_key) as winner_key,
            min(level_key, 2) as best_levels,
            count(*) as candidate_count
        from (
            select
                figure_id,
                -- level (1 clause, 2 topic) · priority (3 digits) · far (0/1) · rule number
                -- (4 digits) · object (0/1): key // 40000000 is the level, (key // 20000) % 2
                -- far, (key // 2) % 10000 the rule, key % 2 object
                (((level * 1000 + priority) * 2 + (not near)::int) * 10000 + rule_number) * 2
                    + (matched_on = 'object')::int as rank_key,
                level * 1000 + priority as level_key
            from (
                select *, case when matched_on = 'topic' then 2 else 1 end as level
                from candidates
            )
        )
        group by figure_id
    )

),

figures_classified as (

    select
        figures.report_id,
        figures.document_version_id,
        figures.figure_id,
        figures.sentence_id,
        figures.section,
        figures.raw_phrase,
        figures.start_offset,
        figures.end_offset,
        figures.value,
        figures.value_high,
        figures.unit,
        figures.approximate,
        figures.bound_direction,
        figures.redacted,
        case when figures.redacted then 'redacted' else 'number' end as figure_kind,
        winner.indicator_code,
        winner.indicator_code || ':' || winner.matched_on as matched_rule,
        case
            when winner.indicator_code is null then null
            else round(
                case
                    when winner.match_level = 2 then 0.6
                    when winner.near then 0.9
                    else 0.8
                end - case when winner.rivals > 0 then 0.1 else 0 end,
                2
            )
        end as confidence,
        coalesce(winner.candidate_count, 0) as candidate_count,
        -- 其中…: a part of a total stated just before; panels do not add it to the total
        regexp_matches(figures.clause_before, '其中') as is_breakdown,
        figures.clause_before,
        figures.clause_after,
        figures.sentence_text
    from figures
    left join winners as winner
        on figures.figure_id = winner.figure_id

),

negation_sentences as (

    -- substring tests, not a pattern: they cost little even where they run before the version test
    select report_id, document_version_id, sentence_id, section, sentence_text, match_text, start_offset
    from {{ ref('int_report_sentences_selected') }}
    where document_version_id in (select document_version_id from versions)
      and (contains(match_text, '未') or contains(match_text, '无') or contains(match_text, '没'))

),

negations as (

    {%- set negation_rules = rules | selectattr('negation_pattern') | list %}
    {%- for rule in negation_rules %}
    select
        report_id,
        document_version_id,
        sentence_id,
        section,
        sentence_text,
        match_text,
        start_offset as sentence_start,
        {{ sql_literal(rule['indicator_code']) }} as indicator_code,
        {{ sql_literal(rule['unit']) }} as unit,
        regexp_extract(match_text, {{ sql_literal(rule['negation_pattern']) }}) as match_phrase
    from negation_sentences
    where regexp_matches(match_text, {{ sql_literal(rule['negation_pattern']) }})
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select null::varchar as report_id, null::varchar as document_version_id, null::varchar as sentence_id,
           null::varchar as section, null::varchar as sentence_text, null::varchar as match_text,
           null::integer as sentence_start, null::varchar as indicator_code, null::varchar as unit,
           null::varchar as match_phrase
    where false
    {%- endfor %}

),

negations_placed as (

    select
        *,
        instr(match_text, match_phrase) - 1 as position_in_sentence,
        substr(sentence_text, instr(match_text, match_phrase), length(match_phrase)) as raw_phrase,
        regexp_extract(left(match_text, instr(match_text, match_phrase) - 1), '[^，,；;。：:！？!?]*$')
            as clause_before
    from negations

),

negation_figures as (

    select
        report_id,
        document_version_id,
        report_id || ':' || (sentence_start + position_in_sentence) as figure_id,
        sentence_id,
        section,
        raw_phrase,
        sentence_start + position_in_sentence as start_offset,
        sentence_start + position_in_sentence + length(raw_phrase) as end_offset,
        0::double as value,
        null::double as value_high,
        unit,
        false as approximate,
        'exact' as bound_direction,
        false as redacted,
        'negation' as figure_kind,
        indicator_code,
        indicator_code || ':negation' as matched_rule,
        0.9 as confidence,
        1 as candidate_count,
        false as is_breakdown,
        clause_before,
        '' as clause_after,
        sentence_text
    from negations_placed
    -- 确保无…, 杜绝…: a goal, not a statement of what happened
    where not regexp_matches(clause_before, '确保|力争|争取|避免|杜绝|防止|做到|实现')

)

select *, {{ built_at() }} as built_at from figures_classified
union all by name
select *, {{ built_at() }} as built_at from negation_figures
