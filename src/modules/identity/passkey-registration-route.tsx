import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf } from '../../platform/http/guards.ts';
import { addPasskey, type PasskeyHolder, type RelyingParty } from './passkeys.ts';
import { parseAuthenticatorResponse } from './passkey-sign-in-route.ts';
import { NewPasskeyPage, type PasskeyPaths } from './views/passkey-new.tsx';

const text = (max: number) => ({ type: 'string', maxLength: max });

/**
 * `POST <paths.action>`: a named new passkey, for residents and staff alike. A missing or too long
 * name, or no answer from the authenticator, re-renders the page with what was typed.
 */
export function addPasskeyRoute(app: FastifyInstance, conn: AnyDb, rp: RelyingParty, opts: {
  paths?: PasskeyPaths; action: string; holderOf: (request: FastifyRequest) => PasskeyHolder; done: string;
}): void {
  const schema = { body: { type: 'object', properties: { name: text(200), response: text(20_000), _csrf: text(200), return: text(2000) } } };
  app.post(opts.action, { schema }, async (request, reply) => {
    const holder = opts.holderOf(request);
    const body = request.body as { name?: string; response?: string };
    const name = (body.name ?? '').trim();
    const again = (problem: Parameters<typeof NewPasskeyPage>[0]['problem']) => reply.page((shell) => <NewPasskeyPage shell={shell} name={name} problem={problem} paths={opts.paths} />, 400);
    if (!name) return again('name_missing');
    if (name.length > 60) return again('name_too_long');
    const response = parseAuthenticatorResponse<RegistrationResponseJSON>(body.response);
    if (!response) return again('cancelled');
    const result = await addPasskey(conn, rp, holder, { response, name }, actorOf(request));
    return result.ok ? reply.redirect(opts.done, 303) : again(result.problem);
  });
}
