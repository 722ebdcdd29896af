import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';
import { actorOf, requireOwnIdentity, requireResident } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Country } from '../packs/index.ts';
import { endResidentSession, listResidentSessions, PENDING_MINUTES, signInResident, signOutResident } from './resident-sessions.ts';
import { listPasskeys, residentHolder } from './passkeys.ts';
import { secondFactorStatus } from './second-factor.ts';
import { pendingSignInCookie, signInMethodRoutes } from './sign-in-method-routes.tsx';
import { signUpResident, type SignUpInput } from './sign-up-resident.ts';
import { handToProvider } from './hand-to-provider.ts';
import { ResidentSignInPage } from './views/resident-sign-in.tsx';
import { SignUpPage } from './views/sign-up.tsx';
import { MyPage } from './views/my-page.tsx';
import { AccountPage } from './views/account.tsx';

export function residentSessionCookie(config: Pick<Config, 'secureCookies'>): string {
  return cookieName('hanaro-resident', config.secureCookies);
}

const text = (max: number) => ({ type: 'string', maxLength: max });
const returnQuery = { type: 'object', properties: { return: text(2000) } };

/** What else ends when a resident signs out here (the OpenID provider's session in this browser, or all of them). */
export type SignedOut = (conn: AnyDb, residentId: string, browser: { cookies: Record<string, string | undefined>; everywhere: boolean }) => Promise<void>;

export function residentRoutes(conn: AnyDb, config: Readonly<Config>, country: Country, signedOut?: SignedOut) {
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const sessionCookie = residentSessionCookie(config);
  const idLabel = (tr: { text(t: Country['name']): string }) => tr.text(country.idNumber.label);
  const idExample = country.idNumber.example;
  const signInLimit = { rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } };

  return async function routes(app: FastifyInstance) {
    await app.register(signInMethodRoutes(conn, config, country));
    app.get('/sign-in', { schema: { querystring: returnQuery } }, async (request, reply) => {
      const returnTo = safeReturnPath((request.query as { return?: string }).return ?? '/me');
      return reply.page((shell) => <ResidentSignInPage shell={shell} form={{ idNumber: '', returnTo }} idLabel={idLabel(shell.tr)} idExample={idExample} />);
    });

    app.post('/sign-in', {
      config: signInLimit,
      schema: { body: { type: 'object', properties: { idNumber: text(40), password: text(1024), return: text(2000), _csrf: text(200) } } },
    }, async (request, reply) => {
      const body = request.body as { idNumber?: string; password?: string; return?: string };
      const idNumber = (body.idNumber ?? '').trim();
      const returnTo = safeReturnPath(body.return ?? '/me');
      const again = (error: 'wrong_credentials' | 'slowed_down' | 'missing', status: number) =>
        reply.page((shell) => <ResidentSignInPage shell={shell} form={{ idNumber, returnTo, error }} idLabel={idLabel(shell.tr)} idExample={idExample} />, status);
      if (!idNumber || !body.password) return again('missing', 400);
      const result = await signInResident(conn, { idNumber, password: body.password, userAgent: request.headers['user-agent'], requestId: request.id });
      if (result.ok === 'code_needed') {
        reply.setCookie(pendingSignInCookie(config), result.pendingToken, cookieOptions(config.secureCookies, PENDING_MINUTES * 60));
        return reply.redirect(`/sign-in/code?return=${encodeURIComponent(returnTo)}`, 303);
      }
      if (!result.ok) return again(result.reason, result.reason === 'slowed_down' ? 429 : 401);
      return handToProvider(reply, config, result.token, returnTo);
    });

    app.get('/sign-up', { schema: { querystring: returnQuery } }, async (request, reply) => {
      const returnTo = safeReturnPath((request.query as { return?: string }).return ?? '/me');
      const values = { idNumber: '', name: '', birthDate: '', email: '' };
      return reply.page((shell) => <SignUpPage shell={shell} view={{ values, problems: {}, returnTo, idLabel: idLabel(shell.tr), idExample }} />);
    });

    app.post('/sign-up', {
      config: signInLimit,
      schema: { body: { type: 'object', properties: {
        idNumber: text(40), name: text(200), birthDate: text(20), email: text(400), password: text(1024), passwordAgain: text(1024),
        return: text(2000), _csrf: text(200) } } },
    }, async (request, reply) => {
      const body = request.body as Partial<Record<keyof SignUpInput | 'return', string>>;
      const input: SignUpInput = {
        idNumber: (body.idNumber ?? '').trim(), name: (body.name ?? '').trim(), birthDate: (body.birthDate ?? '').trim(),
        email: (body.email ?? '').trim(), password: body.password ?? '', passwordAgain: body.passwordAgain ?? '', locale: request.tr.locale,
      };
      const returnTo = safeReturnPath(body.return ?? '/me');
      const result = await signUpResident(conn, input, { idRule: country.idNumber, policy, userAgent: request.headers['user-agent'], requestId: request.id });
      if (!result.ok) {
        const { idNumber, name, birthDate, email } = input;
        const view = { values: { idNumber, name, birthDate, email }, problems: result.problems, returnTo, idLabel: idLabel(request.tr), idExample };
        return reply.page((shell) => <SignUpPage shell={shell} view={view} />, 400);
      }
      return handToProvider(reply, config, result.token, returnTo);
    });

    app.post('/sign-out', { schema: { body: { type: 'object', properties: { everywhere: text(5), _csrf: text(200) } } } }, async (request, reply) => {
      const resident = requireResident(request);
      const everywhere = (request.body as { everywhere?: string }).everywhere === '1';
      await signOutResident(conn, resident, actorOf(request), { everywhere });
      // Acting for someone, `residentId` is theirs; the provider's session is the representative's own.
      await signedOut?.(conn, resident.representative?.residentId ?? resident.residentId, { cookies: request.cookies, everywhere });
      reply.clearCookie(sessionCookie, cookieOptions(config.secureCookies));
      return reply.redirect('/', 303);
    });

    app.get('/me', async (request, reply) => {
      const resident = requireResident(request);
      return reply.page((shell) => <MyPage shell={shell} resident={resident} />);
    });

    app.get('/me/account', { schema: { querystring: { type: 'object', properties: { notice: text(20) } } } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const [sessions, passkeys, second] = await Promise.all([listResidentSessions(conn, resident, policy), listPasskeys(conn, residentHolder(resident)), secondFactorStatus(conn, resident)]);
      const notice = (request.query as { notice?: string }).notice === 'last_method' ? 'last_method' as const : undefined;
      const methods = { passkeys, totp: second.totp, recoveryCodesLeft: second.recoveryCodesLeft, hasPassword: true, notice };
      return reply.page((shell) => <AccountPage shell={shell} resident={resident} sessions={sessions} methods={methods} />);
    });

    app.post('/me/sessions/:id/end', { schema: { params: { type: 'object', properties: { id: text(100) } } } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const ended = await endResidentSession(conn, resident, (request.params as { id: string }).id, actorOf(request));
      if (!ended) throw notFound('no such session of yours');
      return reply.redirect('/me/account', 303);
    });
  };
}
