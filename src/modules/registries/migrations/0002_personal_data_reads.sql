-- Every read of a resident's personal data, by anyone, through any channel: what "who used my
-- data" shows the resident. Append-only like the audit log. The exchange (data services, consent)
-- writes here too: `channel`, `consent_id` and `mediator` are for it.
create table personal_data_reads (
  id bigint generated always as identity primary key,
  read_at timestamptz not null default now(),
  resident_id uuid, -- null when the ID number is not (or no longer) in the resident registry
  subject_id_hash text not null, -- sha256 of the ID number read, so a log entry survives the resident's retirement
  reader_kind text not null check (reader_kind in ('api_key', 'oauth', 'staff', 'system')),
  reader_id text not null,
  reader_role text, -- a staff member's role; their name is never shown to the resident
  reader_agency_id text not null references agencies (id),
  service_id text,
  application_id text,
  purpose text not null,
  legal_basis text not null,
  registry_id text not null,
  registry_version text not null,
  record_key text,
  fields text[] not null,
  channel text not null check (channel in ('registry-api', 'office', 'exchange')),
  mediator text,
  consent_id text,
  request_id text
);
create index personal_data_reads_resident_idx on personal_data_reads (resident_id, read_at desc, id desc);
create index personal_data_reads_agency_idx on personal_data_reads (reader_agency_id, read_at desc);

create function personal_data_reads_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'personal_data_reads is append-only';
end $$;
create trigger personal_data_reads_no_update_or_delete before update or delete on personal_data_reads
  for each row execute function personal_data_reads_is_append_only();
create trigger personal_data_reads_no_truncate before truncate on personal_data_reads
  for each statement execute function personal_data_reads_is_append_only();
