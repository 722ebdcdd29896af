import type { ApiScope } from '../../platform/http/api-scopes.ts';
import type { ClientPolicy } from './client-input.ts';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type Provider from 'oidc-provider';
import type { SsoSettings } from './provider.ts';
import { ssoRoutes, type ProviderHolder } from './routes.tsx';
import { clientMgmtRoutes } from './client-mgmt-routes.ts';
import { ssoOfficeRoutes } from './office-routes.tsx';
import { ensureSigningKeys, publicSigningKeys, rotateSigningKeys } from './signing-keys.ts';
import { accessTokenVerifier } from './access-tokens.ts';
import type { PlatformResource } from './platform-resources.ts';
import { schedulePurge } from './purge-expired-models.ts';
import { portalSignInRoutes, type PortalOptions } from './portal-routes.tsx';
import { issuerOf } from './provider-paths.ts';
import type { JobQueue } from '../../platform/jobs.ts';

export { issuerOf, apiResourceOf } from './provider-paths.ts';
export { publicSigningKeys, rotateSigningKeys } from './signing-keys.ts';
export { CLIENT_MGMT_SCOPE, clientManagementApiScopes } from './client-mgmt-routes.ts';
export { registerClient } from './register-client.ts';
export { endProviderSessions, PROVIDER_SESSION_COOKIE } from './end-provider-sessions.ts';
export type { PlatformResource } from './platform-resources.ts';
export type { ClientInput, ClientPolicy } from './client-input.ts';

export const ssoMigrations: MigrationSource = { owner: 'sso', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/oidc-clients', titleKey: 'sso.office.title', leadKey: 'sso.officeLink.lead', roles: ['agency_admin'] },
];

/**
 * Hanaro as an OpenID Provider under /oidc: the portal itself signs in through it as a client, then
 * residents sign in to agency services with their Hanaro account; agency systems get
 * client-credentials tokens for Hanaro's APIs.
 */
export async function ssoModule(conn: AnyDb, config: Readonly<Config>, opts: { resources?: readonly PlatformResource[]; apiScopes?: readonly ApiScope[] } = {}) {
  const apiScopes = opts.apiScopes ?? [];
  const settings: SsoSettings = {
    publicUrl: config.publicUrl, secret: config.documentKeySecret,
    accessTokenTtl: config.oidcAccessTokenTtlSeconds, behindProxy: config.production, resources: opts.resources ?? [],
    apiScopes: apiScopes.map((s) => s.name),
  };
  const policy: ClientPolicy = { secret: settings.secret, apiScopes: settings.apiScopes };
  await ensureSigningKeys(conn, settings.secret);
  const holder = providerHolder(conn, settings);
  const portal: PortalOptions = {
    settings: { publicUrl: config.publicUrl, issuer: issuerOf(config.publicUrl), secret: settings.secret }, secureCookies: config.secureCookies,
    policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
  };
  return {
    /** Bearer verifier for client-credentials access tokens: add it to the API callers' list. */
    verifyAccessToken: accessTokenVerifier(conn, config.publicUrl),
    routes(verifiers: readonly BearerVerifier[]) {
      return async function sso(app: FastifyInstance) {
        await app.register(ssoRoutes(conn, holder, settings.resources, portal));
        await app.register(portalSignInRoutes(conn, portal));
        await app.register(clientMgmtRoutes(conn, policy, verifiers));
        await app.register(ssoOfficeRoutes(conn, policy, apiScopes));
      };
    },
    /** Sweeps expired provider state (sessions, codes, tokens, grants) every quarter of an hour. */
    schedulePurge: (jobs: JobQueue) => schedulePurge(conn, jobs),
    /** Publishes a fresh next key, starts signing with the published one, keeps the old one for verification. */
    async rotateSigningKeys(who: Actor): Promise<void> {
      await rotateSigningKeys(conn, settings.secret, who);
      await holder.rebuild();
    },
  };
}

// How often a node looks for keys rotated by another node or by `hanaro oidc rotate-keys`.
const KEY_CHECK_MS = 60_000;

/**
 * The provider, with oidc-provider itself (about 0.4 s and 40 MiB to load), imported and built on the
 * first request that needs it rather than at start; rebuilt when the published keys changed since.
 */
function providerHolder(conn: AnyDb, settings: SsoSettings): ProviderHolder & { rebuild(): Promise<void> } {
  let building: Promise<Provider> | undefined;
  const build = () => {
    const attempt = import('./provider.ts').then(({ buildProvider }) => buildProvider(conn, settings));
    // A failed build (the database was down) is tried again by the next request.
    attempt.catch(() => { if (building === attempt) building = undefined; });
    return building = attempt;
  };
  let checkedAt = Date.now();
  let kids: string | null = null;
  const kidsNow = async () => (await publicSigningKeys(conn)).map((k) => `${k.kid}:${k.state}`).sort().join(',');
  return {
    provider: () => building ?? build(),
    async rebuild() { await build(); },
    async refresh() {
      kids ??= await kidsNow();
      if (Date.now() - checkedAt < KEY_CHECK_MS) return;
      checkedAt = Date.now();
      const now = await kidsNow();
      if (now === kids) return;
      kids = now;
      await build();
    },
  };
}
