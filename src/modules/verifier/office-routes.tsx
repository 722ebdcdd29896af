import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actingScope, actorOf, requireStaff } from '../../platform/http/guards.ts';
import type { VerifierRuntime } from './context.ts';
import { registerRelyingParty, setRelyingPartyStatus, type RelyingPartyInput } from './register-relying-party.ts';
import * as store from './store.ts';
import { RegisteredPage, RelyingPartiesPage, RelyingPartyPage } from './views/office.tsx';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
const registerBody = {
  type: 'object',
  properties: { nameKo: text(500), nameEn: text(500), legalName: text(500), registrationNumber: text(200), checks: { anyOf: [text(64), { type: 'array', maxItems: 10, items: text(64) }] }, _csrf: text(200) },
} as const;
const statusBody = { type: 'object', required: ['status'], properties: { status: { enum: ['active', 'suspended'] }, _csrf: text(200) } } as const;

/**
 * Who manages relying parties here: an agency administrator its agency's own, the platform
 * operator (acting in no agency) the private organisations.
 */
function ownerOf(request: FastifyRequest): store.RelyingPartyOwner {
  const staff = requireStaff(request);
  if (!staff.agencyId && staff.platformRoles.includes('platform_operator')) return { kind: 'platform' };
  return { kind: 'agency', scope: actingScope(request, ['agency_admin']).scope };
}

export function relyingPartyOfficeRoutes(conn: AnyDb, ctx: VerifierRuntime) {
  const empty: RelyingPartyInput = { nameKo: '', nameEn: '', legalName: '', registrationNumber: '', checks: [] };
  return async function routes(app: FastifyInstance) {
    app.get('/office/relying-parties', { config: { agencyScoped: true } }, async (request, reply) => {
      const owner = ownerOf(request);
      const parties = await store.listRelyingParties(conn, owner);
      return reply.page((shell) => <RelyingPartiesPage shell={shell} parties={parties} owner={owner.kind} checks={[...ctx.checks().keys()]} values={empty} problems={[]} />);
    });

    app.post('/office/relying-parties', { schema: { body: registerBody } }, async (request, reply) => {
      const owner = ownerOf(request);
      const body = request.body as Partial<Record<keyof RelyingPartyInput, string>> & { checks?: string | string[] };
      const values: RelyingPartyInput = { nameKo: body.nameKo ?? '', nameEn: body.nameEn ?? '', legalName: body.legalName ?? '', registrationNumber: body.registrationNumber ?? '', checks: [body.checks ?? []].flat() };
      const result = await registerRelyingParty(conn, owner, values, { country: ctx.countryName, secret: ctx.keySecret, checks: ctx.checks(), who: actorOf(request) });
      if (!result.ok) {
        const parties = await store.listRelyingParties(conn, owner);
        return reply.page((shell) => <RelyingPartiesPage shell={shell} parties={parties} owner={owner.kind} checks={[...ctx.checks().keys()]} values={values} problems={result.problems} />, 400);
      }
      // The API key is shown on this page once; only its hash is kept.
      return reply.page((shell) => <RegisteredPage shell={shell} id={result.id} name={values.legalName.trim()} apiKey={result.apiKey} clientId={result.clientId} />);
    });

    app.get('/office/relying-parties/:id', { config: { agencyScoped: true }, schema: { params: idParam } }, async (request, reply) => {
      const party = await store.findOwnedRelyingParty(conn, ownerOf(request), (request.params as { id: string }).id);
      if (!party) throw notFound();
      return reply.page((shell) => <RelyingPartyPage shell={shell} party={party} />);
    });

    app.post('/office/relying-parties/:id/status', { config: { agencyScoped: true }, schema: { params: idParam, body: statusBody } }, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      if (!(await setRelyingPartyStatus(conn, ownerOf(request), id, (request.body as { status: 'active' | 'suspended' }).status, actorOf(request)))) throw notFound();
      return reply.redirect(`/office/relying-parties/${id}`, 303);
    });
  };
}
