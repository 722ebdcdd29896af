import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';
import { actorOf, requireStaff } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Country } from '../packs/index.ts';
import { relyingPartyOf } from './passkeys.ts';
import { signInStaff, signOutStaff, switchAgency } from './staff-sessions.ts';
import { staffPasskeyRoutes } from './staff-passkey-routes.tsx';
import { SignInPage } from './views/sign-in.tsx';

export function staffSessionCookie(config: Pick<Config, 'secureCookies'>): string {
  return cookieName('hanaro-staff', config.secureCookies);
}

export function identityRoutes(conn: AnyDb, config: Readonly<Config>, country: Country) {
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const sessionCookie = staffSessionCookie(config);
  const rp = relyingPartyOf(config.publicUrl, country.name.en ?? Object.values(country.name)[0] ?? 'Hanaro');
  return async function routes(app: FastifyInstance) {
    await app.register(staffPasskeyRoutes(conn, config, rp, policy, sessionCookie));
    app.get('/office/sign-in', async (request, reply) => {
      const returnTo = safeReturnPath((request.query as { return?: string }).return ?? '/office');
      return reply.page((shell) => <SignInPage shell={shell} form={{ email: '', returnTo }} />);
    });

    app.post('/office/sign-in', {
      config: { rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } },
      schema: { body: { type: 'object', properties: {
        email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 1024 },
        return: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const body = request.body as { email?: string; password?: string; return?: string };
      const email = (body.email ?? '').trim();
      const returnTo = safeReturnPath(body.return ?? '/office');
      if (!email || !body.password) {
        return reply.page((shell) => <SignInPage shell={shell} form={{ email, returnTo, error: 'missing' }} />, 400);
      }
      const result = await signInStaff(conn, { email, password: body.password, userAgent: request.headers['user-agent'], requestId: request.id }, policy, config.staffPasswordSignIn);
      if (!result.ok) {
        const status = { slowed_down: 429, passkey_required: 403, wrong_credentials: 401 }[result.reason];
        return reply.page((shell) => <SignInPage shell={shell} form={{ email, returnTo, error: result.reason }} />, status);
      }
      reply.setCookie(sessionCookie, result.token, cookieOptions(config.secureCookies));
      return reply.redirect(returnTo, 303);
    });

    app.post('/office/sign-out', async (request, reply) => {
      const staff = requireStaff(request);
      await signOutStaff(conn, staff, actorOf(request));
      reply.clearCookie(sessionCookie, cookieOptions(config.secureCookies));
      return reply.redirect('/', 303);
    });

    app.post('/office/acting-agency', {
      schema: { body: { type: 'object', required: ['agency'], properties: { agency: { type: 'string', maxLength: 64 }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const staff = requireStaff(request);
      const switched = await switchAgency(conn, staff, (request.body as { agency: string }).agency, actorOf(request));
      if (!switched) throw notFound('no role in that agency');
      return reply.redirect('/office', 303);
    });
  };
}
