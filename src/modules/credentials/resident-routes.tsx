import QRCode from 'qrcode';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, requireOwnIdentity } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { createOffer } from './offers.ts';
import { reportLostPhone } from './change-credential-status.ts';
import type { CredentialSettings } from './settings.ts';
import { findCredentialType, listCredentialTypes, listResidentCredentials } from './store.ts';
import { OfferPage, WalletPage } from './views/wallet.tsx';

/** The resident's side: their mobile credentials, offers to a wallet, and "I lost my phone". */
export function residentRoutes(conn: AnyDb, settings: CredentialSettings) {
  return async function routes(app: FastifyInstance) {
    app.get('/me/wallet', async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const [types, credentials] = await Promise.all([listCredentialTypes(conn), listResidentCredentials(conn, resident.residentId)]);
      const suspended = (request.query as { suspended?: string }).suspended;
      return reply.page((shell) => <WalletPage shell={shell} types={types} credentials={credentials} suspended={suspended === undefined ? null : Number(suspended) || 0} />);
    });

    app.get('/me/wallet/offer', { schema: { querystring: { type: 'object', required: ['type'], properties: { type: { type: 'string', maxLength: 64 } } } } }, async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const type = await findCredentialType(conn, (request.query as { type: string }).type);
      if (!type) throw notFound();
      const offer = await createOffer(conn, resident.residentId, type.id, settings, actorOf(request));
      const qr = await QRCode.toDataURL(offer.uri, { errorCorrectionLevel: 'L', margin: 2, width: 320 });
      return reply.page((shell) => <OfferPage shell={shell} type={type} offer={offer} qrDataUrl={qr} />);
    });

    app.post('/me/wallet/lost-phone', async (request, reply) => {
      const resident = requireOwnIdentity(request);
      const count = await reportLostPhone(conn, resident.residentId, actorOf(request));
      return reply.redirect(`/me/wallet?suspended=${count}`, 303);
    });
  };
}
