-- A resident (grantor) lets another resident (representative) act for them: for every service
-- (services is null) or the listed catalog services, on the days from valid_from to valid_until.
create table mandates (
  id uuid primary key default gen_random_uuid(),
  grantor_id uuid not null references residents (id),
  representative_id uuid not null references residents (id),
  services text[],
  valid_from date not null,
  valid_until date not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  declined_at timestamptz,
  check (grantor_id <> representative_id),
  check (valid_until >= valid_from),
  check (services is null or cardinality(services) > 0)
);
create index mandates_grantor_idx on mandates (grantor_id, created_at desc);
create index mandates_representative_idx on mandates (representative_id, created_at desc);

