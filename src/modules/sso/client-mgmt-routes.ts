import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, requireApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import type { ApiScope } from '../../platform/http/api-scopes.ts';
import { acrValueOf, type ClientInput, type ClientPolicy, type ClientProblem } from './client-input.ts';
import { registerClient } from './register-client.ts';
import { updateClient } from './update-client.ts';
import type { AuthMethod } from './store.ts';

/** The API scope an agency system needs to manage its agency's clients. */
export const CLIENT_MGMT_SCOPE = 'oidc-client:manage';
export const clientManagementApiScopes: readonly ApiScope[] = [{ name: CLIENT_MGMT_SCOPE, label: 'sso.apiScope.clientManagement', hint: 'sso.apiScope.clientManagement.hint' }];

const strings = (max: number) => ({ type: 'array', items: { type: 'string', maxLength: max }, maxItems: 20 });
const common = {
  clientName: { type: 'string', maxLength: 256 }, logoUri: { type: 'string', maxLength: 1024 },
  redirectUris: strings(1024), authContextRefs: strings(64), userClaims: strings(64), grantTypes: strings(64),
  clientAuthMethods: strings(64), apiScopes: strings(64), status: { enum: ['active', 'inactive'] },
};
const envelope = (request: object) => ({
  type: 'object', required: ['requestTime', 'request'],
  properties: { requestTime: { type: 'string', maxLength: 64 }, request },
});
const createBody = envelope({
  type: 'object', required: ['clientId', 'clientName', 'redirectUris', 'grantTypes', 'clientAuthMethods'],
  properties: { ...common, clientId: { type: 'string', maxLength: 50 }, relyingPartyId: { type: 'string', maxLength: 50 }, publicKey: { type: 'object' }, clientSecret: {} },
});
const updateBody = envelope({
  type: 'object', required: ['clientName', 'status', 'redirectUris', 'grantTypes', 'clientAuthMethods'], properties: common,
});

interface GovStackClient {
  clientId?: string; clientName: string; logoUri?: string; redirectUris: string[]; authContextRefs?: string[];
  userClaims?: string[]; grantTypes: string[]; clientAuthMethods: string[]; apiScopes?: string[];
  publicKey?: JsonWebKey; status?: 'active' | 'inactive';
}

function inputOf(r: GovStackClient): ClientInput {
  return {
    name: r.clientName, logoUri: r.logoUri || null, redirectUris: r.redirectUris, grantTypes: r.grantTypes,
    authMethod: (r.clientAuthMethods.length === 1 ? r.clientAuthMethods[0] : '') as AuthMethod,
    publicJwk: r.publicKey && Object.keys(r.publicKey).length ? r.publicKey : null,
    userClaims: r.userClaims ?? [], apiScopes: r.apiScopes ?? [], acrValues: (r.authContextRefs ?? []).map(acrValueOf), status: r.status ?? 'active',
  };
}

/** GovStack's answer: HTTP 200 with the errors in the body, as the Identity BB spec says. */
function answer(reply: FastifyReply, clientId: string, problems: ClientProblem[], clientSecret: string | null = null) {
  return reply.send({
    responseTime: new Date().toISOString(),
    response: problems.length ? null : { clientId, ...(clientSecret ? { clientSecret } : {}) },
    errors: problems.map((p) => ({ errorCode: p.code, errorMessage: `${p.field}: ${p.code}` })),
  });
}

/** POST/PUT /client-mgmt/oidc-client: an agency system registers its agency's clients. */
export function clientMgmtRoutes(conn: AnyDb, policy: ClientPolicy, verifiers: readonly BearerVerifier[]) {
  return async function routes(app: FastifyInstance) {
    app.post('/client-mgmt/oidc-client', { config: { csrf: false }, schema: { body: createBody } }, async (request, reply) => {
      const caller = await requireApiCaller(request, reply, verifiers, CLIENT_MGMT_SCOPE);
      const r = (request.body as { request: GovStackClient }).request;
      const result = await registerClient(conn, agencyScope(caller.agencyId), r.clientId!, inputOf(r), policy, apiActorOf(caller, request.id));
      return result.ok ? answer(reply, result.clientId, [], result.clientSecret) : answer(reply, r.clientId!, result.problems);
    });

    app.put('/client-mgmt/oidc-client/:client_id', {
      config: { csrf: false },
      schema: { body: updateBody, params: { type: 'object', required: ['client_id'], properties: { client_id: { type: 'string', maxLength: 50 } } } },
    }, async (request, reply) => {
      const caller = await requireApiCaller(request, reply, verifiers, CLIENT_MGMT_SCOPE);
      const clientId = (request.params as { client_id: string }).client_id;
      const r = (request.body as { request: GovStackClient }).request;
      const result = await updateClient(conn, agencyScope(caller.agencyId), clientId, inputOf(r), policy, apiActorOf(caller, request.id));
      return result.ok ? answer(reply, clientId, [], result.clientSecret) : answer(reply, clientId, result.problems);
    });
  };
}
