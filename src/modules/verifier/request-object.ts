import { SignJWT, importJWK, type JWK } from 'jose';
import { AppError } from '../../platform/http/errors.ts';
import { openSealedKey } from './access-certificates.ts';
import { checkIn, dcqlQueryFor, type Checks, type CredentialFormats } from './checks.ts';
import { responseUriOf } from './create-presentation-request.ts';
import type { PresentationRequest, RelyingParty } from './store.ts';

/** The public half of the request's response-encryption key, as the wallet sees it in client_metadata. */
export function responseEncryptionJwk(request: PresentationRequest): JWK {
  const { kty, crv, x, y, kid } = request.response_key as JWK;
  return { kty, crv, x, y, kid, use: 'enc', alg: 'ECDH-ES' };
}

export function requestIsOpen(request: PresentationRequest, now = new Date()): boolean {
  return request.status === 'pending' && request.expires_at > now;
}

/**
 * The signed request object (JAR, RFC 9101) the wallet fetches from `request_uri`: OpenID4VP 1.0
 * with DCQL, `direct_post.jwt` to an encryption key of this request only, signed by the relying
 * party's access key with its certificate in `x5c` (the client id is that certificate's hash).
 */
export async function signRequestObject(request: PresentationRequest, party: RelyingParty, ctx: { publicUrl: string; credentialTypes: readonly CredentialFormats[]; checks: Checks; secret: string; now?: Date }): Promise<string> {
  if (!requestIsOpen(request, ctx.now)) throw new AppError(410, 'request_closed', 'verifier.error.requestClosed');
  const check = checkIn(ctx.checks, request.check_id);
  const key = openSealedKey(party.encrypted_private_key, ctx.secret);
  const payload = {
    client_id: party.client_id,
    response_type: 'vp_token',
    response_mode: 'direct_post.jwt',
    response_uri: responseUriOf(ctx.publicUrl, request.id),
    nonce: request.nonce,
    state: request.state,
    dcql_query: dcqlQueryFor(check, ctx.credentialTypes),
    client_metadata: {
      jwks: { keys: [responseEncryptionJwk(request)] },
      encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
      vp_formats_supported: {
        'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] },
        mso_mdoc: { issuerauth_alg_values: [-7], deviceauth_alg_values: [-7] },
      },
    },
    // Shown by the wallet so the person sees why they are asked, in the party's own words.
    hanaro_check: { id: check.id, claims: check.claims },
  };
  const now = Math.floor((ctx.now ?? new Date()).getTime() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', x5c: [Buffer.from(party.certificate).toString('base64')] })
    .setAudience('https://self-issued.me/v2')
    .setIssuedAt(now)
    .setExpirationTime(Math.floor(request.expires_at.getTime() / 1000))
    .sign(await importJWK(key.export({ format: 'jwk' }) as JWK, 'ES256'));
}
