import type { FastifyReply } from 'fastify';
import type { Config } from '../../platform/config.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import { SIGN_IN_PROOF_MINUTES } from './resident-sessions.ts';

/** Where the portal starts its OpenID Connect sign-in (the sso module's portal client). */
export const PORTAL_SIGN_IN_START = '/sign-in/start';

export const signInProofCookie = (config: Pick<Config, 'secureCookies'>) => cookieName('hanaro-sign-in', config.secureCookies);

/** The OpenID provider's login step, which sends people to these pages with `return` pointing back to it. */
const PROVIDER_LOGIN_STEP = '/oidc-interaction/';

/**
 * After the sign-in pages checked who it is, the proof waits in a cookie for the provider's login
 * step: back to that step when the provider sent the resident here, otherwise the portal first asks
 * the provider to sign the resident in (authorization code with PKCE) and then goes on to `returnTo`.
 */
export function handToProvider(reply: FastifyReply, config: Pick<Config, 'secureCookies'>, proofToken: string, returnTo: string): FastifyReply {
  reply.setCookie(signInProofCookie(config), proofToken, cookieOptions(config.secureCookies, SIGN_IN_PROOF_MINUTES * 60));
  if (returnTo.startsWith(PROVIDER_LOGIN_STEP)) return reply.redirect(returnTo, 303);
  return reply.redirect(`${PORTAL_SIGN_IN_START}?return=${encodeURIComponent(returnTo)}`, 303);
}
