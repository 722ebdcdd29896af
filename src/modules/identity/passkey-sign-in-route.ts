import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { cookieOptions } from '../../platform/http/cookies.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';

/** The authenticator's answer, posted as JSON text in a hidden field; anything else is treated as no answer. */
export function parseAuthenticatorResponse<T>(value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string' ? parsed as T : undefined;
  } catch { return undefined; }
}

type PasskeySignIn = (response: AuthenticationResponseJSON, request: FastifyRequest) => Promise<{ ok: true; token: string } | { ok: false; problem: 'invalid' | 'expired' }>;

/** A session cookie and back to where the person was going (staff); residents' pages hand the proof to the provider. */
export const sessionCookieThen = (cookie: string, secureCookies: boolean) => (reply: FastifyReply, token: string, returnTo: string) => {
  reply.setCookie(cookie, token, cookieOptions(secureCookies));
  return reply.redirect(returnTo, 303);
};

/**
 * `POST <path>`: the signed answer to a sign-in challenge signs the person in (`signedIn`), for
 * residents and staff alike; a refused answer re-renders that kind of person's sign-in page.
 */
export function passkeySignInRoute(app: FastifyInstance, opts: {
  path: string; home: string; limit: object; signIn: PasskeySignIn;
  signedIn: (reply: FastifyReply, token: string, returnTo: string) => FastifyReply;
  refused: (reply: FastifyReply, returnTo: string, problem: 'invalid' | 'expired') => Promise<FastifyReply>;
}): void {
  const text = (max: number) => ({ type: 'string', maxLength: max });
  const schema = { body: { type: 'object', properties: { response: text(20_000), return: text(2000), _csrf: text(200) } } };
  app.post(opts.path, { config: opts.limit, schema }, async (request, reply) => {
    const body = request.body as { response?: string; return?: string };
    const returnTo = safeReturnPath(body.return ?? opts.home);
    const response = parseAuthenticatorResponse<AuthenticationResponseJSON>(body.response);
    const result = response ? await opts.signIn(response, request) : { ok: false as const, problem: 'invalid' as const };
    if (!result.ok) return opts.refused(reply, returnTo, result.problem);
    return opts.signedIn(reply, result.token, returnTo);
  });
}
