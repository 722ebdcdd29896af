-- GovStack Consent policies: an agency's data policy (where its data is kept, for how long, under
-- which jurisdiction), written through the Consent API. Each version is kept as a hash-chained
-- revision; a deleted policy keeps its row (deleted_at) and its history.
create table consent_policies (
  id uuid primary key default gen_random_uuid(),
  agency_id text not null references agencies (id),
  version integer not null, -- of the newest revision
  name text not null,
  url text not null,
  jurisdiction text,
  industry_sector text,
  data_retention_period_days integer,
  geographic_restriction text,
  storage_location text,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index consent_policies_agency_idx on consent_policies (agency_id, created_at);

create table consent_policy_revisions (
  policy_id uuid not null references consent_policies (id),
  version integer not null,
  snapshot text not null, -- canonical JSON of the policy as this version has it
  hash text not null, -- sha256 of snapshot, hex
  predecessor_hash text,
  actor text not null,
  at timestamptz not null default now(),
  primary key (policy_id, version)
);
