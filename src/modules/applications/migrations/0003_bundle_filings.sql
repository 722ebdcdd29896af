-- A resident filing a life-event bundle: the shared answers and each service's own answers are
-- kept here while it is a draft; on submit each member application (bundle_id) gets its part.
create table bundle_filings (
  id uuid primary key default gen_random_uuid(),
  bundle_id text not null references bundles (id),
  resident_id uuid not null references residents (id),
  status text not null check (status in ('draft', 'submitted')),
  answers jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz
);
-- One draft per resident and bundle at a time: starting again resumes it.
create unique index bundle_filings_one_draft_idx on bundle_filings (resident_id, bundle_id) where status = 'draft';
create index bundle_filings_resident_idx on bundle_filings (resident_id, created_at desc);
alter table applications add constraint applications_bundle_fk foreign key (bundle_id) references bundle_filings (id);
