import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../packs/index.ts';
import { walletRoutes } from './routes.tsx';

/** The resident's web wallet (a PWA under /wallet/): receives credentials over OpenID4VCI and presents them over OpenID4VP. */
export function walletModule(conn: AnyDb, ctx: { countryName: Text }) {
  return async function wallet(app: FastifyInstance) {
    await app.register(walletRoutes(conn, ctx));
  };
}
