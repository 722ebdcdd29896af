import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { issuerOf, publicSigningKeys } from '../sso/index.ts';
import { invalidToken } from './oauth-error.ts';
import { sha256 } from './offers.ts';
import type { CredentialSettings } from './settings.ts';
import { findAccessToken } from './store.ts';
import { OPENID_CREDENTIAL, WALLET_CLIENT_ID } from './wallet-authorization.ts';

/** What an access token lets its holder fetch: for whom, which configurations, bound to which DPoP key. */
export interface CredentialGrant { residentId: string; dpopJkt: string; covers(configuration: { id: string; typeId: string }): boolean }

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The grant behind an access token: the issuer's own (pre-authorized code, opaque, stored hashed) or
 * one from Hanaro's OpenID Provider (authorization code flow: an RFC 9068 JWT for this issuer, for
 * the wallet client, DPoP-bound, naming credential types by scope or configurations by
 * `openid_credential` authorization details).
 */
export function accessGrants(conn: AnyDb, settings: CredentialSettings) {
  let keys: ReturnType<typeof createLocalJWKSet> | null = null;
  const load = async () => {
    const jwks: JSONWebKeySet = { keys: (await publicSigningKeys(conn)).map((k) => ({ ...k.jwk, kid: k.kid, alg: k.alg }) as JSONWebKeySet['keys'][number]) };
    keys = createLocalJWKSet(jwks);
    return keys;
  };

  const fromProvider = async (token: string, retry: boolean): Promise<CredentialGrant> => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys ?? await load(), {
        issuer: issuerOf(settings.publicUrl), audience: settings.publicUrl, typ: 'at+jwt', algorithms: ['ES256'], requiredClaims: ['exp', 'sub', 'client_id'],
      }));
    } catch (err) {
      // A key rotated in since the set was loaded: load once more.
      if (retry && (err as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') {
        await load();
        return fromProvider(token, false);
      }
      throw invalidToken('the access token is unknown or has expired');
    }
    const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (payload.client_id !== WALLET_CLIENT_ID || typeof jkt !== 'string') throw invalidToken('the access token is not a DPoP-bound token for the wallet');
    const scopes = new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : []);
    const details = Array.isArray(payload.authorization_details) ? payload.authorization_details as { type?: unknown; credential_configuration_id?: unknown }[] : [];
    const configurations = new Set(details.filter((d) => d.type === OPENID_CREDENTIAL).map((d) => d.credential_configuration_id));
    return { residentId: String(payload.sub), dpopJkt: jkt, covers: (c) => scopes.has(c.typeId) || configurations.has(c.id) };
  };

  return async function grantOf(accessToken: string): Promise<CredentialGrant> {
    if (JWT.test(accessToken)) return fromProvider(accessToken, true);
    const row = await findAccessToken(conn, sha256(accessToken));
    if (!row || row.expires_at <= new Date()) throw invalidToken('the access token is unknown or has expired');
    return { residentId: row.resident_id, dpopJkt: row.dpop_jkt, covers: (c) => c.typeId === row.credential_type_id };
  };
}

export type GrantOf = ReturnType<typeof accessGrants>;
