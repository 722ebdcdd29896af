import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller, BearerVerifier } from '../../platform/http/api-callers.ts';
import { apiResourceOf, issuerOf } from './provider-paths.ts';
import { publicSigningKeys } from './signing-keys.ts';
import { findClientById } from './store.ts';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Client-credentials access tokens (RFC 9068 JWTs for Hanaro's APIs) as API callers: signed by
 * one of the provider's published keys, for the API audience, unexpired, from a client that is
 * still active, acting for the agency that owns it.
 */
export function accessTokenVerifier(conn: AnyDb, publicUrl: string): BearerVerifier {
  let keys: ReturnType<typeof createLocalJWKSet> | null = null;
  const load = async () => {
    const jwks: JSONWebKeySet = { keys: (await publicSigningKeys(conn)).map((k) => ({ ...k.jwk, kid: k.kid, alg: k.alg }) as JSONWebKeySet['keys'][number]) };
    keys = createLocalJWKSet(jwks);
    return keys;
  };
  const verify = async (token: string, retry: boolean): Promise<ApiCaller | null> => {
    try {
      const { payload } = await jwtVerify(token, keys ?? await load(), {
        issuer: issuerOf(publicUrl), audience: apiResourceOf(publicUrl), typ: 'at+jwt', algorithms: ['ES256', 'RS256'], requiredClaims: ['exp', 'client_id'],
      });
      const client = await findClientById(conn, String(payload.client_id));
      if (!client || client.status !== 'active' || client.agency_id !== payload.agency_id) return null;
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { clientId: client.client_id, agencyId: client.agency_id, scopes, kind: 'oauth' };
    } catch (err) {
      // A key rotated in since the set was loaded: load once more.
      if (retry && (err as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') {
        await load();
        return verify(token, false);
      }
      return null;
    }
  };
  return (token) => (JWT.test(token) ? verify(token, true) : Promise.resolve(null));
}
