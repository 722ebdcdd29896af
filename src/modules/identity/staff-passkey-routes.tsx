import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import type { StaffViewer } from '../../platform/http/types.ts';
import { passkeyRegistrationOptions, passkeySignInOptions, type PasskeyHolder, type RelyingParty } from './passkeys.ts';
import { signInStaffWithPasskey, type SessionPolicy } from './staff-sessions.ts';
import { passkeySignInRoute } from './passkey-sign-in-route.ts';
import { addPasskeyRoute } from './passkey-registration-route.tsx';
import { NewPasskeyPage, type PasskeyPaths } from './views/passkey-new.tsx';
import { SignInPage } from './views/sign-in.tsx';

const text = (max: number) => ({ type: 'string', maxLength: max });
const form = (props: Record<string, object>) => ({ body: { type: 'object', properties: { ...props, _csrf: text(200), return: text(2000) } } });

const staffHolder = (staff: StaffViewer): PasskeyHolder => {
  const name = Object.values(staff.names)[0] ?? staff.id;
  return { kind: 'staff', id: staff.id, userName: name, displayName: name, auditTarget: `staff:${staff.id}` };
};

const STAFF_PATHS: PasskeyPaths = {
  action: '/office/passkeys', options: '/office/passkeys/options', back: { href: '/office', label: 'office.back' }, lead: 'identity.staff.passkey.addLead',
};

/** Staff passkeys: registering one (after the bootstrap password) and signing in with it. */
export function staffPasskeyRoutes(conn: AnyDb, config: Readonly<Config>, rp: RelyingParty, policy: SessionPolicy, sessionCookie: string) {
  const signInLimit = { rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } };
  return async function routes(app: FastifyInstance) {
    app.post('/office/sign-in/passkey/options', { config: signInLimit, schema: form({}) }, async () => passkeySignInOptions(conn, rp, 'staff'));
    passkeySignInRoute(app, {
      path: '/office/sign-in/passkey', home: '/office', limit: signInLimit, cookie: sessionCookie, secureCookies: config.secureCookies,
      signIn: (response, request) => signInStaffWithPasskey(conn, rp, { response, userAgent: request.headers['user-agent'], requestId: request.id }, policy),
      refused: (reply, returnTo, problem) => reply.page((shell) => <SignInPage shell={shell} form={{ email: '', returnTo, error: `passkey_${problem}` }} />, 401),
    });

    app.get('/office/passkeys/new', async (request, reply) => {
      requireStaff(request);
      return reply.page((shell) => <NewPasskeyPage shell={shell} name="" paths={STAFF_PATHS} />);
    });
    app.post('/office/passkeys/options', { schema: form({}) }, async (request) => passkeyRegistrationOptions(conn, rp, staffHolder(requireStaff(request))));
    addPasskeyRoute(app, conn, rp, {
      action: '/office/passkeys', paths: STAFF_PATHS, done: '/office?notice=passkey_added', holderOf: (request) => staffHolder(requireStaff(request)),
    });
  };
}
