-- One trigger function for every append-only table (logs, revision histories): a module's migration
-- attaches it with `before update or delete … for each row` and `before truncate … for each statement`.
create function refuse_change_to_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
