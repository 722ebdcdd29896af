import type { AnyDb } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { serviceWorkload } from '../applications/index.ts';
import { documentBytes } from '../documents/index.ts';
import { databaseBytes, capacitySnapshotsSince, hasCapacitySnapshot, measureAgencyBytes, saveCapacitySnapshot, type Reach, type Snapshot } from './store.ts';

/** Days of snapshots the capacity page shows growth over. */
export const GROWTH_DAYS = 30;

export interface AgencyCapacity { agencyId: string; databaseBytes: number; rows: number; applicationFileBytes: number; documentBytes: number; growthBytes: number | null }

export interface CapacityReport {
  /** The whole database, only for the platform's viewers. */
  databaseBytes: number | null;
  agencies: AgencyCapacity[];
  snapshots: Snapshot[];
  queues: { queue: string; depth: number }[] | null;
}

/** Database size and growth per agency, files and documents kept, and the job queues' depth. */
export async function measureCapacity(conn: AnyDb, reach: Reach, jobs: JobQueue | null, today = new Date()): Promise<CapacityReport> {
  const rows = await measureAgencyBytes(conn, reach);
  const files = new Map<string, number>();
  for (const w of await serviceWorkload(conn, reach)) files.set(w.agency_id, (files.get(w.agency_id) ?? 0) + w.file_bytes);
  const documents = new Map((await documentBytes(conn, reach)).map((d) => [d.agency_id, d.bytes]));
  const snapshots = await capacitySnapshotsSince(conn, reach, dayOf(new Date(today.getTime() - GROWTH_DAYS * 86_400_000)));
  const agencies = rows.map((r): AgencyCapacity => {
    const first = snapshots.find((s) => s.agencyId === r.agencyId);
    return {
      agencyId: r.agencyId, databaseBytes: r.bytes, rows: r.rows, applicationFileBytes: files.get(r.agencyId) ?? 0, documentBytes: documents.get(r.agencyId) ?? 0,
      growthBytes: first ? r.bytes - first.bytes : null,
    };
  });
  const queues = reach === 'platform' && jobs ? Object.entries(await jobs.depth()).map(([queue, depth]) => ({ queue, depth })) : null;
  return { databaseBytes: reach === 'platform' ? await databaseBytes(conn) : null, agencies, snapshots, queues };
}

/** Records today's sizes once a day (any node; the first wins), so growth can be shown. */
export async function takeCapacitySnapshot(conn: AnyDb, today = new Date()): Promise<boolean> {
  const day = dayOf(today);
  if (await hasCapacitySnapshot(conn, day)) return false;
  await saveCapacitySnapshot(conn, day, await measureAgencyBytes(conn, 'platform'), await databaseBytes(conn));
  return true;
}

export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
