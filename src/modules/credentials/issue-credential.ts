import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findAgency } from '../agencies/index.ts';
import { findResidentById } from '../residents/index.ts';
import { hasSubjectRecord, readSubjectRecord, type ReadContext } from '../registries/index.ts';
import type { CredentialType } from '../packs/index.ts';
import { buildClaims, ISO_MDL_NAMESPACE, sourceFields } from './credential-claims.ts';
import { allocateStatusIndex, statusListId, statusListUri } from './credential-status.ts';
import { agencyIssuerIdentity } from './issuer-keys.ts';
import { signCredential } from './sign-credential.ts';
import type { CredentialSettings } from './settings.ts';
import { findCredentialType, findResidentCredentialIds, insertIssuedCredential, setCredentialStatus, type CredentialFormat } from './store.ts';

export interface IssueCredentialInput { residentId: string; typeId: string; format: CredentialFormat; holderKey: JWK }

const DAY_MS = 24 * 3600 * 1000;

/** Whether the registries a type is built from all hold a record about the resident (nothing is read). */
export async function isEligible(conn: AnyDb, type: CredentialType, idNumber: string): Promise<boolean> {
  for (const source of type.sources) if (!(await hasSubjectRecord(conn, source.registry, idNumber))) return false;
  return true;
}

/**
 * The registry records a type is built from, as the registries hold them now, for one resident;
 * each read logged for the resident in `trx`. Null when one registry has no record of them.
 */
export async function readSourceRecords(trx: AnyDb, type: CredentialType, idNumber: string, settings: CredentialSettings, requestId?: string | null): Promise<Record<string, Record<string, unknown>> | null> {
  const records: Record<string, Record<string, unknown>> = {};
  const fields = sourceFields(type);
  const ctx: ReadContext = {
    reader: { kind: 'system', id: 'credential-issuer', agencyId: type.agency }, purpose: `issue credential ${type.id}`,
    channel: 'issuance', requestId: requestId ?? null,
  };
  for (const source of type.sources) {
    const record = await readSubjectRecord(trx, source.registry, idNumber, fields.get(source.registry) ?? [], ctx, settings.country.languages[0]!);
    if (!record) return null;
    records[source.registry] = record;
  }
  return records;
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
  const agency = await findAgency(conn, type.agency);
  const validFrom = new Date(Math.floor(Date.now() / 1000) * 1000);
  const validUntil = new Date(validFrom.getTime() + type.validityDays * DAY_MS);
  const thumbprint = await calculateJwkThumbprint(input.holderKey, 'sha256');
  return conn.transaction().execute(async (trx) => {
    const records = await readSourceRecords(trx, type, resident.id_number, settings, who.requestId);
    if (!records) throw new AppError(403, 'not_eligible', 'credentials.error.notEligible');
    const mdoc = input.format === 'mso_mdoc' ? format as { doctype: string; namespace: string } : undefined;
    const claims = buildClaims(type, {
      records, countryCode: settings.country.code, languages: settings.country.languages, legalAges: settings.country.legalAges ?? {},
      agencyName: agency?.name ?? { en: type.agency }, validFrom, validUntil, portraitRequired: mdoc?.namespace === ISO_MDL_NAMESPACE,
    });
    const identity = await agencyIssuerIdentity(trx, type.agency, { countryCode: settings.country.code, agency: agency?.name.en ?? type.agency, publicUrl: settings.publicUrl }, settings.keySecret, who);
    const listId = statusListId(type.agency, input.format);
    const status = { idx: await allocateStatusIndex(trx, listId), uri: statusListUri(settings.publicUrl, listId) };
    const common = { claims, validFrom, validUntil, status, holderKey: input.holderKey, signingKey: identity.signingKey, documentSigner: identity.documentSigner };
    const credential = await signCredential(mdoc
      ? { ...common, format: 'mso_mdoc', docType: mdoc.doctype, nameSpace: mdoc.namespace }
      : { ...common, format: 'dc+sd-jwt', issuer: settings.publicUrl, vct: (format as { vct: string }).vct, plainClaims: new Set(type.plainClaims ?? []) });
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
