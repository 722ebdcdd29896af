import { randomBytes } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import { checkClientInput, type ClientInput, type ClientPolicy, type ClientProblem } from './client-input.ts';
import { sealClientSecret } from './sealed-secret.ts';
import { findAgencyClient, updateAgencyClient } from './store.ts';
import { auditDetails, rowOf } from './register-client.ts';

export type UpdateResult = { ok: true; clientSecret: string | null } | { ok: false; problems: ClientProblem[] };

/**
 * Changes an agency's client. Its public key stays (GovStack: a compromised key means a new
 * client); a client that moves to client_secret_basic gets a secret, shown this once.
 */
export async function updateClient(conn: AnyDb, scope: AgencyScope, clientId: string, input: Omit<ClientInput, 'publicJwk'>, policy: ClientPolicy, who: Actor): Promise<UpdateResult> {
  return conn.transaction().execute(async (trx) => {
    const existing = await findAgencyClient(trx, scope, clientId);
    if (!existing) throw notFound(`oidc client ${clientId} not in ${scope.agencyId}`);
    // The GovStack API does not name the subject type: a client keeps the `sub` it knows unless told otherwise.
    const full: ClientInput = { ...input, publicJwk: existing.public_jwk, subjectType: input.subjectType ?? existing.subject_type };
    const problems = checkClientInput(full, policy.apiScopes);
    if (problems.length) return { ok: false as const, problems };
    const clientSecret = input.authMethod === 'client_secret_basic' && !existing.sealed_secret ? randomBytes(32).toString('base64url') : null;
    const sealed = input.authMethod !== 'client_secret_basic' ? null : clientSecret ? sealClientSecret(clientSecret, policy.secret) : existing.sealed_secret;
    await updateAgencyClient(trx, scope, rowOf(scope, clientId, full, sealed));
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'oidc.client_updated', target: `oidc-client:${clientId}`, details: auditDetails(full) });
    return { ok: true as const, clientSecret };
  });
}
