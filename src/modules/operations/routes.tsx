import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import type { OpsLink } from '../../platform/web/office-links.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { actingScope, actorOf, requireStaff } from '../../platform/http/guards.ts';
import type { OperationsSettings } from '../packs/index.ts';
import { CONSOLE_CSS } from './console-css.ts';
import { agenciesInReach, showConsole } from './show-console.ts';
import { showService } from './show-service.ts';
import { measureCapacity } from './measure-capacity.ts';
import { listSecurityEvents } from './list-security-events.ts';
import { reportConsolidation } from './estimate-consolidation.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import type { Reach } from './store.ts';
import type { OpsView } from './views/layout.tsx';
import { ConsolePage, ServicePage } from './views/console.tsx';
import { CapacityPage, SecurityPage } from './views/reports.tsx';
import { ConsolidationPage } from './views/consolidation.tsx';

export interface OperationsOptions {
  /** The pack's operations.yaml (service levels, costs), if it has one. */
  settings: () => OperationsSettings | undefined;
  jobs: JobQueue | null;
  timeZone: string;
  links: readonly OpsLink[];
}

const scoped = { agencyScoped: true } as const;

/**
 * Platform operators see every agency and may act (verify the audit log); the platform's auditors see
 * every agency; an agency administrator sees their own agency only; other staff are refused.
 */
export function consoleViewer(request: FastifyRequest): { reach: Reach; operator: boolean } {
  const staff = requireStaff(request);
  if (staff.platformRoles.includes('platform_operator')) return { reach: 'platform', operator: true };
  if (staff.platformRoles.includes('auditor')) return { reach: 'platform', operator: false };
  return { reach: actingScope(request, ['agency_admin']).scope, operator: false };
}

export function operationsRoutes(conn: AnyDb, opts: OperationsOptions) {
  const viewOf = async (request: FastifyRequest): Promise<OpsView & { reach: Reach }> => {
    const { reach, operator } = consoleViewer(request);
    const agencyNames = new Map((await agenciesInReach(conn, reach)).map((a) => [a.id, request.tr.text(a.name)]));
    return { reach, operator, platform: reach === 'platform', links: opts.links, timeZone: opts.timeZone, agencyNames };
  };

  return async function routes(app: FastifyInstance) {
    app.get('/ops/console.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(CONSOLE_CSS));

    app.get('/ops', { config: scoped }, async (request, reply) => {
      const view = await viewOf(request);
      const agencies = await showConsole(conn, view.reach, opts.settings());
      return reply.page((shell) => <ConsolePage shell={shell} view={view} agencies={agencies} />);
    });

    app.get('/ops/services/:serviceId', {
      config: scoped, schema: { params: { type: 'object', required: ['serviceId'], properties: { serviceId: { type: 'string', maxLength: 64 } } } },
    }, async (request, reply) => {
      const view = await viewOf(request);
      const detail = await showService(conn, view.reach, (request.params as { serviceId: string }).serviceId, opts.settings());
      if (!detail) throw notFound('no such service in reach');
      return reply.page((shell) => <ServicePage shell={shell} view={view} detail={detail} />);
    });

    app.get('/ops/capacity', { config: scoped }, async (request, reply) => {
      const view = await viewOf(request);
      const report = await measureCapacity(conn, view.reach, opts.jobs);
      return reply.page((shell) => <CapacityPage shell={shell} view={view} report={report} />);
    });

    app.get('/ops/security', {
      config: scoped, schema: { querystring: { type: 'object', properties: { verified: { type: 'string', maxLength: 8 } } } },
    }, async (request, reply) => {
      const view = await viewOf(request);
      const report = await listSecurityEvents(conn, view.reach);
      return reply.page((shell) => <SecurityPage shell={shell} view={view} report={report} verified={(request.query as { verified?: string }).verified === '1'} />);
    });

    app.post('/ops/security/verify-audit', { schema: { body: { type: 'object', properties: { _csrf: { type: 'string', maxLength: 200 } } } } }, async (request, reply) => {
      if (!consoleViewer(request).operator) throw forbidden('needs platform_operator');
      await verifyAuditChain(conn, actorOf(request));
      return reply.redirect('/ops/security?verified=1', 303);
    });

    app.get('/ops/consolidation', {
      config: scoped, schema: { querystring: { type: 'object', properties: { print: { type: 'string', maxLength: 4 } } } },
    }, async (request, reply) => {
      const view = await viewOf(request);
      const costs = opts.settings()?.costs;
      const report = costs ? await reportConsolidation(conn, view.reach, costs) : null;
      const print = (request.query as { print?: string }).print === '1';
      return reply.page((shell) => <ConsolidationPage shell={shell} view={view} report={report} costs={costs} print={print} />);
    });
  };
}
