-- A wallet that shows its own QR code to a reader (cross-device, the wallet first). The reader
-- that scans it attaches its presentation request; the wallet, polling with the code only it and
-- the QR hold (kept here as a hash), then fetches that request as if it had scanned the reader's.
create table wallet_engagements (
  code_hash text primary key,
  presentation_request_id uuid unique references presentation_requests (id),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index wallet_engagements_expiry_idx on wallet_engagements (expires_at);
