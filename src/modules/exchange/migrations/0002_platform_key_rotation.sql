-- Hanaro's key for an agency can be rotated: the retired key no longer signs, but its public part
-- stays published and accepted (it is not revoked), so messages signed before still verify.
alter table exchange_member_keys add column retired_at timestamptz;
drop index exchange_member_keys_one_platform_key;
create unique index exchange_member_keys_one_platform_key on exchange_member_keys (agency_id) where holder = 'platform' and revoked_at is null and retired_at is null;
