import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { issueAccessCertificate } from './access-certificates.ts';
import type { Checks } from './checks.ts';
import * as store from './store.ts';

export const RP_KEY_PREFIX = 'hnr_rp_';
export const rpKeyHashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface RelyingPartyInput { nameKo: string; nameEn: string; legalName: string; registrationNumber: string; checks: string[] }
export type RegistrationProblem = 'nameKo' | 'nameEn' | 'legalName' | 'registrationNumber' | 'checks';

export function registrationProblems(input: RelyingPartyInput, checks: Checks): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const text = (v: string, max: number) => v.trim().length > 0 && v.trim().length <= max;
  if (!text(input.nameKo, 100)) problems.push('nameKo');
  if (!text(input.nameEn, 100)) problems.push('nameEn');
  if (!text(input.legalName, 200)) problems.push('legalName');
  if (input.registrationNumber.trim().length > 40 || /[^\w\- ]/.test(input.registrationNumber.trim())) problems.push('registrationNumber');
  if (input.checks.length === 0 || input.checks.some((c) => !checks.has(c))) problems.push('checks');
  return problems;
}

/**
 * Registers a relying party: its names, the checks it may ask for, its access certificate (client
 * id) and an API key whose secret is answered here once and stored only hashed.
 */
export async function registerRelyingParty(conn: AnyDb, owner: store.RelyingPartyOwner, input: RelyingPartyInput, ctx: { country: string; secret: string; checks: Checks; who: Actor }):
Promise<{ ok: true; id: string; apiKey: string; clientId: string } | { ok: false; problems: RegistrationProblem[] }> {
  const problems = registrationProblems(input, ctx.checks);
  if (problems.length) return { ok: false, problems };
  const checks = [...new Set(input.checks)];
  const apiKey = `${RP_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const agencyId = owner.kind === 'agency' ? owner.scope.agencyId : null;
  return conn.transaction().execute(async (trx) => {
    const access = await issueAccessCertificate(trx, { legalName: input.legalName.trim(), country: ctx.country }, ctx.secret);
    const id = await store.insertRelyingParty(trx, {
      agency_id: agencyId, name: { ko: input.nameKo.trim(), en: input.nameEn.trim() }, legal_name: input.legalName.trim(),
      registration_number: input.registrationNumber.trim() || null, checks, client_id: access.clientId, certificate: access.certificate,
      encrypted_private_key: access.sealedKey, api_key_prefix: apiKey.slice(0, 12), api_key_hash: rpKeyHashOf(apiKey), created_by: ctx.who.actor,
    });
    await recordAudit(trx, ctx.who, { agencyId, action: 'verifier.relying_party.registered', target: `relying_party:${id}`, details: { legalName: input.legalName.trim(), checks, clientId: access.clientId } });
    return { ok: true as const, id, apiKey, clientId: access.clientId };
  });
}

/** Suspends or reactivates a relying party; a suspended party's key and tablet stop working at once. */
export async function setRelyingPartyStatus(conn: AnyDb, owner: store.RelyingPartyOwner, id: string, status: 'active' | 'suspended', who: Actor): Promise<boolean> {
  return conn.transaction().execute(async (trx) => {
    if (!(await store.setRelyingPartyStatus(trx, owner, id, status))) return false;
    await recordAudit(trx, who, { agencyId: owner.kind === 'agency' ? owner.scope.agencyId : null, action: `verifier.relying_party.${status}`, target: `relying_party:${id}` });
    return true;
  });
}
