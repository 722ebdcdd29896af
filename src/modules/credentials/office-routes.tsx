import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actingScope, actorOf } from '../../platform/http/guards.ts';
import { revokeCredential } from './change-credential-status.ts';
import { listAgencyCredentials } from './store.ts';
import { OfficeCredentialsPage } from './views/office.tsx';

const READERS = ['officer', 'agency_admin', 'auditor'] as const;
const REVOKERS = ['officer', 'agency_admin'] as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;

/** The agency's issued mobile credentials, with revocation for a reason. */
export function officeRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/office/credentials', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, READERS);
      const credentials = await listAgencyCredentials(conn, scope);
      return reply.page((shell) => <OfficeCredentialsPage shell={shell} credentials={credentials} />);
    });

    app.post('/office/credentials/:id/revoke', {
      config: { agencyScoped: true },
      schema: { params: idParam, body: { type: 'object', properties: { reason: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, REVOKERS);
      const id = (request.params as { id: string }).id;
      const reason = (request.body as { reason?: string }).reason ?? '';
      try {
        await revokeCredential(conn, scope, id, reason, actorOf(request));
      } catch (err) {
        if (!(err instanceof AppError) || err.options.field !== 'reason') throw err;
        const credentials = await listAgencyCredentials(conn, scope);
        const form = { credentialId: id, reason, error: request.tr.t(err.messageKey) };
        return reply.page((shell) => <OfficeCredentialsPage shell={shell} credentials={credentials} form={form} />, 400);
      }
      return reply.redirect('/office/credentials', 303);
    });
  };
}
