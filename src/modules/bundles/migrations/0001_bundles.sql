-- Life-event bundles as the country pack defines them: services of several agencies filed together.
create table bundles (
  id text primary key,
  life_event text,
  services text[] not null,
  definition jsonb not null,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);
create index bundles_life_event_idx on bundles (life_event) where retired_at is null;
