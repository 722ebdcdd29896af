import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, CompiledQuery, type Transaction } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { fromPglite } from 'pg-boss';
import type { Db as IDatabase } from 'pg-boss';
import { claimDataDir } from './data-dir-lock.ts';
import { tracedDialect } from '../tracing/database.ts';
import { TransactionGuard } from './transaction-guard.ts';
import { ChangeFeed, listenEmbedded, listenOnServer, type Listening } from './change-feed.ts';

// Tables are typed by the store that owns them (see `tablesOf`); the kernel sees only rows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;
/** The one transaction type: what `db.transaction().execute` hands its steps, and what a step that must run inside one takes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = Transaction<any>;

/** Runs `steps` in the caller's transaction when `conn` is one (so the caller's change and these steps commit together), else in a new one. */
export function inTransaction<T>(conn: AnyDb, steps: (trx: Tx) => Promise<T>): Promise<T> {
  return conn.isTransaction ? steps(conn as Tx) : conn.transaction().execute(steps);
}

export interface PoolStats { total: number; idle: number; waiting: number }

/** The system of record: embedded PGlite for one machine, or a PostgreSQL server. Same SQL for both. */
export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly db: AnyDb;
  /** Runs a multi-statement script on one connection, outside any open transaction. */
  runScript(sql: string): Promise<void>;
  /** The job queue's view of this database, sharing its connection discipline. */
  jobQueueConnection(): IDatabase;
  poolStats(): PoolStats;
  /** The channel's notifications (LISTEN), heard from the first call on, on a connection of its own; one feed per channel, closed with the database. */
  changes(channel: string): ChangeFeed;
  /** Embedded only: the data directory as a tarball, for `openDatabase({ snapshot })` (tests clone a migrated one). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

const INT8 = 20;
const CONNECT_TIMEOUT_MS = 5_000;
const KEEPALIVE_DELAY_MS = 10_000;
const DATE = 1082;

/** Gives a store its typed view of the shared connection. */
export function tablesOf<Tables>(db: AnyDb): Kysely<Tables> {
  return db as Kysely<Tables>;
}

/** `connectNow: false` opens a PostgreSQL pool without reaching the server: a node that starts while it is down answers in reduced service. */
export async function openDatabase(options: { url: string; dataDir: string; poolSize?: number; connectNow?: boolean; snapshot?: Blob }): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10, options.connectNow ?? true) : openEmbedded(options.dataDir, options.snapshot);
}

// Each driver is imported by the start that uses it: PGlite's is 0.6 MB of code a PostgreSQL node never runs.
async function openPostgres(url: string, max: number, connectNow: boolean): Promise<Database> {
  const { default: pg } = await import('pg');
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : oid === DATE ? (v: string) => v : pg.types.getTypeParser(oid, format) };
  const pool = new pg.Pool({
    connectionString: url, max, types, application_name: 'hanaro',
    // During a failover the load balancer may accept a connection it has no server for: give up
    // and let the caller answer 503 rather than queue every request behind it.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A server that vanished without closing its sockets (a site lost, not a process killed) is
    // found by keepalive probes instead of a query waiting forever.
    keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  });
  pool.on('error', () => { /* a dropped idle client is replaced on the next checkout */ });
  // pg emits 'error' on a checked-out client whose connection ends (the server was killed or
  // failed over); with no listener that event would crash the process. The query in flight
  // still fails, and the pool discards the client on release, so the next checkout connects anew.
  pool.on('connect', (client) => client.on('error', () => undefined));
  if (connectNow) (await pool.connect()).release();
  const guard = new TransactionGuard();
  const db = guard.watch(new Kysely({ dialect: tracedDialect(guard.dialect(new PostgresDialect({ pool }))) }));
  const listenConfig = { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS };
  const channels = listeningChannels(guard, (channel, feed) => listenOnServer(pg.Client, listenConfig, channel, feed));
  return {
    kind: 'postgres',
    db,
    async runScript(sql) {
      guard.assertOutside();
      const c = await pool.connect();
      try {
        await c.query(sql);
        guard.writes++;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    jobQueueConnection: () => ({
      executeSql: async (text: string, values?: unknown[]) => {
        guard.assertOutside();
        return pool.query(text, values);
      },
      poolCounts: () => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    }),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    changes: channels.feed,
    close: async () => {
      await channels.close();
      await db.destroy();
    },
  };
}

/**
 * PostgreSQL's default is 128MB. PGlite's WebAssembly memory only grows, so buffers once filled stay
 * resident for the life of the process: 16MB takes ~120 MiB off an idle node's RSS
 * (docs/benchmarks.md), and pages beyond it are read back from the operating system's file cache.
 */
const EMBEDDED_SHARED_BUFFERS = '16MB';

async function openEmbedded(dataDir: string, snapshot?: Blob): Promise<Database> {
  const release = dataDir === ':memory:' ? () => undefined : claimDataDir(dataDir);
  const pgdata = dataDir === ':memory:' ? undefined : path.join(dataDir, 'pgdata');
  if (pgdata) fs.mkdirSync(pgdata, { recursive: true });
  let pglite: PGlite;
  let PGliteDialect: typeof import('kysely-pglite-dialect').PGliteDialect;
  try {
    const [{ PGlite }, { pg_trgm }, dialect] = await Promise.all([
      import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm'), import('kysely-pglite-dialect')]);
    PGliteDialect = dialect.PGliteDialect;
    pglite = await PGlite.create(pgdata ?? 'memory://', {
      parsers: { [INT8]: Number, [DATE]: (v: string) => v },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
      // the catalog's search ranks services by trigram similarity (`create extension pg_trgm`)
      extensions: { pg_trgm },
      // a snapshot skips initdb, which is most of the seconds an empty PGlite takes to start
      ...(snapshot ? { loadDataDir: snapshot } : {}),
    });
  } catch (err) {
    release();
    throw err;
  }
  const guard = new TransactionGuard();
  const db = guard.watch(new Kysely({ dialect: tracedDialect(guard.dialect(new PGliteDialect(pglite))) }));
  // PGlite is one connection: every caller, the job queue included, takes it through Kysely's
  // driver so nobody's statement lands inside another caller's open transaction.
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => db.connection().execute(work);
  const queue = fromPglite(pglite);
  const channels = listeningChannels(guard, (channel, feed) => listenEmbedded(pglite, channel, feed));
  let waiting = 0;
  return {
    kind: 'embedded',
    db,
    runScript: (sql) => exclusive(async () => {
      try {
        await pglite.exec(sql);
        guard.writes++;
      } catch (err) {
        await pglite.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }),
    jobQueueConnection: () => ({
      executeSql: async (text: string, values?: unknown[]) => {
        waiting++;
        try {
          return await exclusive(() => queue.executeSql(text, values));
        } finally {
          waiting--;
        }
      },
    }),
    poolStats: () => ({ total: 1, idle: waiting === 0 ? 1 : 0, waiting }),
    changes: channels.feed,
    snapshot: () => exclusive(async () => {
      await pglite.exec('checkpoint');
      return pglite.dumpDataDir('none');
    }),
    close: async () => {
      await channels.close();
      await db.destroy();
      release();
    },
  };
}

/** One listening per channel, started by its first reader; the handle's own writes move each feed at once. */
function listeningChannels(guard: TransactionGuard, listen: (channel: string, feed: ChangeFeed) => Listening) {
  const open = new Map<string, Listening>();
  return {
    feed(channel: string): ChangeFeed {
      if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
      if (!open.has(channel)) open.set(channel, listen(channel, new ChangeFeed(() => guard.writes)));
      return open.get(channel)!.feed;
    },
    close: async () => { await Promise.all([...open.values()].map((l) => l.close())); },
  };
}

export async function ping(database: Database): Promise<void> {
  await database.db.executeQuery(CompiledQuery.raw('select 1'));
}
