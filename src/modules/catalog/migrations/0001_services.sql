-- Every agency's services, as their packs define them. `open` is the agency's own switch.
create table services (
  id text primary key,
  agency_id text not null references agencies (id),
  category text not null,
  life_events text[] not null default '{}',
  popular boolean not null default false,
  definition jsonb not null,
  content_hash text not null,
  open boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);
create index services_agency_idx on services (agency_id) where retired_at is null;
