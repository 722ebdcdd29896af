import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actingScope, actorOf } from '../../platform/http/guards.ts';
import { listAgencyDocuments } from './store.ts';
import { revokeDocument } from './revoke-document.ts';
import { OfficeDocumentsPage } from './views/office.tsx';

const READERS = ['officer', 'agency_admin', 'auditor'] as const;
const REVOKERS = ['officer', 'agency_admin'] as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export function documentOfficeRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/office/documents', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, READERS);
      const documents = await listAgencyDocuments(conn, scope);
      return reply.page((shell) => <OfficeDocumentsPage shell={shell} documents={documents} />);
    });

    app.post('/office/documents/:id/revoke', {
      config: { agencyScoped: true },
      schema: { params: idParam, body: { type: 'object', properties: { reason: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, REVOKERS);
      const id = (request.params as { id: string }).id;
      const reason = (request.body as { reason?: string }).reason ?? '';
      try {
        await revokeDocument(conn, scope, id, reason, actorOf(request));
      } catch (err) {
        if (!(err instanceof AppError) || err.options.field !== 'reason') throw err;
        const documents = await listAgencyDocuments(conn, scope);
        const form = { documentId: id, reason, error: request.tr.t(err.messageKey) };
        return reply.page((shell) => <OfficeDocumentsPage shell={shell} documents={documents} form={form} />, 400);
      }
      return reply.redirect('/office/documents', 303);
    });
  };
}
