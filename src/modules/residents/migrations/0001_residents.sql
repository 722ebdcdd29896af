-- The resident registry: who lives in the country. A demo pack seeds it; a real country's
-- registry feeds it (see the registries capability). The ID number is the natural key.
create table residents (
  id uuid primary key default gen_random_uuid(),
  id_number text not null unique,
  name text not null,
  name_latin text,
  birth_date date not null,
  sex text not null check (sex in ('F', 'M', 'X')),
  household text not null,
  address jsonb not null,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);
create index residents_household_idx on residents (household);
