-- A counter that moves with every change to what the catalog pages show (the country, agencies,
-- services), whoever makes it: seeding, an administrator opening a service, an operator's SQL. Each
-- node keeps the catalog in memory and reads only this row per request, so a change made through
-- any node, or none, is seen by every node at its next request.
create table catalog_version (
  id smallint primary key default 1 check (id = 1),
  n bigint not null
);
insert into catalog_version (n) values (1);

create function catalog_version_bump() returns trigger language plpgsql as $$
begin
  update catalog_version set n = n + 1 where id = 1;
  return null;
end $$;

create trigger catalog_version_country after insert or update or delete or truncate on country
  for each statement execute function catalog_version_bump();
create trigger catalog_version_agencies after insert or update or delete or truncate on agencies
  for each statement execute function catalog_version_bump();
create trigger catalog_version_services after insert or update or delete or truncate on services
  for each statement execute function catalog_version_bump();
