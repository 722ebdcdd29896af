import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actingScope, actorOf, hasAgencyRole } from '../../platform/http/guards.ts';
import { findAgencyService, listAgencyServices } from './store.ts';
import { setServiceAvailability } from './set-service-availability.ts';
import { OfficeServicePage, OfficeServicesPage } from './views/office.tsx';

const READERS = ['officer', 'agency_admin', 'auditor'] as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export function catalogOfficeRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/office/services', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, READERS);
      const services = await listAgencyServices(conn, scope);
      return reply.page((shell) => <OfficeServicesPage shell={shell} services={services} />);
    });

    app.get('/office/services/:id', { config: { agencyScoped: true }, schema: { params: idParam } }, async (request, reply) => {
      const { staff, scope } = actingScope(request, READERS);
      const service = await findAgencyService(conn, scope, (request.params as { id: string }).id);
      if (!service) throw notFound();
      return reply.page((shell) => <OfficeServicePage shell={shell} service={service} canManage={hasAgencyRole(staff, 'agency_admin')} />);
    });

    app.post('/office/services/:id/availability', {
      config: { agencyScoped: true },
      schema: { params: idParam, body: { type: 'object', required: ['open'], properties: { open: { enum: ['true', 'false'] }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const id = (request.params as { id: string }).id;
      await setServiceAvailability(conn, scope, id, (request.body as { open: string }).open === 'true', actorOf(request));
      return reply.redirect(`/office/services/${id}`, 303);
    });
  };
}
