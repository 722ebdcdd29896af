import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import type { AnyDb } from '../../platform/db/database.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { findAgency, listAgencies } from '../agencies/index.ts';
import type { DataService } from '../packs/index.ts';
import { clientHeaderOf, exchangeCaller, refuse } from './api-routes.ts';
import { describeDataService } from './describe-data-service.ts';
import type { ExchangeSettings } from './mediate-request.ts';
import { memberJwks } from './member-keys.ts';
import { agencyOfMember, MEMBER_CLASS, SUBSYSTEM } from './members.ts';
import * as store from './store.ts';

export const DIRECTORY_PREFIX = '/govstack/im';

const segment = { type: 'string', minLength: 1, maxLength: 64 } as const;
const providerParams = {
  type: 'object', required: ['instanceId', 'memberClass', 'memberCode', 'applicationCode'],
  properties: { instanceId: segment, memberClass: segment, memberCode: segment, applicationCode: segment },
} as const;
type Provider = Record<'instanceId' | 'memberClass' | 'memberCode' | 'applicationCode', string>;
const PUBLIC = { csrf: false } as const;

/**
 * The GovStack Information Mediator directory (service metadata) API: who the members are, which data
 * services each offers and may be called by the caller, each service's OpenAPI, and the members' keys.
 */
export function directoryRoutes(conn: AnyDb, s: ExchangeSettings, opts: { verifiers: readonly BearerVerifier[]; publicUrl: string }) {
  return async function routes(app: FastifyInstance) {
    app.get(`${DIRECTORY_PREFIX}/listClients`, { config: PUBLIC, schema: { querystring: { type: 'object', properties: { instanceId: segment } } } }, async (request) => {
      const { instanceId } = request.query as { instanceId?: string };
      if (instanceId && instanceId !== s.instance) return { member: [] };
      const agencies = await listAgencies(conn);
      return {
        member: agencies.flatMap((a) => {
          const id = { instanceId: s.instance, memberClass: MEMBER_CLASS, memberCode: a.id };
          const name = request.tr.text(a.name);
          return [{ name, id: { objectType: 'MEMBER', ...id } }, { name, id: { objectType: 'APPLICATION', ...id, applicationCode: SUBSYSTEM } }];
        }),
      };
    });

    /** The provider a directory path names, with its live data services; null after a refusal is sent. */
    const providerOf = async (request: FastifyRequest) => {
      const p = request.params as Provider;
      const agencyId = agencyOfMember({ instance: p.instanceId, memberClass: p.memberClass, memberCode: p.memberCode }, s.instance);
      if (!agencyId || p.applicationCode !== SUBSYSTEM || !await findAgency(conn, agencyId)) return null;
      return { agencyId, services: await store.listDataServices(conn, agencyId) };
    };
    const base = `${DIRECTORY_PREFIX}/r1/:instanceId/:memberClass/:memberCode/:applicationCode`;
    const serviceQuery = { type: 'object', properties: { serviceId: segment } } as const;

    app.get(`${base}/listMethods`, { config: PUBLIC, schema: { params: providerParams, querystring: serviceQuery } }, async (request, reply) => {
      if (!clientHeaderOf(request, 'x-govstack-client')) return refuse(reply, request, 400, 'bad_request', 'the X-GovStack-Client header must read <instance>/<class>/<member>/<subsystem>');
      const provider = await providerOf(request);
      if (!provider) return refuse(reply, request, 404, 'unknown_member');
      return { member: methodsOf(s, provider.services, (request.query as { serviceId?: string }).serviceId) };
    });

    app.get(`${base}/allowedMethods`, { config: PUBLIC, schema: { params: providerParams, querystring: serviceQuery } }, async (request, reply) => {
      const caller = await exchangeCaller(request, reply, opts.verifiers);
      if (!caller) return reply;
      const client = clientHeaderOf(request, 'x-govstack-client');
      if (!client) return refuse(reply, request, 400, 'bad_request', 'the X-GovStack-Client header must read <instance>/<class>/<member>/<subsystem>');
      if (agencyOfMember(client, s.instance) !== caller.agencyId) return refuse(reply, request, 403, 'client_mismatch');
      const provider = await providerOf(request);
      if (!provider) return refuse(reply, request, 404, 'unknown_member');
      const allowed = provider.services.filter((d) => d.consumers.includes(caller.agencyId));
      return { member: methodsOf(s, allowed, (request.query as { serviceId?: string }).serviceId) };
    });

    app.get(`${base}/getOpenAPI`, {
      config: PUBLIC, schema: { params: providerParams, querystring: { type: 'object', required: ['serviceCode'], properties: { serviceCode: segment } } },
    }, async (request, reply) => {
      if (!clientHeaderOf(request, 'x-govstack-client')) return refuse(reply, request, 400, 'bad_request', 'the X-GovStack-Client header must read <instance>/<class>/<member>/<subsystem>');
      const provider = await providerOf(request);
      if (!provider) return refuse(reply, request, 404, 'unknown_member');
      const service = provider.services.find((d) => d.id === (request.query as { serviceCode: string }).serviceCode);
      if (!service) return refuse(reply, request, 404, 'unknown_service');
      const doc = await describeDataService(conn, s, service, { publicUrl: opts.publicUrl, tr: request.tr });
      // The spec answers with the description as a string: YAML for text/yaml, else a JSON string.
      if (/\b(text|application)\/(x-)?yaml\b/.test(String(request.headers.accept ?? ''))) return reply.type('text/yaml; charset=utf-8').send(stringify(doc));
      return reply.type('application/json').send(JSON.stringify(JSON.stringify(doc)));
    });

    app.get(`${DIRECTORY_PREFIX}/members/:instanceId/:memberClass/:memberCode/jwks.json`, {
      config: PUBLIC, schema: { params: { type: 'object', required: ['instanceId', 'memberClass', 'memberCode'], properties: { instanceId: segment, memberClass: segment, memberCode: segment } } },
    }, async (request, reply) => {
      const p = request.params as Record<'instanceId' | 'memberClass' | 'memberCode', string>;
      const agencyId = agencyOfMember({ instance: p.instanceId, memberClass: p.memberClass, memberCode: p.memberCode }, s.instance);
      if (!agencyId || !await findAgency(conn, agencyId)) return refuse(reply, request, 404, 'unknown_member');
      return reply.type('application/jwk-set+json').header('cache-control', 'public, max-age=300').send(await memberJwks(conn, agencyId));
    });
  };
}

function methodsOf(s: ExchangeSettings, services: DataService[], serviceId?: string) {
  return services.filter((d) => !serviceId || d.id === serviceId).map((d) => ({
    objectType: 'SERVICE', serviceType: 'REST', instanceId: s.instance, memberClass: MEMBER_CLASS, memberCode: d.agency,
    applicationCode: SUBSYSTEM, serviceCode: d.id, serviceVersion: 'v1',
    endpointList: { member: [{ method: 'POST', path: '/' }] },
  }));
}
