-- Where a resident came from: the pack's list (re-seeding retires those it no longer lists) or a
-- synthetic population (`hanaro seed --residents N`), which re-seeding the pack leaves alone.
alter table residents add column origin text not null default 'pack' check (origin in ('pack', 'population'));
