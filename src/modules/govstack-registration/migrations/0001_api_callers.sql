-- Agency API keys: a system of one agency calls the GovStack APIs with one. Only the key's
-- SHA-256 is kept (the key is 32 random bytes, so a fast hash is enough); `prefix` lets an
-- administrator tell keys apart without the secret.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  agency_id text not null references agencies (id),
  label text not null check (length(label) between 1 and 100),
  prefix text not null,
  secret_hash text not null unique,
  scopes text[] not null,
  created_by uuid not null references staff (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_agency_idx on api_keys (agency_id, created_at desc);

-- A client's Idempotency-Key and the application it filed: the same request sent again
-- answers with that application instead of filing a second one.
create table govstack_idempotency_keys (
  client_id text not null,
  key text not null,
  request_hash text not null,
  application_id uuid not null references applications (id),
  created_at timestamptz not null default now(),
  primary key (client_id, key)
);

-- Files uploaded with POST /documents before the application that uses them is filed. Filing
-- moves them into the application's files in the same transaction.
create table govstack_documents (
  id uuid primary key default gen_random_uuid(),
  agency_id text not null references agencies (id),
  client_id text not null,
  filename text not null,
  media_type text not null,
  size integer not null,
  sha256 text not null,
  content bytea not null,
  metadata text,
  created_at timestamptz not null default now()
);
create index govstack_documents_agency_idx on govstack_documents (agency_id, client_id);
