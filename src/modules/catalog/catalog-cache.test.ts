import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, migratedDatabase, seedTestPack } from '../../../test/support/platform.ts';
import type { ChangeFeed } from '../../platform/db/change-feed.ts';
import { openDatabase, type AnyDb, type Database } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { CatalogCache } from './catalog-cache.ts';
import { setServiceAvailability } from './set-service-availability.ts';

const SERVICE = 'resident-registration-certificate';

/** The database handle with a count of the statements sent through it. */
function counted(db: AnyDb) {
  const seen = { statements: 0 };
  return { seen, db: db.withPlugin({ transformQuery: (args) => { seen.statements++; return args.node; }, transformResult: async (args) => args.result }) };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) assert.fail(`waited 10 s for ${what}`);
  }
}

for (const target of databaseTargets({ engines: 'all' })) {
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

    it('listening, reads nothing while nothing changes, and sees its own node\'s change at its next read', async () => {
      const changes: ChangeFeed = database.changes('hanaro_catalog');
      await until('the feed to listen', () => changes.mark() !== null);
      const here = counted(database.db);
      const cache = new CatalogCache(here.db, changes);
      assert.equal(await shows(cache), true);
      const afterFirst = here.seen.statements;
      for (let i = 0; i < 5; i++) await cache.current();
      assert.equal(here.seen.statements, afterFirst, 'nothing read while nothing changed');
      await setServiceAvailability(database.db, agencyScope('interior'), SERVICE, false, { actor: 'system:test' });
      assert.equal(await shows(cache), false, 'no wait for the notice');
      await sql`update services set open = true where id = ${SERVICE}`.execute(database.db);
      assert.equal(await shows(cache), true);
    });

    if (target.name === 'postgres') {
      it('sees a change made through another node once it is told', async () => {
        const name = (await sql<{ name: string }>`select current_database() as name`.execute(database.db)).rows[0]!.name;
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        const other = await openDatabase({ url: url.toString(), dataDir: '', poolSize: 1 });
        try {
          const changes = database.changes('hanaro_catalog');
          await until('the feed to listen', () => changes.mark() !== null);
          const here = counted(database.db);
          const cache = new CatalogCache(here.db, changes);
          assert.equal(await shows(cache), true);
          const before = changes.mark();
          await sql`update services set open = false where id = ${SERVICE}`.execute(other.db);
          await until('the change to be told', () => changes.mark() !== before);
          assert.equal(await shows(cache), false);
        } finally {
          await sql`update services set open = true where id = ${SERVICE}`.execute(other.db);
          await other.close();
        }
      });

      it('reads on every request while its listening connection is lost, and stops once it listens again', async () => {
        const changes = database.changes('hanaro_catalog');
        await until('the feed to listen', () => changes.mark() !== null);
        const here = counted(database.db);
        const cache = new CatalogCache(here.db, changes);
        await cache.current();
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'hanaro-listen' and datname = current_database()`.execute(database.db);
        await until('the loss to be noticed', () => changes.mark() === null);
        await sql`update services set open = false where id = ${SERVICE}`.execute(database.db);
        assert.equal(await shows(cache), false, 'a change made while nobody could tell is seen');
        const whileLost = here.seen.statements;
        await cache.current();
        assert.ok(here.seen.statements > whileLost, 'read again while not listening');
        await until('the feed to listen again', () => changes.mark() !== null);
        await cache.current();
        const listening = here.seen.statements;
        await cache.current();
        assert.equal(here.seen.statements, listening);
        await sql`update services set open = true where id = ${SERVICE}`.execute(database.db);
      });
    }
  });
}
