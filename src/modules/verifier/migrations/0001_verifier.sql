-- The verifier's own access CA: it certifies each relying party's request-signing key.
create table verifier_access_ca (
  id text primary key check (id = 'access-ca'),
  certificate bytea not null,
  encrypted_private_key bytea not null,
  created_at timestamptz not null default now()
);

-- Relying parties: an agency's own (agency_id set) or a private organisation (agency_id null,
-- registered by the platform operator). `checks` are the named checks they may ask for.
create table relying_parties (
  id uuid primary key default gen_random_uuid(),
  agency_id text references agencies (id),
  name jsonb not null,
  legal_name text not null,
  registration_number text,
  checks text[] not null,
  client_id text not null unique,
  certificate bytea not null,
  encrypted_private_key bytea not null,
  api_key_prefix text not null,
  api_key_hash text not null unique,
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index relying_parties_agency_idx on relying_parties (agency_id, created_at desc);

-- One presentation request (OpenID4VP 1.0): nonce and state, the ephemeral key the wallet
-- encrypts its answer to, and what was verified. Claims beyond the check's are never stored.
create table presentation_requests (
  id uuid primary key default gen_random_uuid(),
  relying_party_id uuid not null references relying_parties (id),
  check_id text not null,
  nonce text not null unique,
  state text not null unique,
  response_key jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'verified', 'refused')),
  result jsonb,
  refusal text,
  response_hash text unique,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index presentation_requests_party_idx on presentation_requests (relying_party_id, created_at desc);
