import type { Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { findAgency } from '../agencies/index.ts';
import { findCountry } from '../country/index.ts';
import { rotateAgencySigningKey, type SigningKeySummary } from '../documents/index.ts';
import { rotateExchangeKey } from '../exchange/index.ts';

export const KEY_KINDS = ['documents', 'exchange'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const english = (t: Record<string, string>) => t.en ?? Object.values(t)[0] ?? '';

/** New keys of the given kinds for the agency; the old ones stay for verification (each module's own rotation). */
export async function rotateAgencyKeys(conn: AnyDb, agencyId: string, kinds: readonly KeyKind[], secret: string, who: Actor): Promise<{ documents?: SigningKeySummary; exchange?: { kid: string; retired: string | undefined } } | null> {
  const agency = await findAgency(conn, agencyId);
  const country = await findCountry(conn);
  if (!agency || !country) return null;
  return conn.transaction().execute(async (trx) => ({
    ...(kinds.includes('documents') ? { documents: await rotateAgencySigningKey(trx, agencyId, { country: english(country.name), agency: english(agency.name) }, secret, who) } : {}),
    ...(kinds.includes('exchange') ? { exchange: await rotateExchangeKey(trx, secret, agencyId, who) } : {}),
  }));
}
