-- Data services: named queries over an agency's registry that other agencies call through Hanaro's
-- information mediator. The pack defines them; `definition` is the pack's DataService.
create table data_services (
  id text primary key,
  agency_id text not null references agencies (id),
  registry_id text not null references registries (id),
  definition jsonb not null,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);
create index data_services_agency_idx on data_services (agency_id);

-- The keys members (agencies) sign exchange messages with. `platform` keys are held by Hanaro (the
-- private key sealed with the platform's key secret) and sign for the agency; `system` keys are
-- public keys an agency admin registered for the agency's own systems, which keep the private half.
create table exchange_member_keys (
  kid text primary key,
  agency_id text not null references agencies (id),
  holder text not null check (holder in ('platform', 'system')),
  label text not null,
  public_jwk jsonb not null,
  sealed_private_key bytea,
  created_at timestamptz not null default now(),
  created_by text not null,
  revoked_at timestamptz,
  revoked_by text,
  check ((holder = 'platform') = (sealed_private_key is not null))
);
create index exchange_member_keys_agency_idx on exchange_member_keys (agency_id);
create unique index exchange_member_keys_one_platform_key on exchange_member_keys (agency_id) where holder = 'platform' and revoked_at is null;

-- Each end's log of every exchange, refusals included: the consumer's row and the provider's row
-- carry both signed messages, so either side can prove what was asked and answered. Append-only.
create table exchange_messages (
  id bigint generated always as identity primary key,
  message_id uuid not null, -- one exchange: the same on the consumer's and the provider's row
  side text not null check (side in ('consumer', 'provider', 'mediator')),
  agency_id text references agencies (id), -- whose log; null on the mediator's own row (the caller is no member)
  client_member text,
  provider_member text,
  data_service_id text,
  request_jti text,
  purpose text,
  service_id text,
  application_id text,
  consent_id text,
  subject_hash text, -- sha256 of the ID number asked about
  outcome text not null check (outcome in ('answered', 'refused')),
  reason text,
  record_count integer,
  request_jws text not null,
  response_jws text,
  created_at timestamptz not null default now()
);
create index exchange_messages_agency_idx on exchange_messages (agency_id, created_at desc, id desc);
create index exchange_messages_message_idx on exchange_messages (message_id);

create trigger exchange_messages_no_update_or_delete before update or delete on exchange_messages
  for each row execute function refuse_change_to_append_only();
create trigger exchange_messages_no_truncate before truncate on exchange_messages
  for each statement execute function refuse_change_to_append_only();

-- Request ids (jti) a member's verified requests used: a replayed request is refused. Requests older
-- than the mediator's clock window are refused anyway, so old rows may be pruned.
create table exchange_request_ids (
  client_agency_id text not null references agencies (id),
  jti text not null,
  seen_at timestamptz not null default now(),
  primary key (client_agency_id, jti)
);
