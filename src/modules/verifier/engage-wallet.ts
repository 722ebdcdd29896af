import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { authorizationRequestLink, requestUriOf } from './create-presentation-request.ts';
import * as store from './store.ts';

/**
 * A wallet that shows its own QR code to a reader (cross-device, the wallet first): the QR carries
 * a link to the reader's counter page with a one-time code. The reader that opens it chooses a
 * check, and its presentation request is attached to the code; the wallet, polling with the code,
 * then fetches that signed request and goes on as if it had scanned the reader's QR. The platform
 * only relays the request's address: consent, signatures and the encrypted answer are unchanged.
 */
export const ENGAGEMENT_LIFETIME_SECONDS = 300;

export const engagementHash = (code: string) => createHash('sha256').update(code).digest('hex');
export const engagementLinkOf = (publicUrl: string, code: string) => `${publicUrl}/verify-id/engage?${new URLSearchParams({ code })}`;

/** The code in what a reader scanned or typed: the wallet's link, or the code alone. */
export function engagementCodeFrom(input: string): string | null {
  let code = input.trim();
  if (/^https?:\/\//i.test(code)) {
    try {
      code = new URL(code).searchParams.get('code') ?? '';
    } catch {
      return null;
    }
  }
  return /^[A-Za-z0-9_-]{22}$/.test(code) ? code : null;
}

export interface StartedEngagement { code: string; link: string; qr: string; expiresAt: string }

export async function startWalletEngagement(conn: AnyDb, ctx: { publicUrl: string; now?: Date }): Promise<StartedEngagement> {
  const code = randomBytes(16).toString('base64url');
  const now = ctx.now ?? new Date();
  const expiresAt = new Date(now.getTime() + ENGAGEMENT_LIFETIME_SECONDS * 1000);
  await conn.transaction().execute(async (trx) => {
    await store.insertWalletEngagement(trx, engagementHash(code), expiresAt, now);
    await recordAudit(trx, { actor: 'wallet' }, { action: 'verifier.engagement.started', target: `wallet_engagement:${engagementHash(code).slice(0, 16)}` });
  });
  const link = engagementLinkOf(ctx.publicUrl, code);
  return { code, link, qr: await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 320 }), expiresAt: expiresAt.toISOString() };
}

export type EngagementState =
  | { status: 'waiting' }
  | { status: 'ready'; clientId: string; requestUri: string; authorizationRequest: string }
  | { status: 'closed' };

/** What the wallet learns by polling with its code: still waiting, the reader's request, or closed (expired, unknown). */
export async function readWalletEngagement(conn: AnyDb, code: string, ctx: { publicUrl: string; now?: Date }): Promise<EngagementState> {
  const engagement = await store.findWalletEngagement(conn, engagementHash(code));
  const now = ctx.now ?? new Date();
  if (!engagement) return { status: 'closed' };
  if (!engagement.presentation_request_id) return engagement.expires_at > now ? { status: 'waiting' } : { status: 'closed' };
  const request = await store.findPresentationRequest(conn, engagement.presentation_request_id);
  const party = request && await store.findRelyingPartyById(conn, request.relying_party_id);
  if (!request || !party || request.expires_at <= now) return { status: 'closed' };
  const requestUri = requestUriOf(ctx.publicUrl, request.id);
  return { status: 'ready', clientId: party.client_id, requestUri, authorizationRequest: authorizationRequestLink(party.client_id, requestUri) };
}

/** Whether a reader may still answer this code (open, and no reader has yet). */
export async function isEngagementOpen(conn: AnyDb, code: string, now = new Date()): Promise<boolean> {
  const engagement = await store.findWalletEngagement(conn, engagementHash(code));
  return Boolean(engagement && !engagement.presentation_request_id && engagement.expires_at > now);
}
