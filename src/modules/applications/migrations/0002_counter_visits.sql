-- A resident served in person at an agency's counter: who they are, which identity document the
-- officer looked at, and the application the officer then filed for them. The document's full
-- number is never kept: its last four digits or the card's serial are enough to say which one.
create table counter_visits (
  id uuid primary key default gen_random_uuid(),
  agency_id text not null references agencies (id),
  resident_id uuid not null references residents (id),
  checked_by uuid not null references staff (id),
  checked_at timestamptz not null default now(),
  document_kind text not null check (document_kind in ('resident_card', 'driver_licence', 'passport', 'alien_card')),
  document_ref text not null check (length(document_ref) between 4 and 20),
  application_id uuid references applications (id)
);
create index counter_visits_agency_idx on counter_visits (agency_id, checked_at desc);
create index counter_visits_application_idx on counter_visits (application_id);
