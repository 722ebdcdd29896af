-- A resident who just proved who they are on the sign-in pages, waiting for the OpenID provider to
-- take it as its login: used once, within minutes. The portal's own session (resident_sessions)
-- is then made from the ID token the portal receives as a client of the provider.
create table resident_sign_in_proofs (
  id text primary key,
  account_id uuid not null references resident_accounts (id) on delete cascade,
  assurance text not null check (assurance in ('low', 'substantial', 'high')),
  amr text[] not null,
  authenticated_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index resident_sign_in_proofs_expires_idx on resident_sign_in_proofs (expires_at);
