import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** A system (not a person) calling Hanaro's APIs on behalf of one agency. */
export interface ApiCaller {
  /** The API key's id or the OAuth client's id: stable, shown in the audit log as `<kind>:<clientId>`. */
  clientId: string;
  agencyId: string;
  scopes: readonly string[];
  kind: 'api_key' | 'oauth';
}

/**
 * Turns a bearer token into a caller, or null when the token is not one this verifier issued.
 * app.ts hands the list to API modules; each credential kind (agency API keys, OAuth access
 * tokens) adds one verifier there.
 */
export type BearerVerifier = (token: string) => Promise<ApiCaller | null>;

const BEARER = /^Bearer ([\x21-\x7e]{1,2048})$/;

export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header.trim())?.[1] ?? null : null;
}

/** The first verifier that knows the token decides; none knowing it means no caller. */
export async function resolveApiCaller(request: FastifyRequest, verifiers: readonly BearerVerifier[]): Promise<ApiCaller | null> {
  const token = bearerTokenOf(request);
  if (!token) return null;
  for (const verify of verifiers) {
    const caller = await verify(token);
    if (caller) return caller;
  }
  return null;
}

/** 401 (with a Bearer challenge) without a caller, 403 when the caller lacks `scope`. */
export async function requireApiCaller(request: FastifyRequest, reply: FastifyReply, verifiers: readonly BearerVerifier[], scope: string): Promise<ApiCaller> {
  const caller = await resolveApiCaller(request, verifiers);
  if (!caller) {
    reply.header('www-authenticate', `Bearer realm="hanaro"${bearerTokenOf(request) ? ', error="invalid_token"' : ''}`);
    throw new AppError(401, 'unauthorized', 'error.apiUnauthorized');
  }
  if (!caller.scopes.includes(scope)) {
    reply.header('www-authenticate', `Bearer realm="hanaro", error="insufficient_scope", scope="${scope}"`);
    throw new AppError(403, 'insufficient_scope', 'error.apiScope', { vars: { scope } });
  }
  return caller;
}

/** How the audit log names a caller. */
export const apiActorOf = (caller: ApiCaller, requestId: string) => ({ actor: `${caller.kind}:${caller.clientId}`, requestId });
