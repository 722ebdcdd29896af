-- The country this deployment serves, as its pack declares it (one row).
create table country (
  id smallint primary key default 1 check (id = 1),
  code text not null,
  definition jsonb not null,
  content_hash text not null,
  updated_at timestamptz not null default now()
);
