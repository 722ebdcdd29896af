-- One row per Hanaro node, minute, agency and service: each node writes only its own rows (the
-- whole minute's figures, replaced while the minute lasts), and the console sums the nodes.
-- Latency is counted in fixed buckets (milliseconds, le = "at most") so percentiles add up across nodes.
create table ops_traffic_minutes (
  node_id text not null,
  minute timestamptz not null,
  agency_id text not null,
  service_id text not null,
  requests integer not null,
  errors_5xx integer not null,
  errors_4xx integer not null,
  throttled integer not null,
  duration_ms double precision not null,
  le_5 integer not null, le_10 integer not null, le_25 integer not null, le_50 integer not null,
  le_100 integer not null, le_250 integer not null, le_500 integer not null, le_1000 integer not null,
  le_2500 integer not null, le_5000 integer not null, le_inf integer not null,
  primary key (node_id, minute, agency_id, service_id)
);
create index ops_traffic_minutes_minute_idx on ops_traffic_minutes (minute, agency_id);

-- Once a day: how much of the database each agency's rows take, to show growth.
create table ops_capacity_snapshots (
  day date not null,
  agency_id text not null,
  bytes bigint not null,
  row_count bigint not null,
  primary key (day, agency_id)
);

-- Each verification of the audit log's hash chains, by a schedule or an operator's button.
create table ops_audit_checks (
  id bigint generated always as identity primary key,
  checked_at timestamptz not null default now(),
  checked_by text not null,
  entries integer not null,
  chains integer not null,
  ok boolean not null,
  break_chain text,
  break_seq integer,
  break_reason text
);
