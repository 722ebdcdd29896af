-- Personal-data reads, partitioned by the month of `read_at` like the audit log (platform
-- migrations 0005, 0006): "who used my data" reads newest months first and stops at its page, and a
-- resident's filter by date reads only those months. The rows are moved as they are.
alter table personal_data_reads rename to personal_data_reads_unpartitioned;
alter table personal_data_reads_unpartitioned drop constraint personal_data_reads_pkey;
drop index personal_data_reads_resident_idx;
drop index personal_data_reads_agency_idx;
alter sequence personal_data_reads_id_seq rename to personal_data_reads_unpartitioned_id_seq;

create table personal_data_reads (
  id bigint generated always as identity,
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
  channel text not null,
  mediator text,
  consent_id text,
  request_id text,
  legal_basis_text jsonb,
  primary key (id, read_at),
  constraint personal_data_reads_channel_check check (channel in ('registry-api', 'office', 'exchange', 'issuance', 'representation'))
) partition by range (read_at);
create index personal_data_reads_resident_idx on personal_data_reads (resident_id, read_at desc, id desc);
create index personal_data_reads_agency_idx on personal_data_reads (reader_agency_id, read_at desc);
create trigger personal_data_reads_no_update_or_delete before update or delete on personal_data_reads
  for each row execute function personal_data_reads_is_append_only();
create trigger personal_data_reads_no_truncate before truncate on personal_data_reads
  for each statement execute function personal_data_reads_is_append_only();

insert into hanaro_month_partitioned (parent, append_only) values ('personal_data_reads', true);
select hanaro_add_partition_before('personal_data_reads', coalesce((select min(read_at) from personal_data_reads_unpartitioned), now()));
select hanaro_add_month_partitions('personal_data_reads', coalesce((select min(read_at) from personal_data_reads_unpartitioned), now()), 3);

insert into personal_data_reads (id, read_at, resident_id, subject_id_hash, reader_kind, reader_id, reader_role, reader_agency_id, service_id,
    application_id, purpose, legal_basis, registry_id, registry_version, record_key, fields, channel, mediator, consent_id, request_id, legal_basis_text)
  overriding system value
  select id, read_at, resident_id, subject_id_hash, reader_kind, reader_id, reader_role, reader_agency_id, service_id,
    application_id, purpose, legal_basis, registry_id, registry_version, record_key, fields, channel, mediator, consent_id, request_id, legal_basis_text
  from personal_data_reads_unpartitioned order by id;
select setval(pg_get_serial_sequence('personal_data_reads', 'id'), coalesce((select max(id) from personal_data_reads_unpartitioned), 0) + 1, false);
drop table personal_data_reads_unpartitioned;
