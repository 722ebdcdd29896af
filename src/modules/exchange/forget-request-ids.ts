import type { AnyDb } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { forgetRequestIdsSeenBefore } from './store.ts';

export const FORGET_REQUEST_IDS_JOB = 'exchange.forget-request-ids';
const EVERY_QUARTER_HOUR = '*/15 * * * *';

/**
 * A request id is kept to refuse a replay, but a request signed more than the allowed clock skew
 * ago is refused as stale anyway; so an id seen more than twice that long ago can go.
 */
export function forgetStaleRequestIds(conn: AnyDb, clockSkewSeconds: number, now = new Date()): Promise<number> {
  return forgetRequestIdsSeenBefore(conn, new Date(now.getTime() - 2 * clockSkewSeconds * 1000));
}

export async function scheduleForgetRequestIds(conn: AnyDb, jobs: JobQueue, clockSkewSeconds: number): Promise<void> {
  await jobs.schedule(FORGET_REQUEST_IDS_JOB, EVERY_QUARTER_HOUR, async () => { await forgetStaleRequestIds(conn, clockSkewSeconds); });
}
