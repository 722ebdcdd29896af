import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { VerifierRuntime } from './context.ts';
import { engagementCodeFrom, readWalletEngagement, startWalletEngagement } from './engage-wallet.ts';
import { receiveResponse } from './receive-response.ts';
import { signRequestObject } from './request-object.ts';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const codeParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 64 } } } as const;
const responseBody = { type: 'object', required: ['response'], properties: { response: { type: 'string', minLength: 1, maxLength: 200_000 } } } as const;

/**
 * What the wallet talks to: the request object at `request_uri`, the `response_uri` of
 * direct_post.jwt, and the engagement a wallet opens when it shows its own QR code to a reader.
 */
export function walletRoutes(conn: AnyDb, ctx: VerifierRuntime) {
  return async function routes(app: FastifyInstance) {
    // Machines call these: refusals are always JSON ({code, message, field}), whatever they accept.
    app.addHook('onRequest', async (request) => { request.headers.accept = 'application/json'; });
    // A request made while the database is down is fetched and answered from this node's memory.
    const config = { withoutDatabase: true } as const;
    app.get('/verifier/requests/:id/request.jwt', { config, schema: { params: idParam } }, async (request, reply) => {
      const row = await ctx.records.findRequest((request.params as { id: string }).id);
      if (!row) throw notFound();
      const party = await ctx.records.partyById(row.relying_party_id);
      if (!party || party.status !== 'active') throw notFound();
      const jwt = await signRequestObject(row, party, { publicUrl: ctx.publicUrl, credentialTypes: ctx.credentialTypes(), checks: ctx.checks(), secret: ctx.keySecret });
      return reply.type('application/oauth-authz-req+jwt').header('cache-control', 'no-store').send(jwt);
    });

    // The wallet posts a form (OpenID4VP 1.0 §8.2): no cookie, no CSRF token; the JWE is its own proof.
    app.post('/verifier/requests/:id/response', { config: { ...config, csrf: false }, bodyLimit: 256 * 1024, schema: { params: idParam, body: responseBody } }, async (request, reply) => {
      await receiveResponse((request.params as { id: string }).id, (request.body as { response: string }).response, { ...ctx, credentialTypes: ctx.credentialTypes(), checks: ctx.checks() });
      return reply.header('cache-control', 'no-store').send({});
    });

    // No account and no cookie: the code is the wallet's only handle, and it only ever learns a request's address.
    app.post('/verifier/engagements', { config: { csrf: false } }, async (_request, reply) =>
      reply.code(201).header('cache-control', 'no-store').send(await startWalletEngagement(conn, { publicUrl: ctx.publicUrl })));

    app.get('/verifier/engagements/:code', { schema: { params: codeParam } }, async (request, reply) => {
      const code = engagementCodeFrom((request.params as { code: string }).code);
      const state = code ? await readWalletEngagement(conn, code, { publicUrl: ctx.publicUrl }) : { status: 'closed' as const };
      if (state.status === 'closed') throw new AppError(410, 'engagement_closed', 'verifier.error.engagementClosed');
      return reply.header('cache-control', 'no-store').send(state);
    });
  };
}
