import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, requireStaff } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';
import { listPasskeys, passkeyRegistrationOptions, passkeySignInOptions, removeStaffPasskey, staffHolder, type RelyingParty } from './passkeys.ts';
import { signInStaffWithPasskey, type SessionPolicy } from './staff-sessions.ts';
import { parseAuthenticatorResponse, passkeySignInRoute, sessionCookieThen } from './passkey-sign-in-route.ts';
import { addPasskeyRoute } from './passkey-registration-route.tsx';
import { reauthenticateStaffWithPasskey, reauthenticateStaffWithPassword, requireRecentStaffAuthentication, staffReauthMethods, type StaffReauthResult } from './staff-reauthentication.ts';
import { NewPasskeyPage, type PasskeyPaths } from './views/passkey-new.tsx';
import { SignInPage } from './views/sign-in.tsx';
import { StaffPasskeysPage, StaffReauthenticatePage, type StaffPasskeysNotice, type StaffReauthProblem } from './views/staff-passkeys.tsx';

const text = (max: number) => ({ type: 'string', maxLength: max });
const form = (props: Record<string, object>) => ({ body: { type: 'object', properties: { ...props, _csrf: text(200), return: text(2000) } } });
const NOTICES = new Set<StaffPasskeysNotice>(['removed', 'last_passkey']);

const STAFF_PATHS: PasskeyPaths = {
  action: '/office/passkeys', options: '/office/passkeys/options', back: { href: '/office/passkeys', label: 'identity.staff.passkeys.title' }, lead: 'identity.staff.passkey.addLead',
};

/** Staff passkeys: registering one (after the bootstrap password), signing in with it, listing and removing them. */
export function staffPasskeyRoutes(conn: AnyDb, config: Readonly<Config>, rp: RelyingParty, policy: SessionPolicy, sessionCookie: string) {
  const signInLimit = { rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } };
  const recent = (request: FastifyRequest, returnTo = '/office/passkeys/new') => requireRecentStaffAuthentication(request, returnTo);
  return async function routes(app: FastifyInstance) {
    app.post('/office/sign-in/passkey/options', { config: signInLimit, schema: form({}) }, async () => passkeySignInOptions(conn, rp, 'staff'));
    passkeySignInRoute(app, {
      path: '/office/sign-in/passkey', home: '/office', limit: signInLimit, signedIn: sessionCookieThen(sessionCookie, config.secureCookies),
      signIn: (response, request) => signInStaffWithPasskey(conn, rp, { response, userAgent: request.headers['user-agent'], requestId: request.id }, policy),
      refused: (reply, returnTo, problem) => reply.page((shell) => <SignInPage shell={shell} form={{ email: '', returnTo, error: `passkey_${problem}` }} />, 401),
    });

    // Confirming it is still them, before a change to their passkeys
    const reauthPage = async (request: FastifyRequest, reply: FastifyReply, returnTo: string, problem?: StaffReauthProblem) => {
      const methods = await staffReauthMethods(conn, requireStaff(request), config.staffPasswordSignIn);
      const status = !problem ? 200 : problem === 'slowed_down' ? 429 : 401;
      return reply.page((shell) => <StaffReauthenticatePage shell={shell} returnTo={returnTo} methods={methods} problem={problem} />, status);
    };
    const confirmedOr = (request: FastifyRequest, reply: FastifyReply, returnTo: string, result: StaffReauthResult) =>
      (result.ok ? reply.redirect(returnTo, 303) : reauthPage(request, reply, returnTo, result.problem));
    app.get('/office/sign-in/again', { schema: { querystring: { type: 'object', properties: { return: text(2000) } } } }, async (request, reply) =>
      reauthPage(request, reply, safeReturnPath((request.query as { return?: string }).return ?? '/office/passkeys')));
    app.post('/office/sign-in/again', { config: signInLimit, schema: form({ password: text(1024) }) }, async (request, reply) => {
      const body = request.body as { password?: string; return?: string };
      const returnTo = safeReturnPath(body.return ?? '/office/passkeys');
      return confirmedOr(request, reply, returnTo, await reauthenticateStaffWithPassword(conn, requireStaff(request), body.password ?? '', config.staffPasswordSignIn, actorOf(request)));
    });
    app.post('/office/sign-in/again/passkey/options', { config: signInLimit, schema: form({}) }, async (request) =>
      passkeySignInOptions(conn, rp, 'staff', staffHolder(requireStaff(request))));
    app.post('/office/sign-in/again/passkey', { config: signInLimit, schema: form({ response: text(20_000) }) }, async (request, reply) => {
      const staff = requireStaff(request);
      const body = request.body as { response?: string; return?: string };
      const returnTo = safeReturnPath(body.return ?? '/office/passkeys');
      const response = parseAuthenticatorResponse<AuthenticationResponseJSON>(body.response);
      const result = response ? await reauthenticateStaffWithPasskey(conn, rp, staff, response, actorOf(request)) : { ok: false as const, problem: 'invalid' as const };
      return confirmedOr(request, reply, returnTo, result);
    });

    // Their passkeys
    app.get('/office/passkeys', { schema: { querystring: { type: 'object', properties: { notice: text(20) } } } }, async (request, reply) => {
      const staff = requireStaff(request);
      const passkeys = await listPasskeys(conn, staffHolder(staff));
      const asked = (request.query as { notice?: string }).notice as StaffPasskeysNotice | undefined;
      return reply.page((shell) => <StaffPasskeysPage shell={shell} passkeys={passkeys} notice={asked && NOTICES.has(asked) ? asked : undefined} />);
    });
    app.get('/office/passkeys/new', async (request, reply) => {
      recent(request);
      return reply.page((shell) => <NewPasskeyPage shell={shell} name="" paths={STAFF_PATHS} />);
    });
    app.post('/office/passkeys/options', { schema: form({}) }, async (request) => passkeyRegistrationOptions(conn, rp, staffHolder(recent(request))));
    addPasskeyRoute(app, conn, rp, {
      action: '/office/passkeys', paths: STAFF_PATHS, done: '/office?notice=passkey_added', holderOf: (request) => staffHolder(recent(request)),
    });
    app.post('/office/passkeys/:id/remove', { schema: { ...form({}), params: { type: 'object', properties: { id: text(1400) } } } }, async (request, reply) => {
      const staff = recent(request, '/office/passkeys');
      const result = await removeStaffPasskey(conn, staff, (request.params as { id: string }).id, actorOf(request));
      if (!result.ok && result.problem === 'not_found') throw notFound('no such passkey of yours');
      return reply.redirect(`/office/passkeys?notice=${result.ok ? 'removed' : result.problem}`, 303);
    });
  };
}
