-- Keys that sign e-certificates: the platform root CA (agency_id null) and one key per agency,
-- each private key encrypted (PKCS#8, PBES2) with a key derived from HANARO_DOCUMENT_KEY_SECRET.
create table document_signing_keys (
  id text primary key,
  agency_id text references agencies (id),
  certificate bytea not null,
  encrypted_private_key bytea not null,
  created_at timestamptz not null default now()
);
create unique index document_signing_keys_agency_idx on document_signing_keys (coalesce(agency_id, ''));

-- Issued e-certificates: what each states, the signed PDF exactly as issued, and its status.
create table documents (
  id text primary key,
  agency_id text not null references agencies (id),
  service_id text not null,
  application_id text not null,
  resident_id text not null,
  holder_name text not null,
  holder_name_latin text,
  holder_id_masked text not null,
  title jsonb not null,
  statements jsonb not null,
  languages text[] not null,
  issued_at timestamptz not null,
  valid_until timestamptz,
  pdf bytea not null,
  pdf_sha256 text not null,
  revoked_at timestamptz,
  revoked_reason text,
  revoked_by text,
  created_at timestamptz not null default now()
);
create index documents_agency_idx on documents (agency_id, issued_at desc);
create index documents_resident_idx on documents (resident_id, issued_at desc);
create index documents_application_idx on documents (application_id);
