import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import { safeReturnPath } from '../../platform/http/preferences.ts';
import { actorOf, requireResident } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Country } from '../packs/index.ts';
import { listPasskeys, passkeyRegistrationOptions, passkeySignInOptions, relyingPartyOf, removePasskey, residentHolder } from './passkeys.ts';
import { completeSignInWithCode, signInWithPasskey } from './resident-sessions.ts';
import { parseAuthenticatorResponse, passkeySignInRoute } from './passkey-sign-in-route.ts';
import { addPasskeyRoute } from './passkey-registration-route.tsx';
import { handToProvider } from './hand-to-provider.ts';
import { reauthenticateWithPasskey, reauthenticateWithPassword, requireRecentAuthentication } from './reauthentication.ts';
import { confirmTotp, disableTotp, hasSecondFactor, renewRecoveryCodes, startTotpSetup } from './second-factor.ts';
import { otpauthUri } from './totp.ts';
import { ResidentSignInPage } from './views/resident-sign-in.tsx';
import { SignInCodePage } from './views/sign-in-code.tsx';
import { ReauthenticatePage } from './views/reauthenticate.tsx';
import { NewPasskeyPage } from './views/passkey-new.tsx';
import { TotpSetupPage } from './views/totp-setup.tsx';
import { RecoveryCodesPage } from './views/recovery-codes.tsx';

export const pendingSignInCookie = (config: Pick<Config, 'secureCookies'>) => cookieName('hanaro-pending-sign-in', config.secureCookies);

const text = (max: number) => ({ type: 'string', maxLength: max });
const form = (props: Record<string, object>) => ({ body: { type: 'object', properties: { ...props, _csrf: text(200), return: text(2000) } } });
const csrfOnly = form({});
const returnQuery = { type: 'object', properties: { return: text(2000) } };
// The package exports only its modules; its browser bundle sits two folders above the ESM entry.
const browserBundle = path.join(path.dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js');
const passkeyScript = path.join(import.meta.dirname, 'assets', 'passkeys.js');

export function signInMethodRoutes(conn: AnyDb, config: Readonly<Config>, country: Country) {
  const rp = relyingPartyOf(config.publicUrl, country.name.en ?? Object.values(country.name)[0] ?? 'Hanaro');
  const pendingCookie = pendingSignInCookie(config);
  const signInLimit = { rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } };
  const idLabel = (tr: { text(t: Country['name']): string }) => tr.text(country.idNumber.label);

  return async function routes(app: FastifyInstance) {
    const script = (file: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(fs.createReadStream(file));
    app.get('/assets/identity/webauthn-browser.js', script(browserBundle));
    app.get('/assets/identity/passkeys.js', script(passkeyScript));

    // Signing in with a passkey
    app.post('/sign-in/passkey/options', { config: signInLimit, schema: csrfOnly }, async () => passkeySignInOptions(conn, rp, 'resident'));
    passkeySignInRoute(app, {
      path: '/sign-in/passkey', home: '/me', limit: signInLimit,
      signedIn: (reply, token, returnTo) => handToProvider(reply, config, token, returnTo),
      signIn: (response, request) => signInWithPasskey(conn, rp, { response, userAgent: request.headers['user-agent'], requestId: request.id }),
      refused: (reply, returnTo, problem) => reply.page((shell) => <ResidentSignInPage shell={shell} form={{ idNumber: '', returnTo, error: `passkey_${problem}` }} idLabel={idLabel(shell.tr)} idExample={country.idNumber.example} />, 401),
    });

    // The second step after a password: a code from the app or a recovery code
    app.get('/sign-in/code', { schema: { querystring: returnQuery } }, async (request, reply) => {
      if (!request.cookies[pendingCookie]) return reply.redirect('/sign-in', 303);
      const returnTo = safeReturnPath((request.query as { return?: string }).return ?? '/me');
      return reply.page((shell) => <SignInCodePage shell={shell} returnTo={returnTo} />);
    });
    app.post('/sign-in/code', { config: signInLimit, schema: form({ code: text(40) }) }, async (request, reply) => {
      const body = request.body as { code?: string; return?: string };
      const returnTo = safeReturnPath(body.return ?? '/me');
      const code = (body.code ?? '').trim();
      if (!code) return reply.page((shell) => <SignInCodePage shell={shell} returnTo={returnTo} problem="missing" />, 400);
      const result = await completeSignInWithCode(conn, { pendingToken: request.cookies[pendingCookie], code, userAgent: request.headers['user-agent'], requestId: request.id });
      if (!result.ok && result.reason === 'expired') {
        reply.clearCookie(pendingCookie, cookieOptions(config.secureCookies));
        return reply.page((shell) => <ResidentSignInPage shell={shell} form={{ idNumber: '', returnTo, error: 'code_expired' }} idLabel={idLabel(shell.tr)} idExample={country.idNumber.example} />, 401);
      }
      if (!result.ok) return reply.page((shell) => <SignInCodePage shell={shell} returnTo={returnTo} problem={result.reason as 'wrong_code' | 'slowed_down'} />, result.reason === 'slowed_down' ? 429 : 401);
      reply.clearCookie(pendingCookie, cookieOptions(config.secureCookies));
      return handToProvider(reply, config, result.token, returnTo);
    });

    // Confirming it is still you, before a sensitive change
    const reauthPage = async (request: FastifyRequest, reply: FastifyReply, returnTo: string, problem?: Parameters<typeof ReauthenticatePage>[0]['problem']) => {
      const resident = requireResident(request);
      const [needsCode, passkeys] = await Promise.all([hasSecondFactor(conn, resident.accountId), listPasskeys(conn, residentHolder(resident))]);
      const status = !problem ? 200 : problem === 'slowed_down' ? 429 : 401;
      return reply.page((shell) => <ReauthenticatePage shell={shell} returnTo={returnTo} needsCode={needsCode} hasPasskey={passkeys.length > 0} problem={problem} />, status);
    };
    app.get('/sign-in/again', { schema: { querystring: returnQuery } }, async (request, reply) =>
      reauthPage(request, reply, safeReturnPath((request.query as { return?: string }).return ?? '/me/account')));
    app.post('/sign-in/again', { config: signInLimit, schema: form({ password: text(1024), code: text(40) }) }, async (request, reply) => {
      const resident = requireResident(request);
      const body = request.body as { password?: string; code?: string; return?: string };
      const returnTo = safeReturnPath(body.return ?? '/me/account');
      const result = await reauthenticateWithPassword(conn, resident, { password: body.password ?? '', code: (body.code ?? '').trim() }, actorOf(request));
      return result.ok ? reply.redirect(returnTo, 303) : reauthPage(request, reply, returnTo, result.problem);
    });
    app.post('/sign-in/again/passkey/options', { config: signInLimit, schema: csrfOnly }, async (request) => passkeySignInOptions(conn, rp, 'resident', residentHolder(requireResident(request))));
    app.post('/sign-in/again/passkey', { config: signInLimit, schema: form({ response: text(20_000) }) }, async (request, reply) => {
      const resident = requireResident(request);
      const body = request.body as { response?: string; return?: string };
      const returnTo = safeReturnPath(body.return ?? '/me/account');
      const response = parseAuthenticatorResponse<AuthenticationResponseJSON>(body.response);
      const result = response ? await reauthenticateWithPasskey(conn, rp, resident, response, actorOf(request)) : { ok: false as const, problem: 'invalid' as const };
      return result.ok ? reply.redirect(returnTo, 303) : reauthPage(request, reply, returnTo, result.problem);
    });

    // Passkeys
    app.get('/me/passkeys/new', async (request, reply) => {
      requireRecentAuthentication(request);
      return reply.page((shell) => <NewPasskeyPage shell={shell} name="" />);
    });
    app.post('/me/passkeys/options', { schema: csrfOnly }, async (request) => {
      const resident = requireRecentAuthentication(request, undefined, '/me/passkeys/new');
      return passkeyRegistrationOptions(conn, rp, residentHolder(resident));
    });
    addPasskeyRoute(app, conn, rp, {
      action: '/me/passkeys', done: '/me/account',
      holderOf: (request) => residentHolder(requireRecentAuthentication(request, undefined, '/me/passkeys/new')),
    });
    app.post('/me/passkeys/:id/remove', { schema: { ...csrfOnly, params: { type: 'object', properties: { id: text(1400) } } } }, async (request, reply) => {
      const resident = requireRecentAuthentication(request);
      const result = await removePasskey(conn, resident, (request.params as { id: string }).id, actorOf(request));
      if (!result.ok && result.problem === 'not_found') throw notFound('no such passkey of yours');
      return reply.redirect(result.ok ? '/me/account' : '/me/account?notice=last_method', 303);
    });

    // The authenticator app and recovery codes
    const totpPage = async (request: FastifyRequest, reply: FastifyReply, problem?: Parameters<typeof TotpSetupPage>[0]['problem']) => {
      const resident = requireRecentAuthentication(request, undefined, '/me/totp');
      const setup = await startTotpSetup(conn, resident);
      if ('alreadyOn' in setup) return reply.redirect('/me/account', 303);
      const uri = otpauthUri(setup.secret, request.tr.text(country.name), resident.name);
      const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 200 });
      return reply.page((shell) => <TotpSetupPage shell={shell} secret={setup.secret} qrDataUrl={qrDataUrl} problem={problem} />, problem ? 400 : 200);
    };
    app.get('/me/totp', async (request, reply) => totpPage(request, reply));
    app.post('/me/totp', { schema: form({ code: text(40) }) }, async (request, reply) => {
      const resident = requireRecentAuthentication(request, undefined, '/me/totp');
      const result = await confirmTotp(conn, resident, ((request.body as { code?: string }).code ?? '').replace(/\s/g, ''), actorOf(request));
      if (!result.ok) return totpPage(request, reply, result.problem);
      return reply.page((shell) => <RecoveryCodesPage shell={shell} codes={result.recoveryCodes} />);
    });
    app.post('/me/totp/remove', { schema: csrfOnly }, async (request, reply) => {
      const resident = requireRecentAuthentication(request);
      await disableTotp(conn, resident, actorOf(request));
      return reply.redirect('/me/account', 303);
    });
    app.post('/me/recovery-codes', { schema: csrfOnly }, async (request, reply) => {
      const resident = requireRecentAuthentication(request);
      const codes = await renewRecoveryCodes(conn, resident, actorOf(request));
      if (!codes) return reply.redirect('/me/account', 303);
      return reply.page((shell) => <RecoveryCodesPage shell={shell} codes={codes} />);
    });
  };
}
