import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { databaseOutage, isDatabaseUnreachable } from './unreachable.ts';

const url = process.env.TEST_DATABASE_URL;

/** The error a checkout on the pool ends with, or undefined when it got a connection. */
async function checkoutError(pool: pg.Pool): Promise<unknown> {
  try {
    (await pool.connect()).release();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('database outages: busy or out of reach', { skip: url ? false : 'needs TEST_DATABASE_URL' }, () => {
  it('names a pool whose every connection is in use "busy", not "unreachable"', async () => {
    // Long enough for the first connection on a loaded machine; the second checkout waits it out.
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 3_000 });
    const held = await pool.connect();
    try {
      const err = await checkoutError(pool);
      assert.ok(err, 'the second checkout waits out its timeout');
      assert.equal(databaseOutage(err), 'database_busy');
      assert.equal(isDatabaseUnreachable(err), true, 'still answered as reduced service (503)');
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('names a server that refuses connections "unreachable"', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', max: 1, connectionTimeoutMillis: 2_000 });
    try {
      assert.equal(databaseOutage(await checkoutError(pool)), 'database_unreachable');
    } finally {
      await pool.end();
    }
  });

  it('finds the outage inside wrapped errors, and none in a wrong query', () => {
    assert.equal(databaseOutage(new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') })), 'database_unreachable');
    assert.equal(databaseOutage(new AggregateError([new Error('timeout exceeded when trying to connect')])), 'database_busy');
    assert.equal(databaseOutage(Object.assign(new Error('syntax error'), { code: '42601' })), undefined);
  });
});
