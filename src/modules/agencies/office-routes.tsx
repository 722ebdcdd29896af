import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actingScope, requireStaff } from '../../platform/http/guards.ts';
import { listAgencyAudit } from '../../platform/audit/audit.ts';
import { findStaffInAgency, listAgencies, listStaffOfAgency } from './store.ts';
import { AuditPage, OfficeHomePage, StaffListPage, StaffMemberPage } from './views/office.tsx';

const AUDIT_PAGE = 50;

export function agencyOfficeRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/office', async (request, reply) => {
      const staff = requireStaff(request);
      const agencies = await listAgencies(conn);
      return reply.page((shell) => <OfficeHomePage shell={shell} staff={staff} agencies={agencies} />);
    });

    app.get('/office/staff', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const staff = await listStaffOfAgency(conn, scope);
      return reply.page((shell) => <StaffListPage shell={shell} staff={staff} />);
    });

    app.get('/office/staff/:id', {
      config: { agencyScoped: true },
      schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const member = await findStaffInAgency(conn, scope, (request.params as { id: string }).id);
      if (!member) throw notFound();
      return reply.page((shell) => <StaffMemberPage shell={shell} member={member} />);
    });

    app.get('/office/audit', {
      config: { agencyScoped: true },
      schema: { querystring: { type: 'object', properties: { before: { type: 'integer', minimum: 1 } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin', 'auditor']);
      const { before } = request.query as { before?: number };
      const entries = await listAgencyAudit(conn, scope, { limit: AUDIT_PAGE, ...(before ? { beforeId: before } : {}) });
      const nextBefore = entries.length === AUDIT_PAGE ? entries.at(-1)!.id : null;
      return reply.page((shell) => <AuditPage shell={shell} entries={entries} nextBefore={nextBefore} />);
    });
  };
}
