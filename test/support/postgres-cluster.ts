import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { DatabaseTarget } from './databases.ts';
import { freePort } from './ports.ts';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster if it runs and removes its directory. */
  destroy(): Promise<void>;
}

/**
 * Why a scratch cluster cannot run here, or null. Locally a test skips with this reason;
 * under CI=true the binaries are part of the image, so their absence is a failure.
 */
export function postgresClusterUnavailable(): string | null {
  if (!existsSync(path.join(BIN, 'pg_ctl'))) return `no PostgreSQL 15 binaries in ${BIN}`;
  if (!existsSync('/usr/sbin/runuser')) return 'no runuser to run PostgreSQL as the postgres user';
  return null;
}

/**
 * A PostgreSQL cluster of its own that a test can stop and start again: PostgreSQL refuses
 * root, so it runs as the postgres user in a temporary directory that user owns.
 */
export async function startPostgresCluster(opts: { database?: string } = {}): Promise<PostgresCluster> {
  const why = postgresClusterUnavailable();
  if (why) throw new Error(why);
  const { uid, gid } = await postgresIds();
  const dir = await mkdtemp(path.join(tmpdir(), 'hanaro-pg-'));
  await chown(dir, uid, gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (bin: string, args: string[]) => run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args]);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  let running = false;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']);
    running = true;
  };
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  await start();
  const database = opts.database ?? 'postgres';
  if (database !== 'postgres') await run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(BIN, 'createdb'), '-h', '127.0.0.1', '-p', String(port), database]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    start, stop,
    destroy: async () => {
      if (running) await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The cluster as a test platform's database: one node's handle on it (the database name of its URL). */
export function clusterTarget(cluster: PostgresCluster): DatabaseTarget {
  const open = () => openDatabase({ url: cluster.url, dataDir: '' });
  return {
    name: 'postgres', open,
    openNodes: async (count) => {
      const nodes = await Promise.all(Array.from({ length: count }, open));
      return { nodes, close: async () => { await Promise.all(nodes.map((n) => n.close())); } };
    },
  };
}
