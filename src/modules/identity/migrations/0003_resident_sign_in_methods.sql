-- When the person behind a session last proved it (sign-in or re-authentication), for sensitive actions.
alter table resident_sessions add column authenticated_at timestamptz not null default now();

-- Passkeys: the credential id is what the authenticator names it by; the public key checks its signatures.
create table resident_passkeys (
  id text primary key,
  account_id uuid not null references resident_accounts (id) on delete cascade,
  public_key bytea not null,
  counter bigint not null default 0,
  transports text not null default '',
  backed_up boolean not null default false,
  name text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index resident_passkeys_account_idx on resident_passkeys (account_id);

-- A WebAuthn challenge is used once and only until it expires; account_id is set when a signed-in resident asked for it.
create table webauthn_challenges (
  challenge text primary key,
  purpose text not null check (purpose in ('register', 'sign_in', 'reauthenticate')),
  account_id uuid references resident_accounts (id) on delete cascade,
  expires_at timestamptz not null
);

-- One authenticator app per account. last_step stops a code being used twice within its window.
create table resident_totp (
  account_id uuid primary key references resident_accounts (id) on delete cascade,
  secret text not null,
  confirmed_at timestamptz,
  last_step bigint not null default 0
);

-- Recovery codes are kept only as hashes and each works once.
create table resident_recovery_codes (
  code_hash text primary key,
  account_id uuid not null references resident_accounts (id) on delete cascade,
  used_at timestamptz
);
create index resident_recovery_codes_account_idx on resident_recovery_codes (account_id);

-- After a right password on an account with a second factor: a short-lived half-session, not a session.
create table resident_pending_sign_ins (
  id text primary key,
  account_id uuid not null references resident_accounts (id) on delete cascade,
  login text not null,
  expires_at timestamptz not null
);
