import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findResidentById } from '../residents/index.ts';
import { configurationsOf } from './configurations.ts';
import { isEligible } from './issue-credential.ts';
import { invalidGrant, OAuthError } from './oauth-error.ts';
import type { CredentialSettings } from './settings.ts';
import { findCredentialType, insertAccessToken, insertOffer, redeemOffer } from './store.ts';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export interface CredentialOffer {
  /** The Credential Offer object (OpenID4VCI §4.1.1). */
  offer: Record<string, unknown>;
  /** `openid-credential-offer://?credential_offer=…`: the QR code's and the same-device link's content. */
  uri: string;
  txCode: string | null;
  expiresAt: Date;
}

/** An offer of one credential type to the signed-in resident: a pre-authorized code bound to them, short-lived, single use. */
export async function createOffer(conn: AnyDb, residentId: string, typeId: string, settings: CredentialSettings, who: Actor): Promise<CredentialOffer> {
  const type = await findCredentialType(conn, typeId);
  if (!type) throw new AppError(404, 'not_found', 'error.notFound');
  const resident = await findResidentById(conn, residentId);
  if (!resident || !(await isEligible(conn, type, resident.id_number))) throw new AppError(403, 'not_eligible', 'credentials.error.notEligible');
  const code = randomBytes(32).toString('base64url');
  const txCode = type.txCode ? String(randomInt(1_000_000)).padStart(6, '0') : null;
  const expiresAt = new Date(Date.now() + settings.offerTtlSeconds * 1000);
  await conn.transaction().execute(async (trx) => {
    await insertOffer(trx, { code_hash: sha256(code), resident_id: residentId, credential_type_id: type.id, tx_code_hash: txCode && sha256(txCode), expires_at: expiresAt });
    await recordAudit(trx, who, { agencyId: type.agency, action: 'credential.offered', target: `resident:${residentId}`, details: { type: type.id, expiresAt: expiresAt.toISOString() } });
  });
  const grant = { 'pre-authorized_code': code, authorization_server: settings.publicUrl, ...(txCode ? { tx_code: { input_mode: 'numeric', length: 6, description: 'PIN shown on the portal' } } : {}) };
  const offer = { credential_issuer: settings.publicUrl, credential_configuration_ids: configurationsOf(type).map((c) => c.id), grants: { [PRE_AUTHORIZED_GRANT]: grant } };
  return { offer, uri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`, txCode, expiresAt };
}

export interface TokenRequest { grantType: unknown; code: unknown; txCode: unknown; dpopJkt: string }

/** Token endpoint, pre-authorized code grant: the code is spent on the first try, right or wrong PIN alike. */
export async function exchangePreAuthorizedCode(conn: AnyDb, request: TokenRequest, settings: CredentialSettings): Promise<Record<string, unknown>> {
  if (request.grantType !== PRE_AUTHORIZED_GRANT) throw new OAuthError(400, 'unsupported_grant_type', 'only the pre-authorized code grant is supported');
  if (typeof request.code !== 'string' || !request.code) throw invalidGrant('pre-authorized_code is missing');
  const now = new Date();
  const accessToken = randomBytes(32).toString('base64url');
  // The code is marked used in a committed transaction even when the answer is a refusal.
  const outcome = await conn.transaction().execute(async (trx) => {
    const offer = await redeemOffer(trx, sha256(request.code as string), now);
    if (!offer) return 'unknown pre-authorized code';
    if (offer === 'used') return 'the pre-authorized code was already used';
    if (offer.expires_at <= now) return 'the pre-authorized code has expired';
    if (offer.tx_code_hash && (typeof request.txCode !== 'string' || sha256(request.txCode) !== offer.tx_code_hash)) return 'the transaction code is wrong';
    await insertAccessToken(trx, {
      token_hash: sha256(accessToken), resident_id: offer.resident_id, credential_type_id: offer.credential_type_id,
      dpop_jkt: request.dpopJkt, expires_at: new Date(now.getTime() + settings.accessTokenTtlSeconds * 1000),
    });
    return { typeId: offer.credential_type_id };
  });
  if (typeof outcome === 'string') throw invalidGrant(outcome);
  const typeId = outcome.typeId;
  const type = (await findCredentialType(conn, typeId))!;
  return {
    access_token: accessToken, token_type: 'DPoP', expires_in: settings.accessTokenTtlSeconds,
    authorization_details: [...configurationsOf(type).map((c) => ({ type: 'openid_credential', credential_configuration_id: c.id }))],
  };
}
