-- The audit log, partitioned by the month of `at` (see 0005). PostgreSQL's unique indexes on a
-- partitioned table must hold the partition key, so `unique (chain, seq)` holds within each month
-- (an index of each partition); across months audit_append numbers a shard's entries under the
-- shard's lock, and `audit verify` names an entry whose number repeats or skips. The rows are moved as they
-- are (ids, hashes and all), so every chain verifies as before.
alter table audit_log rename to audit_log_unpartitioned;
alter table audit_log_unpartitioned drop constraint audit_log_pkey;
alter table audit_log_unpartitioned drop constraint audit_log_chain_seq_key;
drop index audit_log_agency_idx;
drop index audit_log_acting_for_idx;
alter sequence audit_log_id_seq rename to audit_log_unpartitioned_id_seq;

create table audit_log (
  id bigint generated always as identity,
  chain text not null,
  seq bigint not null,
  prev_hash text not null,
  hash text not null,
  at timestamptz not null,
  actor text not null,
  acting_for text,
  agency_id text,
  action text not null,
  target text,
  details jsonb not null default '{}',
  request_id text,
  primary key (id, at)
) partition by range (at);
create index audit_log_agency_idx on audit_log (agency_id, id desc);
create index audit_log_acting_for_idx on audit_log (acting_for, id desc) where acting_for is not null;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

-- audit_append reads a shard's head by (chain, seq); verify walks each chain by it.
insert into hanaro_month_partitioned (parent, append_only, unique_in_month) values ('audit_log', true, 'chain, seq');
select hanaro_add_partition_before('audit_log', coalesce((select min(at) from audit_log_unpartitioned), now()));
select hanaro_add_month_partitions('audit_log', coalesce((select min(at) from audit_log_unpartitioned), now()), 3);

insert into audit_log (id, chain, seq, prev_hash, hash, at, actor, acting_for, agency_id, action, target, details, request_id)
  overriding system value
  select id, chain, seq, prev_hash, hash, at, actor, acting_for, agency_id, action, target, details, request_id from audit_log_unpartitioned order by id;
select setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((select max(id) from audit_log_unpartitioned), 0) + 1, false);
drop table audit_log_unpartitioned;
