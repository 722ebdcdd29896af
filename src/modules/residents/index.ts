import path from 'node:path';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { findResidentByIdNumber, type ResidentRecord } from './store.ts';

export { upsertResident, retireResidentsExcept, findResidentById, findResidentByIdNumber, residentIdsByIdNumber, insertResidentsIfAbsent, type ResidentRecord, type NewResident } from './store.ts';

export const residentMigrations: MigrationSource = { owner: 'residents', dir: path.join(import.meta.dirname, 'migrations') };

const comparable = (name: string) => name.normalize('NFKC').replace(/[\s·.-]+/gu, '').toLowerCase();

/**
 * The registered resident these details describe, if all three agree: the ID number, the name
 * (as registered, or in Latin letters) and the date of birth. Used to prove who someone is.
 */
export async function matchResident(conn: AnyDb, claim: { idNumber: string; name: string; birthDate: string }): Promise<ResidentRecord | null> {
  const resident = await findResidentByIdNumber(conn, claim.idNumber);
  if (!resident || resident.birth_date !== claim.birthDate) return null;
  const names = [resident.name, resident.name_latin].filter((n): n is string => !!n).map(comparable);
  return names.includes(comparable(claim.name)) ? resident : null;
}
