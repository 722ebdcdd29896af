import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import { AppError } from '../../platform/http/errors.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';
import { residentSessionCookie, signInProofCookie, startPortalSession, takeSignInProof } from '../identity/index.ts';
import { finishPortalSignIn, openPending, startPortalSignIn, type PortalSettings } from './portal-sign-in.ts';
import { PORTAL_CALLBACK_PATH } from './portal-client.ts';
import { INTERACTION_PATH } from './provider-paths.ts';

/** What the portal's sign-in needs besides the provider: where it runs and how long its sessions live. */
export interface PortalOptions {
  settings: PortalSettings;
  secureCookies: boolean;
  policy: { idleMinutes: number; absoluteHours: number };
}

const pendingCookie = (secure: boolean) => cookieName('hanaro-portal-sign-in', secure);
const text = (max: number) => ({ type: 'string', maxLength: max });

/** The portal as a relying party of Hanaro's own provider: `/sign-in/start` and its callback. */
export function portalSignInRoutes(conn: AnyDb, opts: PortalOptions) {
  const { settings, secureCookies } = opts;
  return async function routes(app: FastifyInstance) {
    app.get('/sign-in/start', { schema: { querystring: { type: 'object', properties: { return: text(2000) } } } }, async (request, reply) => {
      const returnTo = safeReturnPath((request.query as { return?: string }).return ?? '/me');
      const { url, sealed } = await startPortalSignIn(settings, returnTo);
      reply.setCookie(pendingCookie(secureCookies), sealed, cookieOptions(secureCookies, 600));
      return reply.redirect(url, 303);
    });

    app.get(PORTAL_CALLBACK_PATH, {
      schema: { querystring: { type: 'object', properties: { code: text(200), state: text(200), error: text(100), error_description: text(500), iss: text(500) } } },
    }, async (request, reply) => {
      const query = request.query as { code?: string; state?: string; error?: string; iss?: string };
      const pending = await openPending(settings, request.cookies[pendingCookie(secureCookies)]);
      reply.clearCookie(pendingCookie(secureCookies), cookieOptions(secureCookies));
      // RFC 9207: the answer must come from the provider the request went to.
      const result = query.iss && query.iss !== settings.issuer
        ? { ok: false as const, reason: 'wrong_issuer' }
        : await finishPortalSignIn(request.server, settings, pending, query);
      const session = result.ok
        ? await startPortalSession(conn, { ...result.signedIn, userAgent: request.headers['user-agent'], requestId: request.id }, opts.policy)
        : null;
      if (!result.ok || !session) {
        request.log.info({ reason: result.ok ? 'no_account' : result.reason }, 'portal sign-in refused');
        throw new AppError(400, 'sign_in_failed', 'sso.portal.failed');
      }
      reply.setCookie(residentSessionCookie({ secureCookies }), session.token, cookieOptions(secureCookies));
      return reply.redirect(result.returnTo, 303);
    });
  };
}

/**
 * The provider's login step for the portal: the proof the sign-in pages just left in this browser,
 * used once. Without one, the resident is sent to the sign-in pages, which come back here with one.
 */
export async function portalLogin(conn: AnyDb, provider: Provider, opts: PortalOptions, interaction: Interaction, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const proofCookie = signInProofCookie({ secureCookies: opts.secureCookies });
  const proof = await takeSignInProof(conn, request.cookies[proofCookie]);
  reply.clearCookie(proofCookie, cookieOptions(opts.secureCookies));
  if (!proof || interaction.prompt.name !== 'login') return reply.redirect(`/sign-in?return=${encodeURIComponent(`${INTERACTION_PATH}/${interaction.uid}`)}`, 303);
  const next = await provider.interactionResult(request.raw, reply.raw, { login: {
    accountId: proof.residentId, acr: proof.assurance, amr: proof.amr.length ? proof.amr : undefined,
    ts: Math.floor(proof.authenticatedAt.getTime() / 1000), remember: true,
  } });
  return reply.redirect(next, 303);
}

/** Whether the sign-in pages left a proof in this browser (not taken here: the portal's login step takes it). */
export const hasSignInProof = (request: FastifyRequest, secureCookies: boolean) => Boolean(request.cookies[signInProofCookie({ secureCookies })]);
