import type { AnyDb } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { deleteExpiredModels } from './store.ts';

export const PURGE_JOB = 'sso.purge-expired-models';
// Expired rows are already ignored on read; the sweep only keeps the table small.
const EVERY_QUARTER_HOUR = '*/15 * * * *';

/** Removes the provider's sessions, codes, tokens and grants whose time is up; returns how many. */
export const purgeExpiredModels = (conn: AnyDb): Promise<number> => deleteExpiredModels(conn);

export async function schedulePurge(conn: AnyDb, jobs: JobQueue): Promise<void> {
  await jobs.schedule(PURGE_JOB, EVERY_QUARTER_HOUR, async () => { await purgeExpiredModels(conn); });
}
