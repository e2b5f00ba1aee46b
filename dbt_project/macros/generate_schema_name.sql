{#
  Schemas are named exactly as configured (staging, intermediate, marts, seeds), not dbt's
  default <target_schema>_<custom>: analysts and the published snapshot rely on stable names,
  and there is only one target (the warehouse file).
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
