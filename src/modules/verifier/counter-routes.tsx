import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import type { VerifierRuntime } from './context.ts';
import { authorizationRequestLink, createPresentationRequest, requestUriOf } from './create-presentation-request.ts';
import { statusOf } from './present-request.ts';
import { rpKeyHashOf } from './register-relying-party.ts';
import * as store from './store.ts';
import { ChecksPage, PairPage, CheckPage } from './views/counter.tsx';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const form = (properties: Record<string, unknown>) => ({ type: 'object', properties: { ...properties, _csrf: { type: 'string', maxLength: 200 } } });
const asset = (file: string) => path.join(import.meta.dirname, 'assets', file);

/**
 * The counter tablet (`/verify-id`): paired once with the relying party's key (kept in an
 * HttpOnly cookie), it starts a check, shows the QR and link, and shows the answer.
 */
export function counterRoutes(conn: AnyDb, ctx: VerifierRuntime) {
  const deviceCookie = cookieName('hanaro-verifier', ctx.secureCookies);
  const partyOf = async (request: FastifyRequest) => {
    const key = request.cookies[deviceCookie];
    return key ? store.findRelyingPartyByKeyHash(conn, rpKeyHashOf(key)) : undefined;
  };
  const requireParty = async (request: FastifyRequest) => {
    const party = await partyOf(request);
    if (!party) throw new AppError(403, 'device_not_paired', 'verifier.error.notPaired');
    return party;
  };
  const file = (name: string, type: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type(type).header('cache-control', 'public, max-age=3600').send(fs.createReadStream(asset(name)));

  return async function routes(app: FastifyInstance) {
    app.get('/assets/verifier/verify-id.js', file('verify-id.js', 'text/javascript; charset=utf-8'));
    app.get('/assets/verifier/verify-id.css', file('verify-id.css', 'text/css; charset=utf-8'));

    app.get('/verify-id', async (request, reply) => {
      const party = await partyOf(request);
      if (!party) return reply.page((shell) => <PairPage shell={shell} />);
      return reply.page((shell) => <ChecksPage shell={shell} party={party} />);
    });

    app.post('/verify-id/pair', { schema: { body: form({ key: { type: 'string', maxLength: 200 } }) } }, async (request, reply) => {
      const key = ((request.body as { key?: string }).key ?? '').trim();
      const party = key ? await store.findRelyingPartyByKeyHash(conn, rpKeyHashOf(key)) : undefined;
      if (!party) return reply.page((shell) => <PairPage shell={shell} failed />, 400);
      reply.setCookie(deviceCookie, key, { ...cookieOptions(ctx.secureCookies, 365 * 24 * 3600), sameSite: 'strict' });
      return reply.redirect('/verify-id', 303);
    });

    app.post('/verify-id/unpair', { schema: { body: form({}) } }, async (_request, reply) => {
      reply.clearCookie(deviceCookie, { path: '/' });
      return reply.redirect('/verify-id', 303);
    });

    app.post('/verify-id/checks', { schema: { body: form({ check: { type: 'string', maxLength: 64 } }) } }, async (request, reply) => {
      const party = await requireParty(request);
      const check = (request.body as { check?: string }).check ?? '';
      if (!party.checks.includes(check)) return reply.page((shell) => <ChecksPage shell={shell} party={party} failed />, 400);
      const created = await createPresentationRequest(conn, party, check, { publicUrl: ctx.publicUrl, who: { actor: `relying_party:${party.id}`, requestId: request.id } });
      return reply.redirect(`/verify-id/checks/${created.id}`, 303);
    });

    app.get('/verify-id/checks/:id', { schema: { params: idParam } }, async (request, reply) => {
      const party = await requireParty(request);
      const row = await store.findPartyRequest(conn, party.id, (request.params as { id: string }).id);
      if (!row) throw notFound();
      const status = statusOf(row);
      const link = authorizationRequestLink(party.client_id, requestUriOf(ctx.publicUrl, row.id));
      const qr = status === 'pending' ? await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 320 }) : '';
      return reply.page((shell) => <CheckPage shell={shell} party={party} request={row} status={status} link={link} qr={qr} />);
    });

    app.get('/verify-id/checks/:id/status', { schema: { params: idParam } }, async (request, reply) => {
      const party = await requireParty(request);
      const row = await store.findPartyRequest(conn, party.id, (request.params as { id: string }).id);
      if (!row) throw notFound();
      return reply.header('cache-control', 'no-store').send({ status: statusOf(row) });
    });
  };
}
