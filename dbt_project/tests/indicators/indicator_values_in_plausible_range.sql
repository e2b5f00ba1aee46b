-- Values no report can hold: negative counts or amounts, rates above 100%. Rows returned fail.
-- (Values merely large for their indicator warn in indicator_values_below_catalogue_maximum.)

select figure_id, indicator_code, value, unit, raw_phrase
from {{ ref('indicator_values') }}
where value < 0
   or value_high < value
   or (unit = '%' and value > 100)
