-- The words people read instead of field names (the pack's fieldTitles and valueTitles), and the law a
-- read relied on in every language when it is a pack's (a registry's or a data service's), so "who
-- used my data" shows both in the reader's language. `legal_basis` keeps the text as logged.
alter table registries add column field_titles jsonb not null default '{}';
alter table registries add column value_titles jsonb not null default '{}';
alter table personal_data_reads add column legal_basis_text jsonb;
