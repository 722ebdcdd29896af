import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf, requireWholeMandate } from '../../platform/http/guards.ts';
import { listConsents } from './list-consents.ts';
import { withdrawConsent } from './withdraw-consent.ts';
import { ConsentsPage } from './views/consents.tsx';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } } };

/** The resident's consents page. Under a mandate, only a representative for every service sees it: consents span services. */
export function consentRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/me/consents', { schema: { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
      const resident = requireWholeMandate(request);
      const consents = await listConsents(conn, resident.residentId);
      const notice = (request.query as { notice?: string }).notice === 'withdrawn' ? 'withdrawn' as const : undefined;
      return reply.header('cache-control', 'no-store').page((shell) => <ConsentsPage shell={shell} consents={consents} notice={notice} />);
    });

    app.post('/me/consents/:id/withdraw', { schema: { params: idParams } }, async (request, reply) => {
      const resident = requireWholeMandate(request);
      const who = actorOf(request);
      const result = await withdrawConsent(conn, { consentId: (request.params as { id: string }).id, residentId: resident.residentId, actor: who.actor, requestId: who.requestId });
      if (result === 'not_found') throw notFound('consent not found for this resident');
      return reply.redirect('/me/consents?notice=withdrawn', 303);
    });
  };
}
