-- Tables that grow with every request (the audit log, personal-data reads) are partitioned by the
-- month of their time column: a query bounded in time reads only its months, vacuum and index
-- builds work month by month, and a month past its retention can be archived whole. PostgreSQL
-- does not create partitions by itself, and a default partition would stop the planner from
-- reading months newest first (ordered append), so months are made ahead of time instead:
-- `hanaro_add_month_partitions` runs after every migration (each start) and daily as a job, and a
-- row for a month that has no partition yet is refused rather than written where no one looks.
create table hanaro_month_partitioned (
  parent text primary key,
  -- each month gets `before truncate` refused too: a trigger on the parent does not guard a partition
  append_only boolean not null,
  -- columns unique within each month (PostgreSQL cannot make them unique across months without the partition key)
  unique_in_month text
);

-- A new month (or the part before the first) of a month-partitioned table, guarded as its parent is.
create function hanaro_guard_partition(parent text, part text) returns void language plpgsql as $$
declare
  t record;
begin
  select * into t from hanaro_month_partitioned p where p.parent = hanaro_guard_partition.parent;
  if t.append_only then
    execute format('create trigger %I before truncate on %I for each statement execute function refuse_change_to_append_only()', part || '_no_truncate', part);
  end if;
  if t.unique_in_month is not null then
    execute format('create unique index %I on %I (%s)', part || '_unique', part, t.unique_in_month);
  end if;
end $$;

create function hanaro_add_month_partitions(parent text, since timestamptz, months_ahead int) returns int language plpgsql as $$
declare
  month timestamptz := date_trunc('month', since, 'UTC');
  last timestamptz := date_trunc('month', now(), 'UTC') + make_interval(months => months_ahead);
  part text;
  made int := 0;
begin
  if not exists (select 1 from hanaro_month_partitioned p where p.parent = hanaro_add_month_partitions.parent) then
    raise exception '% is not a month-partitioned table', parent;
  end if;
  perform pg_advisory_xact_lock(hashtext('hanaro:month-partitions'));
  while month <= last loop
    part := parent || '_p' || to_char(month at time zone 'UTC', 'YYYY_MM');
    if to_regclass(quote_ident(part)) is null then
      execute format('create table %I partition of %I for values from (%L) to (%L)', part, parent, month, month + interval '1 month');
      perform hanaro_guard_partition(parent, part);
      made := made + 1;
    end if;
    month := month + interval '1 month';
  end loop;
  return made;
end $$;

-- Every month-partitioned table, from this month to `months_ahead` months on.
create function hanaro_add_month_partitions(months_ahead int default 3) returns int language plpgsql as $$
declare
  t text;
  made int := 0;
begin
  for t in select parent from hanaro_month_partitioned order by parent loop
    made := made + hanaro_add_month_partitions(t, now(), months_ahead);
  end loop;
  return made;
end $$;

-- Rows older than the first month (moved in by a migration, or written with an earlier clock) land here.
create function hanaro_add_partition_before(parent text, first_month timestamptz) returns void language plpgsql as $$
declare
  part text := parent || '_before';
begin
  execute format('create table %I partition of %I for values from (minvalue) to (%L)', part, parent, date_trunc('month', first_month, 'UTC'));
  perform hanaro_guard_partition(parent, part);
end $$;
