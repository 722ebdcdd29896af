import { PgBoss, fromKysely } from 'pg-boss';
import type { Database, Tx } from './db/database.ts';

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
  send(trx: Tx, name: string, data: Record<string, unknown>, retry?: RetryPolicy): Promise<void>;
  /** Runs `handler` on a cron schedule (UTC), once per occurrence across every node. */
  schedule(name: string, cron: string, handler: JobHandler): Promise<void>;
  depth(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * A worker refreshes its jobs' heartbeat every HEARTBEAT_SECONDS / 2; a node that died stops doing
 * so, and the next supervise pass on any node (every SUPERVISE_SECONDS) fails its jobs into retry,
 * so another node takes them within about half a minute instead of pg-boss's 15-minute expiry.
 */
const HEARTBEAT_SECONDS = 20;
const SUPERVISE_SECONDS = 10;
/** Nodes starting together on an empty database wait out each other's schema install (pg-boss retries start()). */
const START_ATTEMPTS = 6;
/**
 * A worker takes up to BATCH_SIZE jobs at a time and runs them side by side, fetches again at once
 * while batches come back full, and polls every POLLING_SECONDS when idle. pg-boss's default (one job
 * per 2 s poll) worked off about 1 job a second on two nodes, slower than filings queue notice mails.
 */
const WORK_OPTIONS = { batchSize: 10, burstWhenBatchFull: true, pollingIntervalSeconds: 1, localConcurrency: 2, perJobResults: true } as const;

export async function startJobQueue(database: Database, onError: (err: Error) => void): Promise<JobQueue> {
  const boss = new PgBoss({
    db: database.jobQueueConnection(),
    ...(database.kind === 'embedded' ? { backend: 'pglite' as const } : {}),
    schema: 'pgboss',
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  });
  boss.on('error', onError);
  await boss.start({ attempts: START_ATTEMPTS });
  const names = new Set<string>();
  const queue: JobQueue = {
    async register(name, handler) {
      await boss.createQueue(name, { heartbeatSeconds: HEARTBEAT_SECONDS });
      // a queue created before heartbeats were set keeps its old options through createQueue
      await boss.updateQueue(name, { heartbeatSeconds: HEARTBEAT_SECONDS });
      names.add(name);
      await boss.work(name, WORK_OPTIONS, async (jobs) => Promise.all(jobs.map(async (job) => {
        try {
          await handler(job.data as Record<string, unknown>);
          return { id: job.id, status: 'completed' as const };
        } catch (err) {
          return { id: job.id, status: 'failed' as const, output: { message: (err as Error).message } };
        }
      })));
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
