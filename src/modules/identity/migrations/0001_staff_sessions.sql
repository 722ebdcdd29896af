-- Server-side sessions: the cookie holds a random token, the database only its hash.
create table staff_sessions (
  id text primary key,
  staff_id uuid not null references staff (id) on delete cascade,
  acting_agency_id text references agencies (id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text
);
create index staff_sessions_staff_idx on staff_sessions (staff_id);

-- Failed sign-ins per account, to slow guessing without locking anyone out for good.
create table sign_in_failures (
  email text not null,
  failed_at timestamptz not null default now()
);
create index sign_in_failures_email_idx on sign_in_failures (lower(email), failed_at desc);
