-- Every catalogue row is a usable rule: its unit is among the units it accepts, it can match
-- something (a subject or object pattern, or topic-only with a topic), and each pattern is a
-- regular expression DuckDB can compile (a bad one fails this test with the compile error).
-- Rows returned are the inconsistent ones.

select indicator_code, 'unit not in units' as problem
from {{ ref('indicator_catalogue') }}
where not list_contains(string_split(units, '|'), unit)

union all

select indicator_code, 'no pattern can match'
from {{ ref('indicator_catalogue') }}
where subject_pattern is null and object_pattern is null and not topic_only

union all

select indicator_code, 'topic_only without topic_pattern'
from {{ ref('indicator_catalogue') }}
where topic_only and topic_pattern is null

union all

select indicator_code, 'pattern matches the empty string'
from {{ ref('indicator_catalogue') }}
where regexp_matches('', coalesce(subject_pattern, '^x$'))
   or regexp_matches('', coalesce(object_pattern, '^x$'))
   or regexp_matches('', coalesce(topic_pattern, '^x$'))
   or regexp_matches('', coalesce(exclude_pattern, '^x$'))
   or regexp_matches('', coalesce(negation_pattern, '^x$'))
