-- GovStack Consent: what a service reads from other agencies (a data agreement, one per catalog
-- service that declares `dataFromOtherAgencies`, seeded from the pack) and each resident's consent
-- to it. Consent records keep an append-only, hash-chained history of their state.
create table data_agreements (
  id text primary key references services (id), -- the catalog service the agreement is for
  version integer not null,
  controller_agency_id text not null references agencies (id),
  purpose jsonb not null, -- in every language of the pack
  lawful_basis text not null default 'consent',
  -- [{ dataServiceId, providerAgencyId, registryId, title, fields, legalDuty }]
  attributes jsonb not null,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);
create index data_agreements_controller_idx on data_agreements (controller_agency_id);

-- Each version as it was: a consent points at the version the resident was shown.
create table data_agreement_revisions (
  agreement_id text not null references data_agreements (id),
  version integer not null,
  snapshot text not null, -- canonical JSON of the agreement
  hash text not null, -- sha256 of snapshot, hex
  data_service_ids text[] not null, -- what this version covers, for the mediator's check
  created_at timestamptz not null default now(),
  primary key (agreement_id, version)
);

create table consent_records (
  id uuid primary key default gen_random_uuid(),
  data_agreement_id text not null,
  data_agreement_version integer not null,
  data_agreement_hash text not null,
  controller_agency_id text not null references agencies (id),
  resident_id uuid not null references residents (id),
  state text not null check (state in ('given', 'withdrawn')),
  given_at timestamptz not null,
  expires_at timestamptz not null,
  withdrawn_at timestamptz,
  language text not null,
  channel text not null check (channel in ('portal', 'counter', 'api')),
  application_id text,
  actor text not null, -- who gave it: the resident, a representative under a mandate, or an agency system
  acting_for text,
  hash text not null, -- the hash of the newest revision: the record as it stands
  foreign key (data_agreement_id, data_agreement_version) references data_agreement_revisions (agreement_id, version)
);
create index consent_records_resident_idx on consent_records (resident_id, data_agreement_id, given_at desc);
create index consent_records_controller_idx on consent_records (controller_agency_id, given_at desc);

-- Every state a consent record was in, each chained to the one before: the record can be proven unchanged.
create table consent_record_revisions (
  id bigint generated always as identity primary key,
  consent_id uuid not null references consent_records (id),
  seq integer not null,
  state text not null check (state in ('given', 'withdrawn')),
  at timestamptz not null,
  actor text not null,
  acting_for text,
  snapshot text not null, -- canonical JSON: the record and who changed it
  hash text not null, -- sha256 of snapshot, hex
  predecessor_hash text,
  unique (consent_id, seq)
);

create trigger consent_record_revisions_append_only before update or delete on consent_record_revisions
  for each row execute function refuse_change_to_append_only();
create trigger data_agreement_revisions_append_only before update or delete on data_agreement_revisions
  for each row execute function refuse_change_to_append_only();
create trigger consent_record_revisions_no_truncate before truncate on consent_record_revisions
  for each statement execute function refuse_change_to_append_only();
create trigger data_agreement_revisions_no_truncate before truncate on data_agreement_revisions
  for each statement execute function refuse_change_to_append_only();
