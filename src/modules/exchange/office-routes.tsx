import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actingScope, actorOf, hasAgencyRole } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { DIRECTORY_PREFIX } from './directory-routes.ts';
import type { ExchangeSettings } from './mediate-request.ts';
import { registerSystemKey, revokeSystemKey, type KeyProblem } from './member-keys.ts';
import { MEMBER_CLASS, memberIdOf, SUBSYSTEM } from './members.ts';
import * as store from './store.ts';
import { ExchangeOfficePage, type ExchangeOfficeView } from './views/exchange-office.tsx';

const PAGE_SIZE = 50;
const kidParam = { type: 'object', required: ['kid'], properties: { kid: { type: 'string', maxLength: 100 } } } as const;

/** The agency's exchange page: its member identity, its keys (admins register their systems' keys) and its exchange log. */
export function exchangeOfficeRoutes(conn: AnyDb, s: ExchangeSettings, publicUrl: string) {
  const viewOf = async (request: FastifyRequest, scope: AgencyScope, page: number, form: Pick<ExchangeOfficeView, 'values'> & { problem?: KeyProblem; notice?: 'registered' }): Promise<ExchangeOfficeView> => {
    const [keys, messages, total] = await Promise.all([
      store.listAgencyKeys(conn, scope),
      store.listAgencyMessages(conn, scope, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      store.countAgencyMessages(conn, scope),
    ]);
    return {
      memberId: memberIdOf(s.instance, scope.agencyId), subsystemId: `${memberIdOf(s.instance, scope.agencyId)}/${SUBSYSTEM}`,
      jwksUrl: `${publicUrl}${DIRECTORY_PREFIX}/members/${s.instance}/${MEMBER_CLASS}/${scope.agencyId}/jwks.json`,
      keys, messages, total, page, pageSize: PAGE_SIZE, mayManageKeys: hasAgencyRole(request.staff!, 'agency_admin'), ...form,
    };
  };

  return async function routes(app: FastifyInstance) {
    app.get('/office/exchange', {
      config: { agencyScoped: true },
      schema: { querystring: { type: 'object', properties: { page: { type: 'integer', minimum: 1, maximum: 100_000 }, notice: { type: 'string', enum: ['registered'] } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin', 'auditor']);
      const q = request.query as { page?: number; notice?: 'registered' };
      const view = await viewOf(request, scope, q.page ?? 1, { values: { label: '', jwk: '' }, ...(q.notice ? { notice: q.notice } : {}) });
      return reply.page((shell) => <ExchangeOfficePage shell={shell} view={view} />);
    });

    app.post('/office/exchange/keys', {
      schema: { body: { type: 'object', properties: { label: { type: 'string', maxLength: 500 }, jwk: { type: 'string', maxLength: 4000 }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const body = request.body as { label?: string; jwk?: string };
      const values = { label: body.label ?? '', jwk: body.jwk ?? '' };
      const result = await registerSystemKey(conn, scope, values, actorOf(request));
      if (result.ok) return reply.redirect('/office/exchange?notice=registered', 303);
      const view = await viewOf(request, scope, 1, { values, problem: result.problem });
      return reply.page((shell) => <ExchangeOfficePage shell={shell} view={view} />, 400);
    });

    app.post('/office/exchange/keys/:kid/revoke', { config: { agencyScoped: true }, schema: { params: kidParam } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const { kid } = request.params as { kid: string };
      if (!await revokeSystemKey(conn, scope, kid, actorOf(request))) throw notFound(`no live system key ${kid} in ${scope.agencyId}`);
      return reply.redirect('/office/exchange', 303);
    });
  };
}
