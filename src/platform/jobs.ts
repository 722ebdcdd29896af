import { PgBoss, fromKysely } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { Database } from './db/database.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/** How often a failed job is tried again: seconds between tries, doubled each time when `backoff`. */
export interface RetryPolicy { limit: number; delaySeconds: number; backoff: boolean }

/**
 * Background jobs on the same PostgreSQL as everything else (pg-boss). A job sent inside a
 * transaction is committed or rolled back with it, so a side effect never runs for a change
 * that did not happen.
 */
export interface JobQueue {
  register(name: string, handler: JobHandler): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(trx: Transaction<any>, name: string, data: Record<string, unknown>, retry?: RetryPolicy): Promise<void>;
  /** Runs `handler` on a cron schedule (UTC), once per occurrence across every node. */
  schedule(name: string, cron: string, handler: JobHandler): Promise<void>;
  depth(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startJobQueue(database: Database, onError: (err: Error) => void): Promise<JobQueue> {
  const boss = new PgBoss({
    db: database.jobQueueConnection(),
    ...(database.kind === 'embedded' ? { backend: 'pglite' as const } : {}),
    schema: 'pgboss',
  });
  boss.on('error', onError);
  await boss.start();
  const names = new Set<string>();
  const queue: JobQueue = {
    async register(name, handler) {
      await boss.createQueue(name);
      names.add(name);
      await boss.work(name, async (jobs) => {
        for (const job of jobs) await handler(job.data as Record<string, unknown>);
      });
    },
    async schedule(name, cron, handler) {
      await queue.register(name, handler);
      await boss.schedule(name, cron);
    },
    async send(trx, name, data, retry) {
      const retries = retry ? { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff } : {};
      await boss.send(name, data, { db: fromKysely(trx), ...retries });
    },
    async depth() {
      const queues = names.size ? await boss.getQueues([...names]) : [];
      return Object.fromEntries(queues.map((q) => [q.name, q.queuedCount]));
    },
    stop: () => boss.stop({ graceful: true, close: false, timeout: 10_000 }),
  };
  return queue;
}
