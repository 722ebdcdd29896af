import type { AnyDb } from '../../platform/db/database.ts';
import { findResidentById, findResidentByIdNumber, type ResidentRecord } from '../residents/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The resident an `applicantId` names: their ID number, or the registry's id for them (which is
 * what Hanaro answers with, so that ID numbers do not travel further than they must).
 */
export async function findApplicant(conn: AnyDb, applicantId: string): Promise<ResidentRecord | undefined> {
  const id = applicantId.trim();
  const resident = UUID.test(id) ? await findResidentById(conn, id) : await findResidentByIdNumber(conn, id);
  return resident && !resident.retired_at ? resident : undefined;
}
