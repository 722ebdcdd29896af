-- Registries agencies keep (GovStack Digital Registries). A record is JSONB checked against the
-- JSON Schema of its version; `record_key` joins the registry's key fields, so key lookups use an index.
create table registries (
  id text primary key,
  number integer generated always as identity unique, -- the integer id the GovStack Database API names
  agency_id text not null references agencies (id),
  title jsonb not null,
  description jsonb,
  legal_basis jsonb not null,
  key_fields text[] not null,
  subject_fields text[] not null,
  personal_fields text[] not null,
  secret_fields text[] not null default '{}',
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index registries_agency_idx on registries (agency_id);

create table registry_versions (
  registry_id text not null references registries (id),
  version text not null,
  status text not null check (status in ('draft', 'published', 'archived')),
  schema jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (registry_id, version)
);

create table registry_records (
  id uuid primary key default gen_random_uuid(),
  registry_id text not null,
  version text not null,
  record_key text not null,
  content jsonb not null,
  -- ID numbers of the residents the record is about (the registry's subject fields), for the read log.
  subjects text[] not null,
  origin text not null check (origin in ('pack', 'population', 'api')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (registry_id, version) references registry_versions (registry_id, version),
  unique (registry_id, version, record_key)
);
create index registry_records_subjects_idx on registry_records using gin (subjects);
