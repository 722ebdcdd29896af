import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, migratedDatabase, seedTestPack } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { CatalogCache } from './catalog-cache.ts';
import { setServiceAvailability } from './set-service-availability.ts';

const SERVICE = 'resident-registration-certificate';

for (const target of databaseTargets()) {
  describe(`the catalog held in memory [${target.name}]`, () => {
    let database: Database;
    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database, DEMO_PACK);
    });
    after(() => database.close());

    const shows = async (cache: CatalogCache) => (await cache.current()).services.some((s) => s.id === SERVICE);

    it('sees a service closed through another node at its next read, and opened again', async () => {
      // Two caches on one database: two nodes of the platform.
      const here = new CatalogCache(database.db);
      const there = new CatalogCache(database.db);
      assert.equal(await shows(here), true);
      assert.equal(await shows(there), true);
      await setServiceAvailability(database.db, agencyScope('interior'), SERVICE, false, { actor: 'system:test' });
      assert.equal(await shows(here), false);
      assert.equal(await shows(there), false);
      await setServiceAvailability(database.db, agencyScope('interior'), SERVICE, true, { actor: 'system:test' });
      assert.equal(await shows(there), true);
    });

    it('sees a change made with plain SQL, and keeps what it holds while nothing changed', async () => {
      const cache = new CatalogCache(database.db);
      const before = await cache.current();
      assert.equal(await cache.current(), before, 'the same catalog object, not read again');
      await sql`update agencies set name = jsonb_set(name, '{en}', '"Renamed"') where id = 'interior'`.execute(database.db);
      const after = await cache.current();
      assert.notEqual(after.version, before.version);
      assert.equal(after.agencies.find((a) => a.id === 'interior')?.name.en, 'Renamed');
    });

    it('is read once for requests that arrive together', async () => {
      const cache = new CatalogCache(database.db);
      const [a, b, c] = await Promise.all([cache.current(), cache.current(), cache.current()]);
      assert.equal(a, b);
      assert.equal(b, c);
    });
  });
}
