import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type AnyDb } from './database.ts';

// A failover ends every server connection at once (the primary dies, or the load balancer shuts
// its sessions): Hanaro must fail only the work in flight, stay up, and carry on with new connections.
const url = process.env.TEST_DATABASE_URL;
const skip = url ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server)';

async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const backendPid = async (db: AnyDb) =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;

test('a connection ended inside a transaction fails that transaction only; the next query takes a fresh one', { skip }, async () => {
  const database = await openDatabase({ url: url!, dataDir: '' });
  try {
    let ended = 0;
    const failed = database.db.transaction().execute(async (trx) => {
      ended = await backendPid(trx);
      await terminate(ended);
      await sleep(300); // the socket closes while the transaction holds its client between statements
      await sql`select 1`.execute(trx);
    });
    await assert.rejects(failed);
    const fresh = await backendPid(database.db);
    assert.notEqual(fresh, ended);
  } finally {
    await database.close();
  }
});

test('idle connections ended by the server are replaced, for the stores and for the job queue', { skip }, async () => {
  const database = await openDatabase({ url: url!, dataDir: '' });
  try {
    const pids = await Promise.all([1, 2, 3].map(() => backendPid(database.db)));
    for (const pid of new Set(pids)) await terminate(pid);
    await sleep(300);
    assert.equal((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]!.one, 1);
    const queue = database.jobQueueConnection();
    assert.equal((await queue.executeSql('select 2 as two')).rows[0].two, 2);
  } finally {
    await database.close();
  }
});
