import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { checkIn, type Checks } from './checks.ts';
import * as store from './store.ts';

/** How long a wallet has to fetch the request and answer it. */
export const REQUEST_LIFETIME_SECONDS = 300;

export interface CreatedRequest { id: string; requestUri: string; authorizationRequest: string; expiresAt: Date }

/** The `openid4vp://` link (OpenID4VP 1.0 §5.7, request by reference) a QR code or button carries. */
export function authorizationRequestLink(clientId: string, requestUri: string): string {
  return `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: requestUri }).toString()}`;
}

export const requestUriOf = (publicUrl: string, id: string) => `${publicUrl}/verifier/requests/${id}/request.jwt`;
export const responseUriOf = (publicUrl: string, id: string) => `${publicUrl}/verifier/requests/${id}/response`;

/**
 * A relying party asks for one of its registered checks. A check it was not registered for is
 * refused (403): a party never learns more than its registration allows. With `engagement` (the
 * hash of the code a wallet showed the reader), the request is handed to that wallet, once.
 */
export async function createPresentationRequest(conn: AnyDb, party: store.RelyingParty, checkId: string, ctx: { publicUrl: string; checks: Checks; who: Actor; now?: Date; engagement?: string }): Promise<CreatedRequest> {
  const row = await newRequestRow(party, checkId, ctx);
  const id = await conn.transaction().execute(async (trx) => {
    const requestId = await store.insertPresentationRequest(trx, row);
    if (ctx.engagement !== undefined && !(await store.attachWalletEngagement(trx, ctx.engagement, requestId, ctx.now ?? new Date()))) {
      throw new AppError(400, 'engagement_closed', 'verifier.error.engagementClosed', { field: 'code' });
    }
    await recordAudit(trx, ctx.who, requestCreatedEvent(party, requestId, checkId, ctx.engagement !== undefined));
    return requestId;
  });
  return createdRequest(ctx.publicUrl, party, id, row.expires_at);
}

export type NewRequestRow = Parameters<typeof store.insertPresentationRequest>[1];

/** What a new request is made of, refused when the party may not ask for the check; the same whether it is written to the database or, in an outage, held in memory. */
export async function newRequestRow(party: store.RelyingParty, checkId: string, ctx: { checks: Checks; now?: Date }): Promise<NewRequestRow> {
  checkIn(ctx.checks, checkId);
  if (!party.checks.includes(checkId)) throw new AppError(403, 'check_not_registered', 'verifier.error.checkNotRegistered', { field: 'check', detail: `${party.id} may not ask for ${checkId}` });
  // The wallet encrypts its answer to this key (direct_post.jwt); it lives only as long as the request.
  const { privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const responseKey = await exportJWK(privateKey);
  return {
    relying_party_id: party.id, check_id: checkId, nonce: randomBytes(24).toString('base64url'), state: randomBytes(24).toString('base64url'),
    response_key: { ...responseKey, kid: randomBytes(8).toString('base64url') }, expires_at: new Date((ctx.now ?? new Date()).getTime() + REQUEST_LIFETIME_SECONDS * 1000),
  };
}

export const requestCreatedEvent = (party: store.RelyingParty, requestId: string, checkId: string, walletEngaged: boolean) => ({
  agencyId: party.agency_id, action: 'verifier.request.created', target: `presentation_request:${requestId}`,
  details: { relyingParty: party.id, check: checkId, ...(walletEngaged ? { walletEngaged: true } : {}) },
});

export function createdRequest(publicUrl: string, party: store.RelyingParty, id: string, expiresAt: Date): CreatedRequest {
  const requestUri = requestUriOf(publicUrl, id);
  return { id, requestUri, authorizationRequest: authorizationRequestLink(party.client_id, requestUri), expiresAt };
}
