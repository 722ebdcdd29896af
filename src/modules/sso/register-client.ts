import { randomBytes } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { checkClientInput, CLIENT_ID, type ClientInput, type ClientPolicy, type ClientProblem } from './client-input.ts';
import { sealClientSecret } from './sealed-secret.ts';
import { insertClient, type NewClient } from './store.ts';
import { PORTAL_CLIENT_ID } from './portal-client.ts';

export type RegisterResult = { ok: true; clientId: string; clientSecret: string | null } | { ok: false; problems: ClientProblem[] };

/** A new client of the agency; a client_secret_basic one gets a secret, shown this once. */
export async function registerClient(conn: AnyDb, scope: AgencyScope, clientId: string | null, input: ClientInput, policy: ClientPolicy, who: Actor): Promise<RegisterResult> {
  const id = clientId ?? `${scope.agencyId}-${randomBytes(8).toString('hex')}`;
  const problems = checkClientInput(input, policy.apiScopes);
  if (!CLIENT_ID.test(id)) problems.unshift({ field: 'clientId', code: 'invalid_client_id' });
  else if (id === PORTAL_CLIENT_ID) problems.unshift({ field: 'clientId', code: 'duplicate_client_id' });
  if (problems.length) return { ok: false, problems };
  const clientSecret = input.authMethod === 'client_secret_basic' ? randomBytes(32).toString('base64url') : null;
  return conn.transaction().execute(async (trx) => {
    if (!await insertClient(trx, rowOf(scope, id, input, clientSecret ? sealClientSecret(clientSecret, policy.secret) : null))) {
      return { ok: false as const, problems: [{ field: 'clientId' as const, code: 'duplicate_client_id' }] };
    }
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'oidc.client_registered', target: `oidc-client:${id}`, details: auditDetails(input) });
    return { ok: true as const, clientId: id, clientSecret };
  });
}

export function rowOf(scope: AgencyScope, clientId: string, input: ClientInput, sealedSecret: Uint8Array | null): NewClient {
  return {
    client_id: clientId, agency_id: scope.agencyId, name: input.name.trim(), logo_uri: input.logoUri || null,
    redirect_uris: input.grantTypes.includes('authorization_code') ? input.redirectUris : [],
    grant_types: input.grantTypes, auth_method: input.authMethod,
    public_jwk: input.authMethod === 'private_key_jwt' ? input.publicJwk : null, sealed_secret: sealedSecret,
    user_claims: input.userClaims, api_scopes: input.apiScopes, acr_values: input.acrValues, status: input.status,
    subject_type: input.subjectType ?? 'pairwise',
  };
}

export const auditDetails = (input: ClientInput) => ({
  name: input.name, redirectUris: input.redirectUris, grantTypes: input.grantTypes, authMethod: input.authMethod,
  userClaims: input.userClaims, apiScopes: input.apiScopes, status: input.status, subjectType: input.subjectType ?? 'pairwise',
});
