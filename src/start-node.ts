import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrations.ts';
import { isDatabaseUnreachable } from './platform/db/unreachable.ts';
import { listenerFor } from './platform/http/listener.ts';
import { buildPlatform, buildReducedPlatform, migrationSources, openAndMigrate, seedFromDirIfChanged, shutdown, type Platform } from './app.ts';
import type { SeedReport } from './seed-pack.ts';

export interface Started { platform: Platform; applied: string[]; seed: SeedReport | null }

export interface RunningNode {
  /** The app answering now: the reduced one until the database has answered, then the whole platform. */
  app(): FastifyInstance;
  port(): number;
  /** Settles once the whole platform serves (at once when the database answered at start). */
  ready: Promise<Started>;
  /** Whether this node began in reduced service. */
  startedReduced: boolean;
  close(): Promise<void>;
}

/** Waits between tries while the database cannot be reached: 1 s, doubling up to 30 s. */
export const START_RETRY = { firstMs: 1_000, maxMs: 30_000 };

/**
 * `hanaro start`: migrate, seed when the pack changed, build and listen. When a PostgreSQL server
 * cannot be reached, the node listens all the same in reduced service (buildReducedPlatform) and
 * keeps trying with backoff; once it answers, the start finishes (migrations, seed) and the same
 * port serves the whole platform, without a restart. Any other failure stops the start.
 */
export async function startNode(config: Readonly<Config>, opts: { retry?: typeof START_RETRY; onRetry?: (err: unknown, waitMs: number) => void } = {}): Promise<RunningNode> {
  const finish = async (database: Database, applied: string[]): Promise<Started> => {
    const seed = await seedFromDirIfChanged(database, config.packDir);
    const platform = await buildPlatform(config, database);
    await platform.app.ready();
    return { platform, applied, seed };
  };
  let opened: Database | null = null;
  let first: Started | null = null;
  try {
    const migrated = await openAndMigrate(config);
    opened = migrated.database;
    first = await finish(opened, migrated.applied);
  } catch (err) {
    if (!config.databaseUrl || !isDatabaseUnreachable(err)) {
      await opened?.close();
      throw err;
    }
  }
  const database = opened ?? await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, connectNow: false });
  const reduced = first ? null : await buildReducedPlatform(config, database);
  await reduced?.ready();
  const listener = listenerFor(first?.platform.app ?? reduced!);
  await listener.listen(config.port, config.host);
  let full: Platform | null = first?.platform ?? null;
  let stopped = false;

  const ready = first ? Promise.resolve(first) : (async () => {
    const retry = opts.retry ?? START_RETRY;
    for (let wait = retry.firstMs; ; wait = Math.min(wait * 2, retry.maxMs)) {
      try {
        const started = await finish(database, await migrate(database, migrationSources));
        if (stopped) {
          await shutdown(started.platform);
          return started;
        }
        full = started.platform;
        listener.serve(full.app);
        return started;
      } catch (err) {
        if (stopped || !isDatabaseUnreachable(err)) throw err;
        opts.onRetry?.(err, wait);
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  })();
  ready.catch(() => undefined);

  return {
    app: () => full?.app ?? reduced!,
    port: () => (listener.server.address() as { port: number }).port,
    ready,
    startedReduced: !first,
    close: async () => {
      stopped = true;
      await listener.close();
      await reduced?.close();
      if (full) await shutdown(full);
      else await database.close();
    },
  };
}
