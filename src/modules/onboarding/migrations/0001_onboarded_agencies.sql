-- Agencies added to a running platform from a fragment, beside the country pack: the fragment is kept
-- so a restart's seed loads it again with the pack, and its quotas are what each node enforces.
create table onboarded_agencies (
  agency_id text primary key references agencies (id),
  fragment jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every agency's quotas (pack agencies get a row when an operator sets one); nodes reload them when
-- `version` moves, which each node checks every few seconds.
create table agency_quotas (
  agency_id text primary key references agencies (id),
  requests_per_minute integer not null check (requests_per_minute > 0),
  storage_bytes bigint not null check (storage_bytes >= 0),
  updated_at timestamptz not null default now()
);
create sequence agency_quotas_version;
