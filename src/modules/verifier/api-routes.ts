import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { VerifierRuntime } from './context.ts';
import { authorizationRequestLink, requestUriOf } from './create-presentation-request.ts';
import { trustUnavailable } from './kept-trust.ts';
import { callingParty } from './party-auth.ts';
import { presentRequest } from './present-request.ts';

// Bearer-authenticated machine API: no CSRF. Not agencyScoped: a party reaches only its own requests (verifier.test.ts).
// A party's own key answers while the database is down (records.ts).
const API = { csrf: false, withoutDatabase: true } as const;
/** Names a request held in the answering node's memory (made while the database was down). */
export const HELD_REQUEST_HEADER = 'hanaro-held-request';
const createBody = {
  type: 'object', required: ['check'], additionalProperties: false,
  properties: { check: { type: 'string', maxLength: 64 }, relyingParty: { type: 'string', maxLength: 64 } },
} as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

/** For relying parties' systems: create a presentation request for a named check, then read its verified result. */
export function verifierApiRoutes(conn: AnyDb, ctx: VerifierRuntime) {
  return async function routes(app: FastifyInstance) {
    // Machines call these: refusals are always JSON ({code, message, field}), whatever they accept.
    app.addHook('onRequest', async (request) => { request.headers.accept = 'application/json'; });
    app.post('/verifier/api/requests', { config: API, schema: { body: createBody } }, async (request, reply) => {
      const body = request.body as { check: string; relyingParty?: string };
      const { party, caller } = await callingParty(conn, ctx.records, request, reply, ctx.verifiers, body.relyingParty);
      const created = await ctx.records.createRequest(party, body.check, {
        checks: ctx.checks(), who: { actor: caller, requestId: request.id },
        // Made while the database is down, a request could only be verified against a kept trust list.
        beforeHolding: async () => { if (!(await ctx.trust.hasKeptRoots())) throw trustUnavailable('the database is down and no trust list is kept'); },
      });
      const row = (await ctx.records.findRequest(created.id))!;
      // Held in this node's memory only: the load balancer sends the request's later calls here (deploy/systemd/haproxy.cfg).
      if (ctx.records.isHeld(created.id)) reply.header(HELD_REQUEST_HEADER, created.id);
      return reply.code(201).header('location', `/verifier/api/requests/${created.id}`).header('cache-control', 'no-store')
        .send(presentRequest(row, { requestUri: created.requestUri, authorizationRequest: created.authorizationRequest }));
    });

    app.get('/verifier/api/requests/:id', { config: API, schema: { params: idParam } }, async (request, reply) => {
      const { party } = await callingParty(conn, ctx.records, request, reply, ctx.verifiers, (request.query as { relyingParty?: string }).relyingParty);
      const row = await ctx.records.findPartyRequest(party.id, (request.params as { id: string }).id);
      if (!row) throw notFound();
      const requestUri = requestUriOf(ctx.publicUrl, row.id);
      return reply.header('cache-control', 'no-store').send(presentRequest(row, { requestUri, authorizationRequest: authorizationRequestLink(party.client_id, requestUri) }));
    });
  };
}
