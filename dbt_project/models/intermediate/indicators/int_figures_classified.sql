-- Which indicator each figure measures: every figure of int_figures_extracted, matched against
-- the rules of the indicator catalogue (seeds/indicator_catalogue.csv), with the rule that won
-- and a confidence; figures no rule matched stay, with indicator_code NULL. Zeros stated in
-- words (未制定行政规范性文件, 全年无行政执法行为) are added here as figures of value 0, since
-- only the catalogue knows which indicator a negation speaks of.
--
-- The catalogue is read when the model is compiled and each rule becomes one CASE with its
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
    {#- ref() names the seed's table, except in a dbt unit test, where it names the test's
        fixture (a CTE, no table): the rules are then still read from the seed's table #}
    {%- set catalogue = ref('indicator_catalogue') %}
    {%- if (catalogue | string).startswith('__dbt__cte__') %}
        {%- set catalogue = api.Relation.create(
            database=target.database, schema=generate_schema_name('seeds', none), identifier='indicator_catalogue') %}
    {%- endif %}
    {%- set rules = run_query(
        "select * from " ~ catalogue ~ " order by priority, indicator_code"
    ).rows %}
{%- endif %}

{#- The distinct topic patterns: each is matched once per figure, into a column topic_<n>. #}
{%- set topics = [] %}
{%- for rule in rules %}
    {%- if rule['topic_pattern'] and rule['topic_pattern'] not in topics %}
        {%- do topics.append(rule['topic_pattern']) %}
    {%- endif %}
{%- endfor %}

{#- The indicator codes in rule order: a winner's rule number is an index into this list. A
    candidate's key (figure_candidates below) packs a priority in three digits and a rule number
    in four. #}
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
{%- set versions_to_read = report_versions_to_read() %}
with versions as (

    {{ versions_to_read }}

),

figures as (

    select * from {{ ref('int_figures_extracted') }}
    where document_version_id in (select document_version_id from versions)
      and {{ versions_written_since(ref('int_figures_extracted'), versions_to_read) }}

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

figure_clauses as (

    -- the clauses around each figure come from int_figures_extracted; patterns read the
    -- simplified text (match_text), like the extraction
    select
        figures.*,
        {%- for topic in topics %}
        sentence_topics.topic_{{ loop.index }},
        {%- endfor %}
        case
            when figures.match_text is null then figures.raw_phrase
            else substr(figures.match_text, figures.position_in_sentence + 1, length(figures.raw_phrase))
        end as match_phrase
    from figures
    inner join sentence_topics
        on figures.sentence_id = sentence_topics.sentence_id

),

figure_candidates as (

    -- Each rule of the catalogue, in one pass over the figures: a figure's candidates are the
    -- rules that match it, each as one integer key, in a list (candidate_keys). A rule matches
    -- when the figure's unit is one of its units, its topic pattern matches the sentence, no
    -- exclude pattern matches the clause, and its subject pattern matches the clause before the
    -- figure (or its object pattern the clause after; or, for a topic_only rule, neither). The
    -- nested CASEs run a rule's patterns only on the figures that pass its cheaper tests.
    --
    -- The key orders the candidates as they compete: clause-level (subject, object) before
    -- topic-only, then the lower priority, then near before far (the rule's words within
    -- {{ near_chars }} characters of the figure), then the rule's place in the catalogue; the
    -- smallest key wins. Packed as level (1 clause, 2 topic) · priority (3 digits) · far (0/1)
    -- · rule number (4 digits) · object (0/1): key // 40000000 is the level, key // 40000 the
    -- level and priority, (key // 20000) % 2 far, (key // 2) % 10000 the rule, key % 2 object.
    select
        *,
        list_filter([
            {%- for rule in rules %}
            {%- set units = rule['units'].split('|') %}
            {%- set rule_key = 2 * loop.index %}
            {%- set far %}
                {%- if rule['subject_pattern'] or rule['object_pattern'] -%}
                case when
                    {%- if rule['subject_pattern'] %} regexp_matches(right(clause_before, {{ near_chars }}), {{ sql_literal(rule['subject_pattern']) }}){% else %} false{% endif %}
                    {%- if rule['object_pattern'] %} or regexp_matches(left(clause_after, {{ near_chars }}), {{ sql_literal(rule['object_pattern']) }}){% endif %}
                    then 0 else 20000 end
                {%- else -%}
                20000
                {%- endif -%}
            {%- endset %}
            -- {{ rule['indicator_code'] }}
            case when unit in ({% for unit in units %}{{ sql_literal(unit) }}{% if not loop.last %}, {% endif %}{% endfor %})
                {%- if rule['topic_pattern'] %} and topic_{{ topics.index(rule['topic_pattern']) + 1 }}{% endif %} then
                {%- if rule['exclude_pattern'] %}
                case when not regexp_matches(clause_before || match_phrase || clause_after, {{ sql_literal(rule['exclude_pattern']) }}) then
                {%- endif %}
                {%- if rule['subject_pattern'] or rule['object_pattern'] %}
                case
                    {%- if rule['subject_pattern'] %}
                    when regexp_matches(clause_before, {{ sql_literal(rule['subject_pattern']) }})
                        then {{ (1000 + rule['priority']) * 40000 + rule_key }} + {{ far }}
                    {%- endif %}
                    {%- if rule['object_pattern'] %}
                    when regexp_matches(clause_after, {{ sql_literal(rule['object_pattern']) }})
                        then {{ (1000 + rule['priority']) * 40000 + rule_key + 1 }} + {{ far }}
                    {%- endif %}
                    {%- if rule['topic_only'] %}
                    else {{ (2000 + rule['priority']) * 40000 + rule_key }} + {{ far }}
                    {%- endif %}
                end
                {%- elif rule['topic_only'] %}
                {{ (2000 + rule['priority']) * 40000 + rule_key }} + {{ far }}
                {%- else %}
                null::bigint
                {%- endif %}
                {%- if rule['exclude_pattern'] %}
                end
                {%- endif %}
            end{% if not loop.last %},{% endif %}
            {%- endfor %}
        ]::bigint[], lambda key: key is not null) as candidate_keys
    from figure_clauses

),

figures_ranked as (

    -- the winner's key decoded (layout above)
    select
        *,
        ({{ rule_codes }})[(winner_key // 2) % 10000] as indicator_code,
        case
            when winner_key // 40000000 = 2 then 'topic'
            when winner_key % 2 = 1 then 'object'
            else 'subject'
        end as matched_on,
        (winner_key // 20000) % 2 = 0 as near,
        -- a rival as specific and as high in priority: the choice is a guess
        len(list_filter(candidate_keys, lambda key: key // 40000 = winner_key // 40000)) > 1 as has_rival
    from (select *, list_min(candidate_keys) as winner_key from figure_candidates)

),

figures_classified as (

    select
        report_id,
        document_version_id,
        figure_id,
        sentence_id,
        section,
        raw_phrase,
        start_offset,
        end_offset,
        value,
        value_high,
        unit,
        approximate,
        bound_direction,
        redacted,
        case when redacted then 'redacted' else 'number' end as figure_kind,
        indicator_code,
        indicator_code || ':' || matched_on as matched_rule,
        case
            when winner_key is null then null
            else round(
                case when matched_on = 'topic' then 0.6 when near then 0.9 else 0.8 end
                - case when has_rival then 0.1 else 0 end,
                2
            )
        end as confidence,
        len(candidate_keys) as candidate_count,
        -- 其中…: a part of a total stated just before; panels do not add it to the total
        regexp_matches(clause_before, '其中') as is_breakdown,
        clause_before,
        clause_after,
        sentence_text
    from figures_ranked

),

negation_sentences as (

    -- substring tests, not a pattern: they cost little even where they run before the version test
    select report_id, document_version_id, sentence_id, section, sentence_text, match_text, start_offset
    from {{ ref('int_report_sentences_selected') }}
    where document_version_id in (select document_version_id from versions)
      and {{ sentences_written_since(versions_to_read) }}
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
