-- A value above the catalogue's max_plausible for its indicator (one report stating 10 million
-- training sessions) is most likely a misread figure or a misclassified one: worth a look, not
-- a reason to stop the night.
{{ config(severity='warn') }}

select values.figure_id, values.indicator_code, values.value, catalogue.max_plausible, values.raw_phrase
from {{ ref('indicator_values') }} as values
inner join {{ ref('indicator_catalogue') }} as catalogue
    on values.indicator_code = catalogue.indicator_code
where values.value > catalogue.max_plausible
