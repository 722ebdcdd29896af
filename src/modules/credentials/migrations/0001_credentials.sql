-- Credential types from the pack, and (demo packs) the registry records they are built from.
create table credential_types (
  id text primary key,
  agency_id text not null references agencies (id),
  definition jsonb not null,
  content_hash text not null,
  retired_at timestamptz
);

create table credential_source_records (
  registry_id text not null,
  subject_id_number text not null,
  data jsonb not null,
  primary key (registry_id, subject_id_number)
);

-- Per agency: the IACA root and the document signer under it; private keys sealed like documents' keys.
create table credential_issuer_keys (
  id text primary key,
  agency_id text not null references agencies (id),
  kind text not null check (kind in ('iaca', 'document_signer')),
  certificate bytea not null,
  encrypted_private_key bytea not null,
  created_at timestamptz not null default now(),
  unique (agency_id, kind)
);

-- Pre-authorized codes (stored hashed): bound to a resident, short-lived, single use.
create table credential_offers (
  code_hash text primary key,
  resident_id text not null,
  credential_type_id text not null references credential_types (id),
  tx_code_hash text,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index credential_offers_expiry_idx on credential_offers (expires_at);

-- DPoP-bound access tokens (hashed) and the nonces proofs of possession must carry.
create table credential_access_tokens (
  token_hash text primary key,
  resident_id text not null,
  credential_type_id text not null references credential_types (id),
  dpop_jkt text not null,
  expires_at timestamptz not null
);
create table credential_nonces (
  nonce text primary key,
  expires_at timestamptz not null,
  used_at timestamptz
);
create table credential_dpop_proofs (
  jti text primary key,
  expires_at timestamptz not null
);

-- Issued credentials: one status-list entry each (random index in the agency's list for the format).
create table issued_credentials (
  id uuid primary key default gen_random_uuid(),
  agency_id text not null references agencies (id),
  resident_id text not null,
  credential_type_id text not null references credential_types (id),
  format text not null check (format in ('dc+sd-jwt', 'mso_mdoc')),
  status_list_id text not null,
  status_index integer not null,
  status text not null default 'valid' check (status in ('valid', 'suspended', 'revoked')),
  holder_key_thumbprint text not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  status_reason text,
  status_changed_by text,
  status_changed_at timestamptz,
  unique (status_list_id, status_index)
);
create index issued_credentials_resident_idx on issued_credentials (resident_id, issued_at desc);
create index issued_credentials_agency_idx on issued_credentials (agency_id, issued_at desc);
create index issued_credentials_list_idx on issued_credentials (status_list_id) where status <> 'valid';
