import { hkdfSync } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';

/** The portal itself, a first-party client of Hanaro's own provider. No agency can register this id. */
export const PORTAL_CLIENT_ID = 'portal';
export const PORTAL_CALLBACK_PATH = '/sign-in/callback';

/** The portal's client secret, derived from the platform's key secret: nothing to store or hand out. */
export const portalClientSecret = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'hanaro', 'oidc-portal-client/v1', 32)).toString('base64url');

/** Registered by the platform when the provider starts (a static client): the resident's own `sub`, only `openid`. */
export function portalClientMetadata(publicUrl: string, secret: string): ClientMetadata {
  return {
    client_id: PORTAL_CLIENT_ID, client_name: 'Hanaro', client_secret: portalClientSecret(secret),
    redirect_uris: [`${publicUrl}${PORTAL_CALLBACK_PATH}`], grant_types: ['authorization_code'], response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic', subject_type: 'public', scope: 'openid',
  };
}
