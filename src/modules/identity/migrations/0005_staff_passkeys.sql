-- Staff sign in with passkeys too; the password from the pack only lets them register the first one.
-- The same shape as residents' passkeys, owned by a staff member instead of a resident account.
create table staff_passkeys (like resident_passkeys including defaults including constraints including indexes);
alter table staff_passkeys drop column account_id;
alter table staff_passkeys add column staff_id uuid not null references staff (id) on delete cascade;
create index staff_passkeys_staff_idx on staff_passkeys (staff_id);

-- A challenge is for a resident's or a staff member's passkey, never usable as the other's.
alter table webauthn_challenges add column holder text not null default 'resident' check (holder in ('resident', 'staff'));
alter table webauthn_challenges add column staff_id uuid references staff (id) on delete cascade;

-- How the staff member proved who they are: 'low' (password), 'substantial' (passkey).
alter table staff_sessions add column assurance text not null default 'low' check (assurance in ('low', 'substantial', 'high'));
