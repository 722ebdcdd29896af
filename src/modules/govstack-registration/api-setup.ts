import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiActorOf, requireApiCaller, type ApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { informationMediatorCheck } from '../../platform/http/information-mediator.ts';
import { compiledOnFirstUse } from '../../platform/http/lazy-validators.ts';
import { tagService } from '../../platform/http/traffic.ts';

// Bodies are checked as sent (a number is not a string); query strings arrive as text and are read as their types.
const strict = new Ajv({ coerceTypes: false, allErrors: false, strict: false });
const lenient = new Ajv({ coerceTypes: true, allErrors: false, strict: false, useDefaults: true });
addFormats.default(strict);
addFormats.default(lenient);

/** What every route of the API shares: JSON only, HTML-inert JSON, strict bodies, the X-Road header. */
export function apiScope(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => compiledOnFirstUse(() => (httpPart === 'body' ? strict : lenient).compile(schema)));
  // "<" and ">" as \u escapes: a client that pastes a value into a page cannot be tricked by it.
  app.setReplySerializer((payload) => JSON.stringify(payload).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
  app.addHook('onRequest', informationMediatorCheck('govstack.error.mediatorHeader'));
}

export interface Authorized { caller: ApiCaller; who: { actor: string; requestId: string }; mediator: string | null }

/** The caller with `scope`, how the audit names them, and the X-Road client they say they call for. */
export function authorizer(verifiers: readonly BearerVerifier[]) {
  return async (request: FastifyRequest, reply: FastifyReply, scope: string): Promise<Authorized> => {
    const caller = await requireApiCaller(request, reply, verifiers, scope);
    // Counted for the caller's agency until the route finds the service it serves (then for that one).
    tagService(request, caller.agencyId);
    const mediator = request.headers['information-mediator-client'];
    return { caller, who: apiActorOf(caller, request.id), mediator: typeof mediator === 'string' ? mediator : null };
  };
}

// Bearer-authenticated, so no CSRF. Not `agencyScoped`: the tenancy test signs in staff; the
// API's cross-agency 404s are proven in api.test.ts.
export const API_CONFIG = { csrf: false } as const;
/** A route whose specification makes the Information-Mediator-Client header required. */
export const MEDIATED_API_CONFIG = { ...API_CONFIG, mediatorRequired: true } as const;
