-- How the resident proved who they are in this session, as RFC 8176 method references
-- (pwd, otp, hwk, swk, user, mfa): the portal and OpenID Connect clients read them as `amr`.
alter table resident_sessions add column amr text[] not null default '{}';

-- When a staff member last proved who they are, for re-authentication before changing passkeys.
alter table staff_sessions add column authenticated_at timestamptz not null default now();
