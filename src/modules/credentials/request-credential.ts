import { randomBytes } from 'node:crypto';
import { EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { parseConfigurationId } from './configurations.ts';
import { verifyDpopProof } from './dpop.ts';
import { issueCredential } from './issue-credential.ts';
import { invalidNonce, invalidProof, invalidRequest, invalidToken, OAuthError } from './oauth-error.ts';
import type { CredentialSettings } from './settings.ts';
import { insertNonce, spendNonce } from './store.ts';
import type { GrantOf } from './access-grants.ts';

const PROOF_MAX_AGE_SECONDS = 300;

/** Nonce endpoint (OpenID4VCI §7): a fresh c_nonce, spent by the first proof that carries it. */
export async function createNonce(conn: AnyDb, settings: CredentialSettings): Promise<string> {
  const nonce = randomBytes(24).toString('base64url');
  await insertNonce(conn, nonce, new Date(Date.now() + settings.nonceTtlSeconds * 1000));
  return nonce;
}

export interface CredentialHttpRequest { authorization: unknown; dpop: string | string[] | undefined; url: string; body: unknown; requestId: string }

/**
 * Credential endpoint (OpenID4VCI §8): a DPoP-bound access token, one proof of possession of the
 * holder key over a fresh nonce, and the credential bound to that key.
 */
export async function requestCredential(conn: AnyDb, request: CredentialHttpRequest, settings: CredentialSettings, grantOf: GrantOf): Promise<{ credentials: { credential: string }[] }> {
  const token = await boundAccessToken(conn, request, grantOf);
  const body = (request.body ?? {}) as { credential_configuration_id?: unknown; proofs?: { jwt?: unknown } };
  const id = body.credential_configuration_id;
  const configuration = typeof id === 'string' ? parseConfigurationId(id) : null;
  if (!configuration || !token.covers({ id: id as string, typeId: configuration.typeId })) throw new OAuthError(400, 'unknown_credential_configuration', 'the access token does not cover that credential configuration');
  const proofs = body.proofs?.jwt;
  if (!Array.isArray(proofs) || proofs.length !== 1 || typeof proofs[0] !== 'string') throw invalidRequest('send exactly one proof in proofs.jwt');
  const holderKey = await verifyProof(conn, proofs[0], settings);
  const issued = await issueCredential(conn, { residentId: token.residentId, typeId: configuration.typeId, format: configuration.format, holderKey }, settings,
    { actor: `resident:${token.residentId}`, requestId: request.requestId });
  return { credentials: [{ credential: issued.credential }] };
}

async function boundAccessToken(conn: AnyDb, request: CredentialHttpRequest, grantOf: GrantOf) {
  const match = typeof request.authorization === 'string' ? /^DPoP ([\w.-]{20,4000})$/.exec(request.authorization) : null;
  if (!match) throw invalidToken('a DPoP access token is required');
  const accessToken = match[1]!;
  const grant = await grantOf(accessToken);
  const jkt = await verifyDpopProof(conn, request.dpop, { method: 'POST', url: request.url, accessToken });
  if (jkt !== grant.dpopJkt) throw invalidToken('the DPoP proof is signed by another key than the token is bound to');
  return grant;
}

/** §8.2.1.1: `openid4vci-proof+jwt` signed by the key in its header, for this issuer, over an unspent nonce. */
async function verifyProof(conn: AnyDb, jwt: string, settings: CredentialSettings): Promise<JWK> {
  let verified;
  try {
    verified = await jwtVerify(jwt, EmbeddedJWK, { typ: 'openid4vci-proof+jwt', audience: settings.publicUrl, algorithms: ['ES256'], maxTokenAge: PROOF_MAX_AGE_SECONDS, clockTolerance: 60 });
  } catch (err) {
    throw invalidProof(`the proof does not verify (${(err as Error).message})`);
  }
  const jwk = verified.protectedHeader.jwk as JWK;
  if ('d' in jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw invalidProof('the holder key must be a public P-256 key');
  const nonce = verified.payload.nonce;
  if (typeof nonce !== 'string' || !(await spendNonce(conn, nonce, new Date()))) throw invalidNonce('the nonce is unknown, used or expired: fetch a new one');
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}
