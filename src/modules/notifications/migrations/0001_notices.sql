-- A resident's inbox: one row per notice, written in their language when it was sent. `email` is
-- where the same notice was mailed (null: inbox only); `mailed_at` is when the SMTP server took it.
create table notices (
  id bigint generated always as identity primary key,
  resident_id uuid not null references residents (id),
  locale text not null,
  subject text not null,
  body text not null,
  link text,
  reference text,
  email text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  mailed_at timestamptz
);
create index notices_resident_idx on notices (resident_id, id desc);
create index notices_unread_idx on notices (resident_id) where read_at is null;
