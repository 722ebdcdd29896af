import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, requireOwnIdentity, requireResident } from '../../platform/http/guards.ts';
import { listPublicServices } from '../catalog/index.ts';
import { requireRecentAuthentication } from '../identity/index.ts';
import type { Country } from '../packs/index.ts';
import { startActing, stopActing } from './act-for.ts';
import { declineMandate, revokeMandate } from './end-mandate.ts';
import { grantMandate } from './grant-mandate.ts';
import { actionsTakenFor, listMandates } from './list-mandates.ts';
import { childrenRepresentedBy, representativesOf } from './legal-representation.ts';
import { todayIn } from './mandate-state.ts';
import { GrantMandatePage, type GrantFormValues } from './views/grant-mandate.tsx';
import { MandatesPage, type MandatesNotice } from './views/mandates.tsx';

const text = (max: number) => ({ type: 'string', maxLength: max });
const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' };
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] };
const NOTICES = new Set<MandatesNotice>(['granted', 'revoked', 'declined', 'stopped']);
const grantBody = {
  type: 'object',
  properties: {
    _csrf: text(200), representativeIdNumber: text(40), representativeName: text(200), scope: { type: 'string', enum: ['all', 'chosen'] },
    services: { anyOf: [text(100), { type: 'array', maxItems: 500, items: text(100) }] }, validFrom: text(20), validUntil: text(20),
  },
};

export function mandateRoutes(conn: AnyDb, country: Country) {
  const today = () => todayIn(country.timeZone);
  const adultAge = country.legalAges?.adult;
  const catalog = async () => (await listPublicServices(conn)).map((s) => ({ id: s.id, name: s.definition.title }));

  return async function routes(app: FastifyInstance) {
    app.get('/me/mandates', { schema: { querystring: { type: 'object', properties: { notice: text(20) } } } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const [mandates, actions, services, children, parents] = await Promise.all([
        listMandates(conn, resident.residentId, today()), actionsTakenFor(conn, resident.residentId), catalog(),
        childrenRepresentedBy(conn, resident.residentId, today(), adultAge), representativesOf(conn, resident.residentId, today(), adultAge),
      ]);
      const asked = (request.query as { notice?: string }).notice as MandatesNotice | undefined;
      const view = { ...mandates, legal: { children, parents }, actions, serviceNames: new Map(services.map((s) => [s.id, s.name])), notice: asked && NOTICES.has(asked) ? asked : undefined };
      return reply.page((shell) => <MandatesPage shell={shell} view={view} />);
    });

    app.get('/me/mandates/new', async (request, reply) => {
      requireRecentAuthentication(request);
      const values: GrantFormValues = { representativeIdNumber: '', representativeName: '', scope: 'all', services: [], validFrom: today(), validUntil: '' };
      const services = await catalog();
      return reply.page((shell) => <GrantMandatePage shell={shell} values={values} problems={[]} services={services} idLabel={shell.tr.text(country.idNumber.label)} />);
    });

    app.post('/me/mandates', { schema: { body: grantBody } }, async (request, reply) => {
      const resident = requireRecentAuthentication(request, undefined, '/me/mandates/new');
      const values = formValues(request);
      const services = await catalog();
      const input = { ...values, services: values.scope === 'all' ? 'all' as const : values.services };
      const result = await grantMandate(conn, resident.residentId, input, { today: today(), serviceIds: new Set(services.map((s) => s.id)) }, actorOf(request));
      if (result.ok) return reply.redirect('/me/mandates?notice=granted', 303);
      const idLabel = request.tr.text(country.idNumber.label);
      const problems = result.problems.map((p) => ({ field: p.field, message: request.tr.t(`mandates.problem.${p.field}.${p.problem}`, { idLabel }) }));
      return reply.page((shell) => <GrantMandatePage shell={shell} values={values} problems={problems} services={services} idLabel={idLabel} />, 400);
    });

    app.post('/me/mandates/:id/revoke', { schema: { params: idParams } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      await revokeMandate(conn, resident.residentId, (request.params as { id: string }).id, actorOf(request));
      return reply.redirect('/me/mandates?notice=revoked', 303);
    });

    app.post('/me/mandates/:id/decline', { schema: { params: idParams } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      await declineMandate(conn, resident.residentId, (request.params as { id: string }).id, actorOf(request));
      return reply.redirect('/me/mandates?notice=declined', 303);
    });

    app.post('/me/acting-for', { schema: { body: { type: 'object', properties: { _csrf: text(200), mandate: uuid }, required: ['mandate'] } } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      await startActing(conn, resident, (request.body as { mandate: string }).mandate, { today: today(), adultAge, locale: country.languages[0]! }, actorOf(request));
      return reply.redirect('/me', 303);
    });

    app.post('/me/acting-for/stop', async (request, reply) => {
      const resident = requireResident(request);
      await stopActing(conn, resident, actorOf(request));
      return reply.redirect(resident.representative ? '/me/mandates?notice=stopped' : '/me', 303);
    });
  };
}

function formValues(request: FastifyRequest): GrantFormValues {
  const body = request.body as { representativeIdNumber?: string; representativeName?: string; scope?: 'all' | 'chosen'; services?: string | string[]; validFrom?: string; validUntil?: string };
  const services = body.services === undefined ? [] : Array.isArray(body.services) ? body.services : [body.services];
  return {
    representativeIdNumber: (body.representativeIdNumber ?? '').trim(), representativeName: (body.representativeName ?? '').trim(),
    scope: body.scope === 'chosen' ? 'chosen' : 'all', services, validFrom: (body.validFrom ?? '').trim(), validUntil: (body.validUntil ?? '').trim(),
  };
}
