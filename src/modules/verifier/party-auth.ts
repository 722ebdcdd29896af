import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { bearerTokenOf, requireApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { VERIFIER_SCOPE } from './context.ts';
import type { VerifierRecords } from './records.ts';
import { RP_KEY_PREFIX, rpKeyHashOf } from './register-relying-party.ts';
import * as store from './store.ts';

/** The bearer verifier for relying-party API keys: a live key answers as its party, allowed only the verifier API. */
export function relyingPartyKeyVerifier(records: VerifierRecords): BearerVerifier {
  return async (token) => {
    if (!token.startsWith(RP_KEY_PREFIX)) return null;
    const party = await records.partyByKeyHash(rpKeyHashOf(token));
    return party ? { clientId: party.id, agencyId: party.agency_id ?? '', scopes: [VERIFIER_SCOPE], kind: 'api_key' } : null;
  };
}

/**
 * The relying party a call is for: the party of its own key, or, for an agency system holding
 * `verifier:request`, the agency's party it names. Another agency's party is 404.
 */
export async function callingParty(conn: AnyDb, records: VerifierRecords, request: FastifyRequest, reply: FastifyReply, verifiers: readonly BearerVerifier[], named?: string): Promise<{ party: store.RelyingParty; caller: string }> {
  const caller = await requireApiCaller(request, reply, [relyingPartyKeyVerifier(records), ...verifiers], VERIFIER_SCOPE);
  const who = `${caller.kind}:${caller.clientId}`;
  if (bearerTokenOf(request)?.startsWith(RP_KEY_PREFIX)) return { party: (await records.partyById(caller.clientId))!, caller: who };
  if (!named) throw new AppError(400, 'relying_party_required', 'verifier.error.relyingPartyRequired', { field: 'relyingParty' });
  const party = await store.findOwnedRelyingParty(conn, { kind: 'agency', scope: agencyScope(caller.agencyId) }, named);
  if (!party || party.status !== 'active') throw new AppError(404, 'not_found', 'error.notFound', { field: 'relyingParty' });
  return { party, caller: who };
}
