-- The audit log: append-only and hash-chained. Each agency has its own chain (and the platform
-- one more), so agencies do not queue behind each other's writes.
create table audit_log (
  id bigint generated always as identity primary key,
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
  unique (chain, seq)
);
create index audit_log_agency_idx on audit_log (agency_id, id desc);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
