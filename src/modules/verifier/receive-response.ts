import { createHash } from 'node:crypto';
import { compactDecrypt, importJWK, type JWK } from 'jose';
import { AppError } from '../../platform/http/errors.ts';
import { VerificationRefused } from '../mobile-id/index.ts';
import { checkIn, type Checks, type CredentialFormats } from './checks.ts';
import { responseUriOf } from './create-presentation-request.ts';
import type { KeptTrust } from './kept-trust.ts';
import type { VerifierRecords } from './records.ts';
import { requestIsOpen } from './request-object.ts';
import type * as store from './store.ts';
import { statusCheckerFor } from './trust.ts';
import { verifyVpToken } from './verify-vp-token.ts';

export interface ResponseContext {
  publicUrl: string;
  credentialTypes: readonly CredentialFormats[];
  checks: Checks;
  trust: KeptTrust;
  records: VerifierRecords;
  now?: Date;
}

export type Outcome = { status: 'verified'; result: Record<string, unknown> } | { status: 'refused'; refusal: string };

/**
 * The wallet's `direct_post.jwt` answer (OpenID4VP 1.0 §8.3): decrypted with the request's own key,
 * checked for its state, verified, and settled once. What cannot be decrypted is not the wallet's
 * answer and leaves the request open; everything after that settles it, refused or verified.
 */
export async function receiveResponse(requestId: string, encrypted: string, ctx: ResponseContext): Promise<Outcome> {
  const records = ctx.records;
  const request = await records.findRequest(requestId);
  if (!request) throw new AppError(404, 'not_found', 'error.notFound');
  const responseHash = createHash('sha256').update(encrypted).digest('hex');
  if (await records.isResponseSeen(request.id, responseHash)) throw new AppError(400, 'response_replayed', 'verifier.error.replayed');
  const now = ctx.now ?? new Date();
  if (!requestIsOpen(request, now)) throw new AppError(400, 'request_closed', 'verifier.error.requestClosed');
  const payload = await decrypt(encrypted, request.response_key as JWK);
  if (payload.state !== request.state) throw new AppError(400, 'state_mismatch', 'verifier.error.stateMismatch');
  const party = (await records.partyById(request.relying_party_id))!;
  const outcome = await verify(payload, request, party.client_id, ctx, now);
  const settled = await records.settle(request.id, outcome.status === 'verified'
    ? { status: 'verified', result: outcome.result, refusal: null, responseHash }
    : { status: 'refused', result: null, refusal: outcome.refusal, responseHash }, {
    agencyId: party.agency_id, action: `verifier.request.${outcome.status}`, target: `presentation_request:${request.id}`,
    details: { relyingParty: party.id, check: request.check_id, ...(outcome.status === 'refused' ? { refusal: outcome.refusal } : {}) },
  });
  if (!settled) throw new AppError(400, 'response_replayed', 'verifier.error.replayed');
  return outcome;
}

async function decrypt(encrypted: string, key: JWK): Promise<Record<string, unknown>> {
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(encrypted, await importJWK(key, 'ECDH-ES'), {
      keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A128GCM', 'A256GCM'],
    });
    if (protectedHeader.kid !== undefined && protectedHeader.kid !== key.kid) throw new Error('kid');
    const payload = JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
    if (payload && typeof payload === 'object' && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError(400, 'response_undecryptable', 'verifier.error.undecryptable');
}

async function verify(payload: Record<string, unknown>, request: store.PresentationRequest, clientId: string, ctx: ResponseContext, now: Date): Promise<Outcome> {
  if (typeof payload.error === 'string') return { status: 'refused', refusal: payload.error === 'access_denied' ? 'holder_declined' : 'wallet_error' };
  const check = checkIn(ctx.checks, request.check_id);
  // Each verification reads the lists afresh (a lost phone is refused at once), the kept copy only when the source is down.
  const { trust, source } = ctx.trust.forOneVerification();
  try {
    const verified = await verifyVpToken(payload.vp_token, {
      check, clientId, nonce: request.nonce, responseUri: responseUriOf(ctx.publicUrl, request.id), responseKey: request.response_key as JWK,
      credentialTypes: ctx.credentialTypes, roots: await trust.issuerRoots(), checkStatus: statusCheckerFor(trust), now,
    });
    const passed = check.predicate ? verified.claims[check.predicate] === true : true;
    if (!passed) return { status: 'refused', refusal: 'predicate_false' };
    return { status: 'verified', result: { credentialType: verified.credentialType, format: verified.format, claims: verified.claims, trust: source() } };
  } catch (error) {
    if (error instanceof VerificationRefused) return { status: 'refused', refusal: error.code };
    throw error;
  }
}
