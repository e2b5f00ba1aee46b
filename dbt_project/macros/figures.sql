{#
  What a figure (数字) in a report sentence looks like, shared by int_figures_extracted, its unit
  tests and the benchmark baseline (bench/indicators_bench.py reads these patterns from here).

  A figure is a number followed by a unit: 903批, 1022人次, 975万元, 2万多封, 60余万元, 1406万余元,
  40.55万元, 100%, 专题学法四次, 3至5次, *名 (redacted). A unit is required: that is what keeps
  years (2021年), dates (4月11日), list markers (一是, （三）, 1.), grades (三、四级) and plenum
  numbers (十九届六中全会) out, since 年, 月, 日, 是, 级, 届 and 中 are not units. Patterns are
  RE2 (DuckDB's dialect); alternatives are tried left to right, so longer units come first.
#}

{# An Arabic number (1,868 / 40.55), a Chinese numeral (十二, 三万五千) or a placeholder (*, **). #}
{% macro figure_number_pattern() -%}
(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*|[*＊×]+)
{%- endmacro %}

{# Units of count, money, time and rate, longest first. 万元 is 万 (a multiplier) + 元. #}
{% macro figure_unit_pattern() -%}
(?:个百分点|百分点|个工作日|工作日|个学时|学时|课时|小时|个月|人次|户次|家次|件次|批次|场次|议题件|议题|平方米|公里|人|名|位|户|家|件|宗|起|条|项|个|类|份|册|本|封|张|副|面|幅|块|套|篇|部|期|次|场|批|班|轮|所|处|支|台|辆|天|元|亩|吨|%|％)
{%- endmacro %}

{#
  The whole figure: number, optional range (3至5次, 3-5人), approximation before or after the
  multiplier (60余万元, 1406万余元, 2万多封), multiplier (千, 万, 亿), unit, and a bound word
  after it (以上, 以下, 左右). Used with regexp_extract_all over whole sentences.
#}
{% macro figure_pattern() -%}
{{ figure_number_pattern() }}(?:\s?[-~～—–至到]\s?{{ figure_number_pattern() }})?\s?[余多]?[千万亿]{0,2}[余多]?\s?{{ figure_unit_pattern() }}(?:以上|以下|左右|有余|之多)?
{%- endmacro %}

{# The same, anchored, with one group per part, to take a matched phrase apart. #}
{% macro figure_parts_pattern() -%}
^({{ figure_number_pattern() }})(?:\s?[-~～—–至到]\s?({{ figure_number_pattern() }}))?\s?([余多]?)([千万亿]{0,2})([余多]?)\s?({{ figure_unit_pattern() }})(以上|以下|左右|有余|之多)?$
{%- endmacro %}

{#
  Words just before a figure that make it approximate, and which way: 近/将近/不足/不到 = at
  most, 约/大约/数/几 = about, 逾/超过/多达 = at least.
#}
{% macro figure_bound_prefix_pattern() -%}
(将近|接近|近|不足|不到|大约|约|数|几|逾|超过|多达)$
{%- endmacro %}

{#
  Numbered political formulas (两个维护, 四个意识, 三项制度, 两个待遇 …): a Chinese numeral and a
  unit, but a name, not a quantity. Matched against the figure and the text right after it.
#}
{% macro figure_slogan_pattern() -%}
^(两个维护|两个确立|四个意识|四个自信|四个全面|三个代表|五位一体|两个待遇|两个责任|两个结合|三项制度|三项机制|两学一做|三重一大|三会一课|三统一|四下基层|五个一|一件事)
{%- endmacro %}

{#
  A unit character that is really the start of another word: 八一期间 (期 + 间), 三处理,
  两部门 … The unit and the next character are matched against this.
#}
{% macro figure_unit_continuation_pattern() -%}
^(期间|期限|处理|处置|处罚|部门|部署|部分|条例|条件|本级|名单|起草|批准|批复|所有|场所|次要|家庭|元旦|项目|类型|面向|天然|支持|支部|台账)$
{%- endmacro %}

{# A value read from a seed (a catalogue pattern) as a SQL string literal. #}
{% macro sql_literal(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}
