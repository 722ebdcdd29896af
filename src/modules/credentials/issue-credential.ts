import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findAgency } from '../agencies/index.ts';
import { findResidentById, type ResidentRecord } from '../residents/index.ts';
import type { CredentialType } from '../packs/index.ts';
import { buildClaims } from './credential-claims.ts';
import { allocateStatusIndex, statusListId, statusListUri } from './credential-status.ts';
import { agencyIssuerIdentity } from './issuer-keys.ts';
import { issueMdocCredential } from './mdoc-credential.ts';
import { issueSdJwtCredential } from './sd-jwt-credential.ts';
import type { CredentialSettings } from './settings.ts';
import { findCredentialType, findResidentCredentialIds, findSourceRecord, insertIssuedCredential, setCredentialStatus, type CredentialFormat } from './store.ts';

export interface IssueCredentialInput { residentId: string; typeId: string; format: CredentialFormat; holderKey: JWK }

const DAY_MS = 24 * 3600 * 1000;

/** The registry records a type is built from, for one resident; null when the resident is not in one of them. */
export async function sourceRecordsOf(conn: AnyDb, type: CredentialType, resident: ResidentRecord): Promise<Record<string, Record<string, unknown>> | null> {
  const records: Record<string, Record<string, unknown>> = {};
  for (const source of type.sources) {
    const record = source.registry === 'residents' ? residentRecord(resident) : await findSourceRecord(conn, source.registry, resident.id_number);
    if (!record) return null;
    records[source.registry] = record;
  }
  return records;
}

function residentRecord(r: ResidentRecord): Record<string, unknown> {
  return { idNumber: r.id_number, name: r.name, nameLatin: r.name_latin, birthDate: r.birth_date, sex: r.sex, household: r.household, address: r.address };
}

/**
 * Issues one credential to the holder key a wallet proved it holds: claims from the registries, a
 * fresh status-list entry, signed under the agency's document signer. A new credential of a type
 * replaces the resident's suspended ones of that type (a lost phone's), which are revoked.
 */
export async function issueCredential(conn: AnyDb, input: IssueCredentialInput, settings: CredentialSettings, who: Actor): Promise<{ id: string; credential: string }> {
  const type = await findCredentialType(conn, input.typeId);
  const resident = await findResidentById(conn, input.residentId);
  const format = type?.formats[input.format];
  if (!type || !format || !resident) throw new AppError(400, 'unknown_credential_configuration', 'credentials.error.unknownType');
  const records = await sourceRecordsOf(conn, type, resident);
  if (!records) throw new AppError(403, 'not_eligible', 'credentials.error.notEligible');
  const agency = await findAgency(conn, type.agency);
  const validFrom = new Date(Math.floor(Date.now() / 1000) * 1000);
  const validUntil = new Date(validFrom.getTime() + type.validityDays * DAY_MS);
  const claims = buildClaims(type, {
    records, countryCode: settings.country.code, language: settings.country.languages[0]!, legalAges: settings.country.legalAges ?? {},
    agencyName: agency?.name ?? { en: type.agency }, validFrom, validUntil,
  });
  const thumbprint = await calculateJwkThumbprint(input.holderKey, 'sha256');
  return conn.transaction().execute(async (trx) => {
    const identity = await agencyIssuerIdentity(trx, type.agency, { countryCode: settings.country.code, agency: agency?.name.en ?? type.agency, publicUrl: settings.publicUrl }, settings.keySecret, who);
    const listId = statusListId(type.agency, input.format);
    const status = { idx: await allocateStatusIndex(trx, listId), uri: statusListUri(settings.publicUrl, listId) };
    const common = { claims, validFrom, validUntil, status, holderKey: input.holderKey, signingKey: identity.signingKey, documentSigner: identity.documentSigner };
    const credential = input.format === 'mso_mdoc'
      ? issueMdocCredential({ ...common, docType: (format as { doctype: string }).doctype, nameSpace: (format as { namespace: string }).namespace }).toString('base64url')
      : await issueSdJwtCredential({ ...common, issuer: settings.publicUrl, vct: (format as { vct: string }).vct, plainClaims: new Set(type.plainClaims ?? []) });
    const id = crypto.randomUUID();
    await insertIssuedCredential(trx, {
      id, agency_id: type.agency, resident_id: resident.id, credential_type_id: type.id, format: input.format,
      status_list_id: listId, status_index: status.idx, holder_key_thumbprint: thumbprint, issued_at: validFrom, expires_at: validUntil,
    });
    const replaced = (await findResidentCredentialIds(trx, resident.id, 'suspended', type.id)).filter((c) => c.format === input.format);
    await setCredentialStatus(trx, replaced.map((c) => c.id), { status: 'revoked', reason: 'replaced', by: who.actor, at: validFrom });
    await recordAudit(trx, who, {
      agencyId: type.agency, action: 'credential.issued', target: `credential:${id}`,
      details: { type: type.id, format: input.format, statusList: listId, index: status.idx, holderKey: thumbprint, replaced: replaced.map((c) => c.id), sha256: createHash('sha256').update(credential).digest('hex') },
    });
    return { id, credential };
  });
}
