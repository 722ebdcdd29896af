import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../packs/index.ts';
import { requireOwnIdentity } from '../../platform/http/guards.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { accessCaCertificate } from '../verifier/index.ts';
import { WALLET_CLIENT_ID } from '../credentials/index.ts';
import { checkCredentialIssuer, checkMdocIssuer } from './check-issuer.ts';
import { AuthorizedPage, GetPage, PresentPage, ReceivePage, ScanPage, ShowPage, WalletHomePage } from './views/wallet.tsx';

const ASSETS = path.join(import.meta.dirname, 'assets');
const SCRIPTS = new Set(['wallet-get.js', 'wallet-authorized.js', 'wallet-issuance.js', 'wallet-pending.js', 'wallet-home.js', 'wallet-receive.js', 'wallet-present.js', 'wallet-scan.js', 'wallet-show.js', 'wallet-crypto.js', 'wallet-cbor.js', 'wallet-store.js', 'wallet-claims.js', 'wallet-cards.js', 'wallet-sw-register.js']);
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
/** An SD-JWT VC's issuer-signed JWT, or (format mso_mdoc) an mdoc's IssuerAuth as base64url CBOR with the doctype it was offered as. */
const issuerCheckBody = { type: 'object', required: ['credential'], additionalProperties: false, properties: {
  credential: { type: 'string', minLength: 1, maxLength: 65_536 }, format: { type: 'string', enum: ['dc+sd-jwt', 'mso_mdoc'] }, doctype: { type: 'string', minLength: 1, maxLength: 200 },
} } as const;
const fileParam = { type: 'object', required: ['file'], properties: { file: { type: 'string', maxLength: 64 } } } as const;

/** The web wallet: its pages (shells its scripts fill from IndexedDB), the PWA manifest, the service worker and the trust it needs. */
export function walletRoutes(conn: AnyDb, ctx: { countryName: Text }) {
  const send = (reply: FastifyReply, file: string, cache: string) =>
    reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').header('cache-control', cache).send(fs.createReadStream(path.join(ASSETS, file)));

  return async function routes(app: FastifyInstance) {
    app.get('/assets/wallet/:file', { schema: { params: fileParam } }, async (request, reply) => {
      const file = (request.params as { file: string }).file;
      if (!SCRIPTS.has(file) && file !== 'wallet.css' && file !== 'wallet-icon.svg') throw notFound();
      // Revalidated each time: the service worker keeps the offline copy.
      return send(reply, file, 'no-cache');
    });

    // Served from /wallet/ so that its scope is the wallet's pages and nothing else.
    app.get('/wallet/sw.js', async (_request, reply) => send(reply, 'wallet-sw.js', 'no-cache'));

    app.get('/wallet/manifest.webmanifest', async (request, reply) => reply.type('application/manifest+json').header('cache-control', 'no-cache').send({
      name: request.tr.t('wallet.manifest.name', { country: request.tr.text(ctx.countryName) }),
      short_name: request.tr.t('wallet.manifest.shortName'),
      lang: request.tr.locale, start_url: '/wallet/', scope: '/wallet/', display: 'standalone',
      background_color: '#ffffff', theme_color: '#0b3d91',
      icons: [{ src: '/assets/wallet/wallet-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    }));

    // The access CA that signs registered verifiers' certificates: a request must chain to it.
    app.get('/wallet/trust', async (_request, reply) => {
      const ca = await accessCaCertificate(conn);
      return reply.header('cache-control', 'no-cache').send({ verifierAccessCa: ca ? Buffer.from(ca).toString('base64') : null });
    });

    // A just-received credential's issuer, checked as a verifier checks it, before the wallet keeps it. Nothing changes here: no CSRF token.
    app.post('/wallet/issuer-check', { config: { csrf: false }, schema: { body: issuerCheckBody } }, async (request, reply) => {
      const body = request.body as { credential: string; format?: 'dc+sd-jwt' | 'mso_mdoc'; doctype?: string };
      if (body.format === 'mso_mdoc' && !body.doctype) throw new AppError(400, 'invalid_request', 'error.invalidRequest', { field: 'doctype' });
      const check = body.format === 'mso_mdoc'
        ? await checkMdocIssuer(conn, Buffer.from(body.credential, 'base64url'), body.doctype!, new Date())
        : await checkCredentialIssuer(conn, body.credential, new Date());
      return reply.code(check.trusted ? 200 : 422).header('cache-control', 'no-store').send(check);
    });

    app.get('/wallet/', async (_request, reply) => reply.page((shell) => <WalletHomePage shell={shell} />));
    app.get('/wallet/receive', async (request: FastifyRequest, reply) => {
      requireOwnIdentity(request);
      return reply.header('cache-control', 'no-store').page((shell) => <ReceivePage shell={shell} />);
    });
    // The authorization code flow: the wallet asks Hanaro's OpenID Provider, the resident signs in and agrees there.
    app.get('/wallet/get', async (_request, reply) => reply.page((shell) => <GetPage shell={shell} clientId={WALLET_CLIENT_ID} />));
    app.get('/wallet/authorized', async (_request, reply) => reply.header('cache-control', 'no-store').page((shell) => <AuthorizedPage shell={shell} clientId={WALLET_CLIENT_ID} />));
    app.get('/wallet/present', async (_request, reply) => reply.page((shell) => <PresentPage shell={shell} />));
    app.get('/wallet/scan', async (_request, reply) => reply.page((shell) => <ScanPage shell={shell} />));
    app.get('/wallet/show', async (_request, reply) => reply.page((shell) => <ShowPage shell={shell} />));
  };
}
