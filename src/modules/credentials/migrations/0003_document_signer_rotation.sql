-- An agency's document signer can be rotated: the old row stays (retired), its certificate still in
-- the credentials it signed, which verify through the IACA root that a rotation leaves alone.
alter table credential_issuer_keys add column retired_at timestamptz;
alter table credential_issuer_keys drop constraint credential_issuer_keys_agency_id_kind_key;
create unique index credential_issuer_keys_live_idx on credential_issuer_keys (agency_id, kind) where retired_at is null;
