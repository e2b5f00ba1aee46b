-- Every figure (数字) written in every report sentence: the number, its unit, whether it is
-- approximate and which way, or redacted — with the sentence and character offsets it came from.
-- Patterns run over the sentence in simplified characters (match_text, same length); the raw
-- phrase and the sentence are returned as written.
-- Set-based: one regexp_extract_all over all sentences at once (patterns in macros/figures.sql);
-- Chinese numerals, the rare case, go through the UDF govreports_chinese_numeral (cn2an).
-- Which indicator a figure measures is decided later, in int_figures_classified.
--
-- Incremental by report: a night only reads the sentences of report versions not seen yet, and
-- replaces every figure of those reports (delete+insert on report_id). It reads every document
-- identified as a report, copies of a better copy included: it need not wait for the copies to
-- be found, and int_figures_classified keeps the figures of marts.reports.

{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

{%- set versions_to_read = identified_versions_to_read(required_columns=['clause_before']) %}
with versions as (

    -- every identified report, copies included: the extraction does not wait for marts.reports
    -- (int_figures_classified keeps the figures of its reports)
    {{ versions_to_read }}

),

sentences as (

    select report_id, document_version_id, sentence_id, section, sentence_text, match_text, start_offset
    from {{ ref('int_report_sentences_selected') }}
    where document_version_id in (select document_version_id from versions)
      and {{ sentences_written_since(versions_to_read) }}

),

matched as materialized (

    -- a cheap character test first: most sentences hold no digit, numeral or placeholder
    select *, regexp_extract_all(match_text, '{{ figure_pattern() }}') as phrases
    from sentences
    where regexp_matches(match_text, '[0-9零〇二两三四五六七八九十百千*＊×]|一[十百千万亿]')

),

with_gaps as (

    -- offsets from the lengths of the text between matches (macros/matches.sql)
    select *, {{ match_lengths('match_text', 'phrases', figure_pattern()) }} as lengths
    from matched
    where len(phrases) > 0

),

phrases as (

    select
        report_id,
        document_version_id,
        sentence_id,
        section,
        sentence_text,
        match_text,
        start_offset as sentence_start,
        unnest(range(1, len(phrases) + 1)) as figure_number,
        unnest(phrases) as match_phrase,
        unnest({{ match_offsets('phrases', 'lengths') }}) as position_in_sentence
    from with_gaps

),

parts as (

    select
        *,
        substr(sentence_text, position_in_sentence + 1, length(match_phrase)) as raw_phrase,
        regexp_extract(
            match_phrase,
            '{{ figure_parts_pattern() }}',
            ['number', 'number_high', 'approx_before', 'multiplier', 'approx_after', 'unit_raw', 'bound_after']
        ) as part,
        left(match_text, position_in_sentence) as text_before,
        substr(match_text, position_in_sentence + length(match_phrase) + 1) as text_after
    from phrases

),

judged as materialized (

    select
        *,
        regexp_matches(part.number, '^[*＊×]+$') as redacted,
        regexp_matches(part.number, '^[零〇一二两三四五六七八九十百千]') as chinese_numeral,
        nullif(regexp_extract(text_before, '{{ figure_bound_prefix_pattern() }}', 1), '') as bound_before,
        -- Why a match is not a figure, or NULL when it is one.
        case
            -- inside a title 《…》 or quotes “…” (an opening mark not closed before the figure):
            -- names (《…（2015—2020年）》, “三项制度”, “3.5”)
            when regexp_matches(text_before, '[《〈][^》〉]*$') then 'in_title'
            when regexp_matches(text_before, '“[^”]*$') then 'in_quotes'
            when contains(text_before, '"')
                 and (length(text_before) - length(replace(text_before, '"', ''))) % 2 = 1 then 'in_quotes'
            -- 第二期, 第3次: an ordinal
            when regexp_matches(text_before, '第\s?$') then 'ordinal'
            -- 一名, 一次: a bare 一 is an article, not a count
            when part.number = '一' and part.multiplier = '' and part.number_high = '' then 'article'
            -- 两个维护, 三项制度: a numbered formula
            when regexp_matches(match_phrase, '^[零〇一二两三四五六七八九十]')
                 and regexp_matches(match_phrase || left(text_after, 4), '{{ figure_slogan_pattern() }}') then 'formula'
            -- 八一期间, 三部门: the unit character starts another word
            when regexp_matches(part.unit_raw || left(text_after, 1), '{{ figure_unit_continuation_pattern() }}')
                 and coalesce(part.bound_after, '') = '' then 'word'
        end as not_a_figure
    from parts

),

chinese_numerals as (

    -- The UDF runs once per distinct numeral (a few dozen in a corpus), not once per figure.
    select numeral, govreports_chinese_numeral(numeral) as numeral_value
    from (
        select distinct part.number as numeral from judged where chinese_numeral and not_a_figure is null
        union
        select distinct part.number_high from judged
        where regexp_matches(part.number_high, '^[零〇一二两三四五六七八九十百千]') and not_a_figure is null
    )

),

valued as (

    select
        judged.*,
        case part.multiplier
            when '' then 1
            when '千' then 1e3
            when '万' then 1e4
            when '亿' then 1e8
            when '千万' then 1e7
            when '万亿' then 1e12
        end as multiplier_value,
        case
            when redacted then null
            when chinese_numeral then low.numeral_value
            else replace(part.number, ',', '')::double
        end as number_value,
        case
            when part.number_high = '' then null
            when regexp_matches(part.number_high, '^[零〇一二两三四五六七八九十百千]') then high.numeral_value
            when regexp_matches(part.number_high, '^[*＊×]+$') then null
            else replace(part.number_high, ',', '')::double
        end as number_high_value
    from judged
    left join chinese_numerals as low
        on judged.chinese_numeral and judged.part.number = low.numeral
    left join chinese_numerals as high
        on judged.part.number_high = high.numeral
    where judged.not_a_figure is null

),

figures as (

    select
        report_id,
        document_version_id,
        sentence_id,
        section,
        sentence_text,
        match_text,
        figure_number,
        raw_phrase,
        sentence_start + position_in_sentence as start_offset,
        sentence_start + position_in_sentence + length(raw_phrase) as end_offset,
        position_in_sentence,
        number_value * multiplier_value as value,
        number_high_value * multiplier_value as value_high,
        -- units normalised: 万元 → 元 (the multiplier is in the value), 名 / 位 → 人, 个学时 → 学时
        case part.unit_raw
            when '名' then '人'
            when '位' then '人'
            when '个学时' then '学时'
            when '课时' then '学时'
            when '％' then '%'
            when '个百分点' then '百分点'
            when '个工作日' then '工作日'
            when '场次' then '场'
            when '批次' then '批'
            when '议题件' then '件'
            when '议题' then '件'
            else part.unit_raw
        end as unit,
        part.unit_raw as unit_raw,
        concat_ws('', bound_before, nullif(part.approx_before, ''), nullif(part.approx_after, ''), nullif(part.bound_after, ''))
            as bound_words,
        case
            when part.number_high <> '' then 'range'
            when part.approx_before <> '' or part.approx_after <> ''
                 or part.bound_after in ('以上', '有余', '之多')
                 or bound_before in ('逾', '超过', '多达') then 'at_least'
            when part.bound_after = '以下' or bound_before in ('将近', '接近', '近', '不足', '不到') then 'at_most'
            when part.bound_after = '左右' or bound_before in ('大约', '约', '数', '几') then 'about'
            else 'exact'
        end as bound_direction,
        redacted,
        chinese_numeral,
        -- The clause around the figure, which int_figures_classified matches the catalogue's
        -- rules against (computed here, where the text around the figure is at hand, so that
        -- classifying reads two short columns instead of every sentence again). A clause ends
        -- at ，；。：！？ before the figure and also at 、 after it (903批、1022人次); names
        -- inside document titles are masked: 《“三重一大”议事决策规则》 must not make a figure
        -- a collective decision.
        regexp_replace(regexp_extract(text_before, '[^，,；;。：:！？!?]*$'), '《[^》]*》', '《》', 'g')
            as clause_before,
        regexp_replace(regexp_extract(text_after, '^[^，,；;。：:！？!?、]*'), '《[^》]*》', '《》', 'g')
            as clause_after
    from valued
    -- a Chinese "numeral" cn2an cannot read (百日 outside quotes) is not a figure
    where redacted or number_value is not null

)

select
    report_id,
    document_version_id,
    report_id || ':' || start_offset as figure_id,
    sentence_id,
    section,
    raw_phrase,
    start_offset,
    end_offset,
    value,
    value_high,
    unit,
    unit_raw,
    bound_direction <> 'exact' as approximate,
    bound_direction,
    nullif(bound_words, '') as bound_words,
    redacted,
    chinese_numeral,
    position_in_sentence,
    clause_before,
    clause_after,
    sentence_text,
    -- the simplified sentence, only where it differs (a report in traditional characters)
    nullif(match_text, sentence_text) as match_text,
    {{ built_at() }} as built_at
from figures
