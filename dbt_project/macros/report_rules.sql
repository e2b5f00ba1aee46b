{#
  The rules that recognise an annual report from its title, shared by int_reports_identified
  and its unit tests. Patterns are matched against text with every whitespace removed (PDF
  titles come out as "2020 年度法治政府 建设情况报告").
#}

{#
  Anchored at the end, so news about the reports (…情况通报会, …的通知, …推进会) is not a
  report; a bracketed note may follow the title ("…报告（全文）").
#}
{% macro report_title_end() -%}
    ([（(【\[][^）)】\]]*[）)】\]])?$
{%- endmacro %}

{# 法治政府建设年度报告 and its variants: …情况报告, …工作总结, 关于…情况的报告, 依法行政…报告. #}
{% macro fzzf_title_pattern() -%}
    (法治政府建设.*(报告|总结|情况)|依法行政.*报告){{ report_title_end() }}
{%- endmacro %}

{# 政府信息公开工作年度报告. #}
{% macro gkxx_title_pattern() -%}
    信息公开工作年度报告{{ report_title_end() }}
{%- endmacro %}

{# A year as the subject of a title or opening sentence: 2022年, 2022年度. #}
{% macro report_year_pattern() -%}
    (20\d{2})年
{%- endmacro %}

{# fzzf_annual / gkxx_annual when the whitespace-free string is a report title, else NULL. #}
{% macro report_kind_of(key) -%}
    case
        when regexp_matches({{ key }}, '{{ gkxx_title_pattern() }}') then 'gkxx_annual'
        when regexp_matches({{ key }}, '{{ fzzf_title_pattern() }}') then 'fzzf_annual'
    end
{%- endmacro %}

{#
  A line that can stand as a title: 4–80 characters, some Chinese, no sentence punctuation
  inside and no comma or colon at its end ("张家港市人民政府：" is an address line).
#}
{% macro looks_like_title(line) -%}
    (length({{ line }}) between 4 and 80
        and regexp_matches({{ line }}, '\p{Han}')
        and not regexp_matches({{ line }}, '[。；;！!？?]')
        and not regexp_matches({{ line }}, '[，,：:]$'))
{%- endmacro %}
