-- Service search: trigram similarity (pg_trgm) for typos, plus substring match for partial words.
create extension if not exists pg_trgm;

-- The form trigrams are taken from. NFKD splits a Hangul syllable into its letters (본 → ㅂㅗㄴ),
-- so "등복" for "등본" still shares most trigrams with the word it means.
create function catalog_search_form(t text) returns text
  language sql immutable parallel safe
  as $$ select normalize(lower(coalesce(t, '')), NFKD) $$;

-- The form substrings are looked for in: no spaces or punctuation, so "drivers license" finds
-- "driver's license" and "주민등록 등본" finds "주민등록등본".
create function catalog_compact_form(t text) returns text
  language sql immutable parallel safe
  as $$ select regexp_replace(normalize(lower(coalesce(t, '')), NFKC), '[[:space:][:punct:]’‘“”·…]+', '', 'g') $$;

-- One row per live service and pack language. A view rather than a copy, so a re-seeded pack or a
-- renamed agency is searchable at once with nothing to keep in sync.
create view service_search_texts as
select s.id as service_id,
  l.locale,
  catalog_search_form(s.definition -> 'title' ->> l.locale) as title,
  catalog_search_form(k.keywords) as keywords,
  catalog_search_form(o.other) as other,
  catalog_compact_form(s.definition -> 'title' ->> l.locale) as title_compact,
  k.keywords_compact,
  o.other_compact
from services s
join agencies a on a.id = s.agency_id
cross join lateral jsonb_object_keys(s.definition -> 'title') as l (locale)
cross join lateral (
  select coalesce(string_agg(w, ' | '), '') as keywords,
    coalesce(string_agg(catalog_compact_form(w), '|'), '') as keywords_compact
  from jsonb_array_elements_text(coalesce(s.definition -> 'keywords' -> l.locale, '[]')) as w
) k
cross join lateral (
  select concat_ws(' | ', s.definition -> 'summary' ->> l.locale, a.name ->> l.locale, a.short_name ->> l.locale) as other,
    concat_ws('|', catalog_compact_form(s.definition -> 'summary' ->> l.locale), catalog_compact_form(a.name ->> l.locale),
      catalog_compact_form(a.short_name ->> l.locale)) as other_compact
) o
where s.retired_at is null and s.open;
