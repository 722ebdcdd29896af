import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, bearerTokenOf, resolveApiCaller, type ApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import type { ApiScope } from '../../platform/http/api-scopes.ts';
import { ExchangeRefusal } from './errors.ts';
import { mediateRequest, type ExchangeSettings } from './mediate-request.ts';
import { parseClientId, type ClientId } from './members.ts';

/** What an agency system's API key or OAuth client needs to call data services through the mediator. */
export const EXCHANGE_SCOPE = 'exchange';
export const exchangeApiScopes: readonly ApiScope[] = [{ name: EXCHANGE_SCOPE, label: 'exchange.apiScope', hint: 'exchange.apiScope.hint' }];
export const JOSE = 'application/jose';

const segment = { type: 'string', minLength: 1, maxLength: 64 } as const;
const pathParams = {
  type: 'object', required: ['instanceId', 'memberClass', 'memberCode', 'applicationCode', 'serviceCode'],
  properties: { instanceId: segment, memberClass: segment, memberCode: segment, applicationCode: segment, serviceCode: segment },
} as const;
type Params = Record<'instanceId' | 'memberClass' | 'memberCode' | 'applicationCode' | 'serviceCode', string>;

/** A refusal before or by the mediator, in the exchange's JSON shape: `{ error, message }`. */
export function refuse(reply: FastifyReply, request: FastifyRequest, status: number, error: string, detail?: string) {
  return reply.code(status).type('application/json').send({ error, message: request.tr.t(`exchange.refusal.${error}`), ...(detail ? { detail } : {}) });
}

/** The bearer's agency system with the exchange scope; otherwise the reply is sent and null returned. */
export async function exchangeCaller(request: FastifyRequest, reply: FastifyReply, verifiers: readonly BearerVerifier[]): Promise<ApiCaller | null> {
  const caller = await resolveApiCaller(request, verifiers);
  if (!caller) {
    reply.header('www-authenticate', `Bearer realm="hanaro"${bearerTokenOf(request) ? ', error="invalid_token"' : ''}`);
    await refuse(reply, request, 401, 'unauthorized');
    return null;
  }
  if (!caller.scopes.includes(EXCHANGE_SCOPE)) {
    reply.header('www-authenticate', `Bearer realm="hanaro", error="insufficient_scope", scope="${EXCHANGE_SCOPE}"`);
    await refuse(reply, request, 403, 'insufficient_scope');
    return null;
  }
  return caller;
}

export function clientHeaderOf(request: FastifyRequest, name: string): ClientId | null {
  return parseClientId(request.headers[name]);
}

/**
 * The information mediator for agency systems (X-Road style): the path names the provider and the
 * data service, the header names the calling member's system, the body is the member's signed
 * request. The answer is the provider's signed response, or a refusal that both ends' logs keep.
 */
export function exchangeApiRoutes(conn: AnyDb, s: ExchangeSettings, verifiers: readonly BearerVerifier[]) {
  return async function routes(app: FastifyInstance) {
    app.addContentTypeParser(JOSE, { parseAs: 'string', bodyLimit: 32 * 1024 }, (_request, body, done) => done(null, body));
    // Bearer-authenticated and signed, so no CSRF.
    app.post('/exchange/r1/:instanceId/:memberClass/:memberCode/:applicationCode/:serviceCode', { config: { csrf: false }, schema: { params: pathParams } }, async (request, reply) => {
      const caller = await exchangeCaller(request, reply, verifiers);
      if (!caller) return reply;
      const client = clientHeaderOf(request, 'information-mediator-client');
      if (!client) return refuse(reply, request, 400, 'bad_request', 'the Information-Mediator-Client header must read <instance>/<class>/<member>/<subsystem>');
      if (!request.headers['content-type']?.startsWith(JOSE) || typeof request.body !== 'string') return refuse(reply, request, 415, 'bad_request', `the body must be a compact JWS sent as ${JOSE}`);
      const p = request.params as Params;
      try {
        const answered = await mediateRequest(conn, s, {
          requestJws: request.body.trim(),
          transport: { via: 'api', callerAgencyId: caller.agencyId, client, provider: { memberId: `${p.instanceId}/${p.memberClass}/${p.memberCode}`, applicationCode: p.applicationCode, serviceCode: p.serviceCode } },
          reader: { kind: caller.kind, id: caller.clientId, agencyId: caller.agencyId },
          who: apiActorOf(caller, request.id),
        });
        return reply.type(JOSE).header('hanaro-exchange-message', answered.messageId).send(answered.responseJws);
      } catch (err) {
        if (err instanceof ExchangeRefusal) return refuse(reply, request, err.status, err.reason, err.detail);
        throw err;
      }
    });
  };
}
