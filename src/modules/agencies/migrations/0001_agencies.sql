-- Agencies are the tenants of the platform; staff hold roles in one or more of them.
create table agencies (
  id text primary key,
  name jsonb not null,
  short_name jsonb,
  description jsonb not null,
  contact jsonb not null default '{}',
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz
);

create table staff (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name jsonb not null,
  password_hash text,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create unique index staff_email_idx on staff (lower(email));

create table staff_roles (
  staff_id uuid not null references staff (id) on delete cascade,
  -- null for a platform-wide role (platform operator, platform auditor)
  agency_id text references agencies (id),
  role text not null check (role in ('officer', 'agency_admin', 'auditor', 'platform_operator')),
  granted_at timestamptz not null default now()
);
create unique index staff_roles_unique_idx on staff_roles (staff_id, coalesce(agency_id, ''), role);
create index staff_roles_agency_idx on staff_roles (agency_id);
