-- Which `sub` a client sees: its own pairwise identifier for each resident (the default from now
-- on), or the resident's public one. Clients registered before keep the public one they know.
alter table oidc_clients add column subject_type text not null default 'public' check (subject_type in ('public', 'pairwise'));
alter table oidc_clients alter column subject_type set default 'pairwise';
