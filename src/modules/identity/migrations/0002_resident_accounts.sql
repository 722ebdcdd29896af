-- One account per resident of the registry; sign-in methods hang off it.
create table resident_accounts (
  id uuid primary key default gen_random_uuid(),
  resident_id uuid not null unique references residents (id),
  email text,
  locale text not null,
  password_hash text,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

-- Same shape as staff sessions: the cookie holds a random token, the database only its hash.
create table resident_sessions (
  id text primary key,
  account_id uuid not null references resident_accounts (id) on delete cascade,
  assurance text not null check (assurance in ('low', 'substantial', 'high')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text
);
create index resident_sessions_account_idx on resident_sessions (account_id);

-- Failures are counted per login name: a staff email, or a hash of a resident's ID number.
alter table sign_in_failures rename column email to login;
