import type { ClientMetadata } from 'oidc-provider';
import type { ClientRecord } from './store.ts';
import { openClientSecret } from './sealed-secret.ts';
import { scopesForClaims } from './claims.ts';

/** A client as oidc-provider reads it; `hanaro_agency` rides along so tokens can carry it. */
export function clientMetadata(client: ClientRecord, secret: string): ClientMetadata {
  const interactive = client.grant_types.includes('authorization_code');
  const scopes = [...(interactive ? scopesForClaims(client.user_claims) : []), ...client.api_scopes];
  return {
    client_id: client.client_id,
    client_name: client.name,
    ...(client.logo_uri ? { logo_uri: client.logo_uri } : {}),
    redirect_uris: interactive ? client.redirect_uris : [],
    grant_types: client.grant_types,
    response_types: interactive ? ['code'] : [],
    token_endpoint_auth_method: client.auth_method,
    ...(client.public_jwk ? { jwks: { keys: [client.public_jwk] } } : {}),
    ...(client.sealed_secret ? { client_secret: openClientSecret(client.sealed_secret, secret) } : {}),
    scope: scopes.join(' '),
    ...(client.acr_values.length ? { default_acr_values: client.acr_values } : {}),
    ...(interactive ? { subject_type: client.subject_type } : {}),
    hanaro_agency: client.agency_id,
  };
}
