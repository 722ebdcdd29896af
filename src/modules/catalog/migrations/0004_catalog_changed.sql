-- The version's move is also told on the channel hanaro_catalog (delivered at commit): a node that
-- listens skips the version read on each request and reads again only when told, or when it is not
-- listening (see ChangeFeed).
create or replace function catalog_version_bump() returns trigger language plpgsql as $$
begin
  update catalog_version set n = n + 1 where id = 1;
  perform pg_notify('hanaro_catalog', '');
  return null;
end $$;
