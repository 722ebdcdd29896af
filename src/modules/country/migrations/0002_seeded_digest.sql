-- What the pack was last seeded from (packs/pack-digest.ts): `hanaro start` skips the seed while it is the same.
alter table country add column seeded_digest text;
