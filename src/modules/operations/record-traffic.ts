import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { TrafficRecorder } from '../../platform/http/traffic.ts';
import { forgetTrafficBefore, saveTrafficMinutes } from './store.ts';

/** This process among the nodes behind the load balancer; a restarted node writes rows of its own. */
export const NODE_ID = `${hostname()}-${randomBytes(3).toString('hex')}`;
/** Minutes are kept this long: the error budget's week and a day more. */
export const KEEP_DAYS = 8;

/** Writes the minutes that changed since the last flush; if the database refuses, they are written next time. */
export async function recordTraffic(conn: AnyDb, recorder: TrafficRecorder, nodeId = NODE_ID): Promise<number> {
  const rows = recorder.takeChanged();
  if (!rows.length) return 0;
  try {
    await saveTrafficMinutes(conn, nodeId, rows);
  } catch (err) {
    recorder.markChanged(rows.map((r) => r.minute));
    throw err;
  }
  return rows.length;
}

export async function forgetOldTraffic(conn: AnyDb, now = Date.now()): Promise<void> {
  await forgetTrafficBefore(conn, new Date(now - KEEP_DAYS * 86_400_000));
}
