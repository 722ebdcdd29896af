-- `hanaro api-key create` makes a key from the command line, where no staff member is signed in:
-- such a key has no author in this table; its audit entry (`api_key.issued` by `system:cli`) says who.
alter table api_keys alter column created_by drop not null;
