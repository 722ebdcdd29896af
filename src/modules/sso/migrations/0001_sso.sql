-- OpenID Connect provider state (oidc-provider's models: sessions, interactions, codes, tokens,
-- grants), one row per model instance. Expired rows are ignored on read and removed by the sweep.
create table oidc_models (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index oidc_models_grant_idx on oidc_models (grant_id) where grant_id is not null;
create index oidc_models_uid_idx on oidc_models (uid) where uid is not null;
create index oidc_models_expires_idx on oidc_models (expires_at);

-- The provider's signing keys. 'next' is published in the JWKS before it signs anything,
-- 'current' signs, 'previous' stays published so tokens it signed still verify.
create table oidc_signing_keys (
  kid text primary key,
  alg text not null check (alg in ('ES256', 'RS256')),
  state text not null check (state in ('next', 'current', 'previous')),
  public_jwk jsonb not null,
  sealed_private_key bytea not null,
  created_at timestamptz not null default now(),
  state_since timestamptz not null default now()
);
create unique index oidc_signing_keys_one_state on oidc_signing_keys (alg, state);

-- Relying parties and API callers, each owned by one agency.
create table oidc_clients (
  client_id text primary key,
  agency_id text not null references agencies (id),
  name text not null,
  logo_uri text,
  redirect_uris text[] not null default '{}',
  grant_types text[] not null,
  auth_method text not null check (auth_method in ('private_key_jwt', 'client_secret_basic')),
  public_jwk jsonb,
  sealed_secret bytea,
  user_claims text[] not null default '{}',
  api_scopes text[] not null default '{}',
  acr_values text[] not null default '{}',
  status text not null default 'active' check (status in ('active', 'inactive')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index oidc_clients_agency_idx on oidc_clients (agency_id);
