import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import type { AgreementAttribute } from './store.ts';
import * as store from './store.ts';

/** A data agreement in force, as a consent screen shows it: for what, by whom, what is read from whom. */
export interface DataAgreementView { id: string; version: number; controllerAgencyId: string; purpose: Text; reads: AgreementAttribute[] }

export async function findDataAgreement(conn: AnyDb, id: string): Promise<DataAgreementView | undefined> {
  const a = await store.findAgreement(conn, id);
  if (!a || a.retired_at) return undefined;
  return { id: a.id, version: a.version, controllerAgencyId: a.controller_agency_id, purpose: a.purpose, reads: a.attributes };
}
