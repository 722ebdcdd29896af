-- An application is a draft until the resident submits it; from then on it belongs to the
-- agency's queue. `answers` holds the eForm's data as the pack's JSON Schema describes it.
create sequence application_reference_seq;

create table applications (
  id uuid primary key default gen_random_uuid(),
  reference text unique,
  service_id text not null references services (id),
  agency_id text not null references agencies (id),
  resident_id uuid not null references residents (id),
  status text not null check (status in ('draft', 'submitted', 'info_requested', 'approved', 'rejected', 'withdrawn')),
  answers jsonb not null default '{}',
  step_index integer not null default 0,
  assignee_id uuid references staff (id),
  bundle_id uuid,
  filed_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  due_at timestamptz,
  decided_at timestamptz,
  decision_reason text,
  document_id text
);
create index applications_resident_idx on applications (resident_id, created_at desc);
create index applications_queue_idx on applications (agency_id, status, due_at) where status <> 'draft';
-- One draft per resident and service at a time: starting again resumes it.
create unique index applications_one_draft_idx on applications (resident_id, service_id) where status = 'draft' and bundle_id is null;

-- What happened to an application, in order: the resident's timeline and the officer's history.
create table application_events (
  id bigint generated always as identity primary key,
  application_id uuid not null references applications (id),
  at timestamptz not null default now(),
  actor text not null,
  kind text not null,
  step text,
  message text
);
create index application_events_app_idx on application_events (application_id, id);

-- Files residents attach to a form field or a reply. Kept in the database so that an
-- application and its files commit or roll back together.
create table application_files (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references applications (id) on delete cascade,
  field text not null,
  filename text not null,
  media_type text not null,
  size integer not null,
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index application_files_app_idx on application_files (application_id, field);
