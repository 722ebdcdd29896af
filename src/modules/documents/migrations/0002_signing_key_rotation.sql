-- An agency's signing key can be rotated: the old row stays (retired) so what it signed is still
-- explained, and verification goes through the platform root, which a rotation does not change.
alter table document_signing_keys add column retired_at timestamptz;
drop index document_signing_keys_agency_idx;
create unique index document_signing_keys_live_idx on document_signing_keys (coalesce(agency_id, '')) where retired_at is null;
