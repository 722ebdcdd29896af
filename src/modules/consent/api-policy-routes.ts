import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, type ApiCaller } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { changePolicy, createPolicy, policyData, unknownPolicy } from './policies.ts';
import * as policies from './policy-store.ts';
import { CONSENT_SCOPES } from './scopes.ts';

type Auth = (request: FastifyRequest, reply: FastifyReply, ...scopes: string[]) => Promise<{ caller: ApiCaller; scope: AgencyScope }>;
type Page = { offset: number; limit: number };

const text = (max: number) => ({ type: 'string', maxLength: max });
const policyParams = { type: 'object', required: ['policyId'], properties: { policyId: { type: 'string', minLength: 1, maxLength: 100 } } };
const page = { offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } };
const revisionQuery = { type: 'object', properties: { revisionId: text(200) } };
/** GovStack's Policy as a write: `id` and `version` are the platform's (ignored when sent); `name` and `url` are required. */
const policyBody = {
  type: 'object', required: ['policy'],
  properties: {
    policy: {
      type: 'object', required: ['name', 'url'],
      properties: {
        id: text(100), version: text(20), name: { type: 'string', minLength: 1, maxLength: 200 }, url: { type: 'string', minLength: 1, maxLength: 2000, pattern: '^https?://' },
        jurisdiction: text(200), industrySector: text(200), dataRetentionPeriodDays: { type: 'integer', minimum: 0, maximum: 36_500 },
        geographicRestriction: text(200), storageLocation: text(200),
      },
    },
  },
};
interface PolicyIn { name: string; url: string; jurisdiction?: string; industrySector?: string; dataRetentionPeriodDays?: number; geographicRestriction?: string; storageLocation?: string }

const fieldsOf = (p: PolicyIn): policies.PolicyFields => ({
  name: p.name, url: p.url, jurisdiction: p.jurisdiction ?? null, industry_sector: p.industrySector ?? null,
  data_retention_period_days: p.dataRetentionPeriodDays ?? null, geographic_restriction: p.geographicRestriction ?? null, storage_location: p.storageLocation ?? null,
});

/** GovStack Revision of a policy: its canonical snapshot, SHA-256 hashed and chained to the version before. */
export function presentPolicyRevision(r: policies.PolicyRevisionRow) {
  return {
    id: `${r.policy_id}:${r.version}`, schemaName: 'Policy', objectId: r.policy_id, signedWithoutObjectId: false,
    serializedSnapshot: r.snapshot, serializedHash: r.hash, timestamp: r.at.toISOString(), authorizedByOther: r.actor,
    ...(r.predecessor_hash ? { predecessorHash: r.predecessor_hash } : {}),
  };
}

/** The policy as a revision has it (its `deleted` mark is the revision's, not the Policy's). */
const policyOfRevision = (r: policies.PolicyRevisionRow) =>
  Object.fromEntries(Object.entries((JSON.parse(r.snapshot) as { objectData: Record<string, unknown> }).objectData).filter(([k]) => k !== 'deleted'));
const answer = (result: { policy: policies.PolicyRow; revision: policies.PolicyRevisionRow }) => ({ policy: policyData(result.policy), revision: presentPolicyRevision(result.revision) });

/**
 * GovStack Consent policies: an agency's own, written with `consent:config` (every write a revision and an
 * audit entry), read with `consent:read`. Another agency's policy, or a deleted one, is 404.
 */
export function policyApiRoutes(app: FastifyInstance, conn: AnyDb, auth: Auth, prefix: string, config: object) {
  const route = (schema: object) => ({ config, schema });
  const policyIdOf = (request: FastifyRequest) => (request.params as { policyId: string }).policyId;
  const who = (caller: ApiCaller, request: FastifyRequest) => apiActorOf(caller, request.id);

  /** The policy with its newest revision, or (with `revisionId`) as that revision of it has it. */
  const read = async (request: FastifyRequest, reply: FastifyReply, ...scopes: string[]) => {
    const { scope } = await auth(request, reply, ...scopes);
    const policy = await policies.findAgencyPolicy(conn, scope, policyIdOf(request));
    if (!policy) throw unknownPolicy(policyIdOf(request));
    const revisionId = (request.query as { revisionId?: string }).revisionId;
    if (revisionId === undefined) return answer({ policy, revision: (await policies.findPolicyRevision(conn, policy.id, policy.version))! });
    const [objectId, version] = revisionId.split(':');
    const revision = objectId === policy.id && /^\d{1,9}$/.test(version ?? '') ? await policies.findPolicyRevision(conn, policy.id, Number(version)) : undefined;
    if (!revision) throw new AppError(404, 'unknown_revision', 'consent.error.unknownRevision', { field: 'revisionId' });
    return { policy: policyOfRevision(revision), revision: presentPolicyRevision(revision) };
  };

  app.post(`${prefix}/config/policy/`, route({ body: policyBody }), async (request, reply) => {
    const { caller, scope } = await auth(request, reply, CONSENT_SCOPES.config);
    return answer(await createPolicy(conn, scope, fieldsOf((request.body as { policy: PolicyIn }).policy), who(caller, request)));
  });
  app.get(`${prefix}/config/policy/:policyId/`, route({ params: policyParams, querystring: revisionQuery }), (request, reply) => read(request, reply, CONSENT_SCOPES.read));
  app.get(`${prefix}/service/policy/:policyId/`, route({ params: policyParams, querystring: revisionQuery }), (request, reply) => read(request, reply, CONSENT_SCOPES.read, CONSENT_SCOPES.record));
  app.put(`${prefix}/config/policy/:policyId/`, route({ params: policyParams, body: policyBody }), async (request, reply) => {
    const { caller, scope } = await auth(request, reply, CONSENT_SCOPES.config);
    return answer(await changePolicy(conn, scope, policyIdOf(request), { fields: fieldsOf((request.body as { policy: PolicyIn }).policy) }, who(caller, request)));
  });
  app.delete(`${prefix}/config/policy/:policyId/`, route({ params: policyParams }), async (request, reply) => {
    const { caller, scope } = await auth(request, reply, CONSENT_SCOPES.config);
    return { revision: presentPolicyRevision((await changePolicy(conn, scope, policyIdOf(request), 'delete', who(caller, request))).revision) };
  });
  // The spec answers `{policy}` (the current one); Hanaro adds its `revisions`, oldest first.
  app.get(`${prefix}/config/policy/:policyId/revisions/`, route({ params: policyParams, querystring: { type: 'object', properties: page } }), async (request, reply) => {
    const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
    const policy = await policies.findAgencyPolicy(conn, scope, policyIdOf(request));
    if (!policy) throw unknownPolicy(policyIdOf(request));
    return { policy: policyData(policy), revisions: (await policies.listPolicyRevisions(conn, policy.id, request.query as Page)).map(presentPolicyRevision) };
  });
  app.get(`${prefix}/config/policies/`, route({ querystring: { type: 'object', properties: { ...page, revisionId: text(200) } } }), async (request, reply) => {
    const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
    return { policies: (await policies.listAgencyPolicies(conn, scope, request.query as Page)).map(policyData) };
  });
}
