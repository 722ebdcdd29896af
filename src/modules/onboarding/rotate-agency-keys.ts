import type { Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findAgency } from '../agencies/index.ts';
import { findCountry } from '../country/index.ts';
import { issuesCredentials, rotateDocumentSigner, type DocumentSignerSummary } from '../credentials/index.ts';
import { rotateAgencySigningKey, type SigningKeySummary } from '../documents/index.ts';
import { rotateExchangeKey } from '../exchange/index.ts';

export const KEY_KINDS = ['documents', 'exchange', 'credentials'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface RotatedKeys {
  documents?: SigningKeySummary;
  exchange?: { kid: string; retired: string | undefined };
  credentials?: DocumentSignerSummary & { retired: string | undefined };
}

/** What a rotation needs: the key secret, and the issuer identifier a document signer's certificate names. */
export interface KeySettings { keySecret: string; publicUrl: string }

const english = (t: Record<string, string>) => t.en ?? Object.values(t)[0] ?? '';

/** An agency with no credential types has no document signer to rotate. */
export const issuesNoCredentials = (agencyId: string) => new AppError(409, 'agency_issues_no_credentials', 'onboarding.keys.error.noCredentials', { detail: `${agencyId} has no credential types` });

/** New keys of the given kinds for the agency; the old ones stay for verification (each module's own rotation). */
export async function rotateAgencyKeys(conn: AnyDb, agencyId: string, kinds: readonly KeyKind[], settings: KeySettings, who: Actor): Promise<RotatedKeys | null> {
  const agency = await findAgency(conn, agencyId);
  const country = await findCountry(conn);
  if (!agency || !country) return null;
  if (kinds.includes('credentials') && !(await issuesCredentials(conn, agencyId))) throw issuesNoCredentials(agencyId);
  const secret = settings.keySecret;
  return conn.transaction().execute(async (trx) => ({
    ...(kinds.includes('documents') ? { documents: await rotateAgencySigningKey(trx, agencyId, { country: english(country.name), agency: english(agency.name) }, secret, who) } : {}),
    ...(kinds.includes('exchange') ? { exchange: await rotateExchangeKey(trx, secret, agencyId, who) } : {}),
    ...(kinds.includes('credentials') ? { credentials: await rotateDocumentSigner(trx, agencyId, { countryCode: country.code, agency: english(agency.name), publicUrl: settings.publicUrl }, secret, who) } : {}),
  }));
}
