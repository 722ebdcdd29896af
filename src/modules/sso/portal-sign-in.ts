import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { EncryptJWT, createLocalJWKSet, jwtDecrypt, jwtVerify, type JSONWebKeySet } from 'jose';
import { inProcessHeaders } from '../../platform/http/in-process.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { ACR_VALUES } from './claims.ts';
import { PORTAL_CALLBACK_PATH, PORTAL_CLIENT_ID, portalClientSecret } from './portal-client.ts';

/** What the portal remembers between sending the resident to the provider and their coming back. */
interface Pending { state: string; nonce: string; verifier: string; returnTo: string }
export interface PortalSettings { publicUrl: string; issuer: string; secret: string }

const PENDING_MINUTES = 10;
const random = () => randomBytes(32).toString('base64url');
const pendingKey = (secret: string) => new Uint8Array(hkdfSync('sha256', secret, 'hanaro', 'portal-sign-in/v1', 32));

/** The authorization request (code, PKCE S256, a fresh login) and the sealed state to keep in a cookie. */
export async function startPortalSignIn(s: PortalSettings, returnTo: string): Promise<{ url: string; sealed: string }> {
  const pending: Pending = { state: random(), nonce: random(), verifier: random(), returnTo };
  const url = new URL(`${s.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: PORTAL_CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: `${s.publicUrl}${PORTAL_CALLBACK_PATH}`,
    state: pending.state, nonce: pending.nonce, code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
    code_challenge_method: 'S256',
    // The sign-in pages just checked who it is: the provider takes that, never an older sign-in of someone else.
    prompt: 'login',
  })) url.searchParams.set(k, v);
  const sealed = await new EncryptJWT({ ...pending }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt().setExpirationTime(`${PENDING_MINUTES}m`).encrypt(pendingKey(s.secret));
  return { url: url.href, sealed };
}

export async function openPending(s: PortalSettings, sealed: string | undefined): Promise<Pending | null> {
  if (!sealed || sealed.length > 4000) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, pendingKey(s.secret));
    return payload as unknown as Pending;
  } catch { return null; }
}

export interface SignedIn { residentId: string; assurance: ResidentViewer['assurance']; amr: string[]; authenticatedAt: Date }
export type FinishResult = { ok: true; signedIn: SignedIn; returnTo: string } | { ok: false; reason: string };

/**
 * The portal's callback as any relying party's: the state it sent, the code redeemed at the token
 * endpoint with its secret and PKCE verifier, and the ID token checked (signature against the
 * provider's JWKS, issuer, audience, expiry, nonce) before anything in it is believed.
 */
export async function finishPortalSignIn(app: FastifyInstance, s: PortalSettings, pending: Pending | null, query: { code?: string; state?: string; error?: string }): Promise<FinishResult> {
  if (!pending || !query.state || query.state !== pending.state) return { ok: false, reason: 'state_mismatch' };
  if (query.error || !query.code) return { ok: false, reason: query.error ?? 'no_code' };
  const tokens = await call(app, s, 'POST', '/token', new URLSearchParams({
    grant_type: 'authorization_code', code: query.code, redirect_uri: `${s.publicUrl}${PORTAL_CALLBACK_PATH}`, code_verifier: pending.verifier,
  }).toString());
  const idToken = (tokens as { id_token?: unknown } | null)?.id_token;
  if (typeof idToken !== 'string') return { ok: false, reason: 'token_refused' };
  const jwks = await call(app, s, 'GET', '/jwks') as JSONWebKeySet | null;
  if (!jwks) return { ok: false, reason: 'jwks_unavailable' };
  try {
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer: s.issuer, audience: PORTAL_CLIENT_ID, algorithms: ['ES256', 'RS256'], requiredClaims: ['sub', 'auth_time', 'acr'] });
    const acr = payload.acr as ResidentViewer['assurance'];
    if (payload.nonce !== pending.nonce || !(ACR_VALUES as readonly string[]).includes(acr)) return { ok: false, reason: 'id_token_invalid' };
    const amr = Array.isArray(payload.amr) ? payload.amr.filter((m): m is string => typeof m === 'string') : [];
    return { ok: true, returnTo: pending.returnTo, signedIn: { residentId: payload.sub!, assurance: acr, amr, authenticatedAt: new Date(Number(payload.auth_time) * 1000) } };
  } catch {
    return { ok: false, reason: 'id_token_invalid' };
  }
}

/** The provider's endpoints, reached in-process as the portal's server would reach them over HTTP. */
async function call(app: FastifyInstance, s: PortalSettings, method: 'GET' | 'POST', endpoint: string, form?: string): Promise<unknown> {
  const url = new URL(`${s.issuer}${endpoint}`);
  const basic = Buffer.from(`${encodeURIComponent(PORTAL_CLIENT_ID)}:${encodeURIComponent(portalClientSecret(s.secret))}`).toString('base64');
  const res = await app.inject({
    method, url: url.pathname,
    headers: {
      ...inProcessHeaders(), host: url.host, 'x-forwarded-proto': url.protocol.slice(0, -1), accept: 'application/json',
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` } : {}),
    },
    ...(form ? { payload: form } : {}),
  });
  if (res.statusCode !== 200) return null;
  try { return JSON.parse(res.body) as unknown; } catch { return null; }
}
