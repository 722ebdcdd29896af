import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { buildProvider, type SsoSettings } from './provider.ts';
import { ssoRoutes, type ProviderHolder } from './routes.tsx';
import { clientMgmtRoutes } from './client-mgmt-routes.ts';
import { ssoOfficeRoutes } from './office-routes.tsx';
import { ensureSigningKeys, publicSigningKeys, rotateSigningKeys } from './signing-keys.ts';
import { accessTokenVerifier } from './access-tokens.ts';

export { issuerOf, apiResourceOf } from './provider.ts';
export { publicSigningKeys, rotateSigningKeys } from './signing-keys.ts';
export { CLIENT_MGMT_SCOPE } from './client-mgmt-routes.ts';
export { API_SCOPES } from './claims.ts';
export { registerClient } from './register-client.ts';
export type { ClientInput } from './client-input.ts';

export const ssoMigrations: MigrationSource = { owner: 'sso', dir: path.join(import.meta.dirname, 'migrations') };

/**
 * Hanaro as an OpenID Provider under /oidc: residents sign in to agency services with their
 * Hanaro account; agency systems get client-credentials tokens for Hanaro's APIs.
 */
export async function ssoModule(conn: AnyDb, config: Readonly<Config>) {
  const settings: SsoSettings = {
    publicUrl: config.publicUrl, secret: config.documentKeySecret,
    accessTokenTtl: config.oidcAccessTokenTtlSeconds, behindProxy: config.production,
  };
  await ensureSigningKeys(conn, settings.secret);
  const holder: ProviderHolder = { current: await buildProvider(conn, settings), refresh: keysWatcher(conn, settings) };
  return {
    /** Bearer verifier for client-credentials access tokens: add it to the API callers' list. */
    verifyAccessToken: accessTokenVerifier(conn, config.publicUrl),
    routes(verifiers: readonly BearerVerifier[]) {
      return async function sso(app: FastifyInstance) {
        await app.register(ssoRoutes(conn, holder));
        await app.register(clientMgmtRoutes(conn, settings.secret, verifiers));
        await app.register(ssoOfficeRoutes(conn, settings.secret));
      };
    },
    /** Publishes a fresh next key, starts signing with the published one, keeps the old one for verification. */
    async rotateSigningKeys(who: Actor): Promise<void> {
      await rotateSigningKeys(conn, settings.secret, who);
      holder.current = await buildProvider(conn, settings);
    },
  };
}

// How often a node looks for keys rotated by another node or by `hanaro oidc rotate-keys`.
const KEY_CHECK_MS = 60_000;

/** Rebuilds the provider when the published keys changed since it was built. */
function keysWatcher(conn: AnyDb, settings: SsoSettings) {
  let checkedAt = Date.now();
  let kids: string | null = null;
  const kidsNow = async () => (await publicSigningKeys(conn)).map((k) => `${k.kid}:${k.state}`).sort().join(',');
  return async (holder: ProviderHolder): Promise<void> => {
    kids ??= await kidsNow();
    if (Date.now() - checkedAt < KEY_CHECK_MS) return;
    checkedAt = Date.now();
    const now = await kidsNow();
    if (now === kids) return;
    kids = now;
    holder.current = await buildProvider(conn, settings);
  };
}
