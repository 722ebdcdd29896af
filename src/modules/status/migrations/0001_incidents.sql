-- Incidents and maintenance windows written by operators for the public status page. Each belongs to
-- one agency, or to the platform (agency_id null) when it touches platform components or several
-- agencies' services: an agency administrator reaches his agency's rows only. Texts are jsonb, one
-- string per language of the pack; the pack's default language is always there.
create table status_incidents (
  id integer generated always as identity primary key,
  agency_id text references agencies (id),
  title jsonb not null,
  impact text not null check (impact in ('degraded', 'outage')),
  state text not null check (state in ('investigating', 'identified', 'monitoring', 'resolved')),
  services text[] not null default '{}',
  components text[] not null default '{}',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  resolved_at timestamptz,
  check ((state = 'resolved') = (resolved_at is not null)),
  check (cardinality(services) + cardinality(components) > 0)
);
create index status_incidents_open on status_incidents (agency_id) where resolved_at is null;
create index status_incidents_resolved on status_incidents (resolved_at) where resolved_at is not null;

-- An incident's timeline: the text it was opened with is its first update.
create table status_incident_updates (
  id integer generated always as identity primary key,
  incident_id integer not null references status_incidents (id),
  state text not null check (state in ('investigating', 'identified', 'monitoring', 'resolved')),
  body jsonb not null,
  author text not null,
  created_at timestamptz not null default now()
);
create index status_incident_updates_timeline on status_incident_updates (incident_id, created_at);

create table status_maintenance (
  id integer generated always as identity primary key,
  agency_id text references agencies (id),
  services text[] not null default '{}',
  components text[] not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  body jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by text,
  check (ends_at > starts_at),
  check (cardinality(services) + cardinality(components) > 0)
);
create index status_maintenance_coming on status_maintenance (ends_at) where cancelled_at is null;
