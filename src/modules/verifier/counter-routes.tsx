import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { cookieName, cookieOptions } from '../../platform/http/cookies.ts';
import type { VerifierRuntime } from './context.ts';
import { authorizationRequestLink, requestUriOf } from './create-presentation-request.ts';
import { trustUnavailable } from './kept-trust.ts';
import { engagementCodeFrom, engagementHash, isEngagementOpen } from './engage-wallet.ts';
import { statusOf } from './present-request.ts';
import { rpKeyHashOf } from './register-relying-party.ts';
import { ChecksPage, PairPage, CheckPage } from './views/counter.tsx';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const codeQuery = { type: 'object', properties: { code: { type: 'string', maxLength: 600 } } } as const;
const form = (properties: Record<string, unknown>) => ({ type: 'object', properties: { ...properties, _csrf: { type: 'string', maxLength: 200 } } });
const asset = (file: string) => path.join(import.meta.dirname, 'assets', file);

/**
 * The counter tablet (`/verify-id`): paired once with the relying party's key (kept in an
 * HttpOnly cookie), it starts a check, shows the QR and link, and shows the answer.
 */
export function counterRoutes(conn: AnyDb, ctx: VerifierRuntime) {
  const deviceCookie = cookieName('hanaro-verifier', ctx.secureCookies);
  // The tablet offers only the party's checks the pack still answers.
  const partyOf = async (request: FastifyRequest) => {
    const key = request.cookies[deviceCookie];
    const party = key ? await ctx.records.partyByKeyHash(rpKeyHashOf(key)) : undefined;
    return party && { ...party, checks: party.checks.filter((c) => ctx.checks().has(c)) };
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

    // A paired tablet keeps checking while the database is down (records.ts); pairing, a wallet's QR and unpairing need it.
    const config = { withoutDatabase: true } as const;
    app.get('/verify-id', { config }, async (request, reply) => {
      const party = await partyOf(request);
      if (!party) return reply.page((shell) => <PairPage shell={shell} />);
      return reply.page((shell) => <ChecksPage shell={shell} party={party} />);
    });

    app.post('/verify-id/pair', { schema: { body: form({ key: { type: 'string', maxLength: 200 } }) } }, async (request, reply) => {
      const key = ((request.body as { key?: string }).key ?? '').trim();
      const party = key ? await ctx.records.partyByKeyHash(rpKeyHashOf(key)) : undefined;
      if (!party) return reply.page((shell) => <PairPage shell={shell} failed />, 400);
      reply.setCookie(deviceCookie, key, { ...cookieOptions(ctx.secureCookies, 365 * 24 * 3600), sameSite: 'strict' });
      return reply.redirect('/verify-id', 303);
    });

    app.post('/verify-id/unpair', { schema: { body: form({}) } }, async (_request, reply) => {
      reply.clearCookie(deviceCookie, { path: '/' });
      return reply.redirect('/verify-id', 303);
    });

    // The customer's wallet showed its QR code: this tablet opened its link (camera) or had it typed in.
    app.get('/verify-id/engage', { schema: { querystring: codeQuery } }, async (request, reply) => {
      const party = await partyOf(request);
      if (!party) return reply.page((shell) => <PairPage shell={shell} />);
      const typed = (request.query as { code?: string }).code ?? '';
      const code = engagementCodeFrom(typed);
      if (!code || !(await isEngagementOpen(conn, code))) return reply.page((shell) => <ChecksPage shell={shell} party={party} readFailed={{ typed }} />, 400);
      return reply.page((shell) => <ChecksPage shell={shell} party={party} engagement={code} />);
    });

    app.post('/verify-id/checks', { config, schema: { body: form({ check: { type: 'string', maxLength: 64 }, engagement: { type: 'string', maxLength: 64 } }) } }, async (request, reply) => {
      const party = await requireParty(request);
      const body = request.body as { check?: string; engagement?: string };
      const check = body.check ?? '';
      const engagement = body.engagement ? engagementCodeFrom(body.engagement) : undefined;
      if (!party.checks.includes(check)) return reply.page((shell) => <ChecksPage shell={shell} party={party} failed engagement={engagement ?? undefined} />, 400);
      if (engagement === null) return reply.page((shell) => <ChecksPage shell={shell} party={party} readFailed={{ typed: body.engagement ?? '' }} />, 400);
      try {
        const created = await ctx.records.createRequest(party, check, {
          checks: ctx.checks(), who: { actor: `relying_party:${party.id}`, requestId: request.id }, ...(engagement ? { engagement: engagementHash(engagement) } : {}),
          beforeHolding: async () => { if (!(await ctx.trust.hasKeptRoots())) throw trustUnavailable('the database is down and no trust list is kept'); },
        });
        return reply.redirect(`/verify-id/checks/${created.id}`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'engagement_closed') return reply.page((shell) => <ChecksPage shell={shell} party={party} readFailed={{ typed: '' }} />, 400);
        throw error;
      }
    });

    app.get('/verify-id/checks/:id', { config, schema: { params: idParam } }, async (request, reply) => {
      const party = await requireParty(request);
      const row = await ctx.records.findPartyRequest(party.id, (request.params as { id: string }).id);
      if (!row) throw notFound();
      const status = statusOf(row);
      const link = authorizationRequestLink(party.client_id, requestUriOf(ctx.publicUrl, row.id));
      const engaged = status === 'pending' && await ctx.records.isRequestEngaged(row.id);
      const qr = status === 'pending' && !engaged ? await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 320 }) : '';
      return reply.page((shell) => <CheckPage shell={shell} party={party} request={row} check={ctx.checks().get(row.check_id)} status={status} link={link} qr={qr} engaged={engaged} />);
    });

    app.get('/verify-id/checks/:id/status', { config, schema: { params: idParam } }, async (request, reply) => {
      const party = await requireParty(request);
      const row = await ctx.records.findPartyRequest(party.id, (request.params as { id: string }).id);
      if (!row) throw notFound();
      return reply.header('cache-control', 'no-store').send({ status: statusOf(row) });
    });
  };
}
