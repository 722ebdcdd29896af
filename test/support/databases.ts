import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
  /** `count` nodes' handles on one new database (on PGlite, the one embedded database shared); `close` closes them all. */
  openNodes(count: number): Promise<{ nodes: Database[]; close(): Promise<void> }>;
}

/**
 * Every database test runs on the embedded PGlite, and also on the PostgreSQL server named by
 * TEST_DATABASE_URL when it is set (CI sets it). Each opened PostgreSQL database is new and
 * dropped when closed, so test files can run side by side.
 */
export function databaseTargets(): DatabaseTarget[] {
  const openPglite = () => openDatabase({ url: '', dataDir: ':memory:' });
  const targets: DatabaseTarget[] = [{
    name: 'pglite',
    open: openPglite,
    async openNodes(count) {
      const database = await openPglite();
      return { nodes: Array.from({ length: count }, () => database), close: () => database.close() };
    },
  }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    targets.push({
      name: 'postgres',
      async open() {
        const { nodes: [database], close } = await openFreshPostgres(serverUrl, 1);
        return { ...database!, close };
      },
      openNodes: (count) => openFreshPostgres(serverUrl, count),
    });
  }
  return targets;
}

async function openFreshPostgres(serverUrl: string, count: number): Promise<{ nodes: Database[]; close(): Promise<void> }> {
  const name = `hanaro_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const nodes = await Promise.all(Array.from({ length: count }, () => openDatabase({ url: url.toString(), dataDir: '' })));
  return {
    nodes,
    async close() {
      for (const database of nodes) await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
