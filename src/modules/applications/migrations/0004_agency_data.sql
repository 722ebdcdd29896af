-- What other agencies' data services answered for an application through the information
-- mediator, in place of documents the resident would otherwise bring: the records as they came,
-- the exchange message that carried them and the provider's signed response (JWS), or why the
-- exchange refused. One row per application and data service; fetching again replaces it.
create table application_agency_data (
  application_id uuid not null references applications (id) on delete cascade,
  data_service_id text not null,
  provider_agency_id text not null references agencies (id),
  outcome text not null check (outcome in ('fetched', 'refused')),
  refusal_reason text,
  consent_id text,
  exchange_message_id text,
  records jsonb,
  response_jws text,
  fetched_at timestamptz not null default now(),
  primary key (application_id, data_service_id),
  check ((outcome = 'fetched') = (records is not null and exchange_message_id is not null and response_jws is not null))
);

-- A resident saying that what an agency's register holds about them is wrong: the officer sees it
-- on the case, and the resident's words are kept as they wrote them.
create table application_data_reports (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references applications (id) on delete cascade,
  data_service_id text not null,
  message text not null,
  reported_by text not null,
  reported_at timestamptz not null default now()
);
create index application_data_reports_app_idx on application_data_reports (application_id, reported_at);
