import { createHmac, hkdfSync } from 'node:crypto';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import { isDatabaseUnreachable } from '../../platform/db/unreachable.ts';
import { assetUrl } from '../../platform/web/asset-urls.ts';
import { databaseAdapter } from './adapter.ts';
import { accountFinder, ACR_VALUES, RESIDENT_SCOPES } from './claims.ts';
import { loadSigningJwks } from './signing-keys.ts';
import { findGrantIds } from './store.ts';
import { PORTAL_CLIENT_ID, portalClientMetadata } from './portal-client.ts';
import { resourceOfClient, type PlatformResource } from './platform-resources.ts';
import { platformClients, platformResourceServer, richAuthorizationRequests } from './provider-resources.ts';
import { apiResourceOf, INTERACTION_PATH, issuerOf, residentOf } from './provider-paths.ts';

export interface SsoSettings {
  publicUrl: string;
  secret: string;
  /** Seconds an access token (user or client credentials) lives. */
  accessTokenTtl: number;
  /** Trust X-Forwarded-* from the proxy in front, as Fastify does. */
  behindProxy: boolean;
  /** Hanaro's own APIs its own apps call for a resident (the credential issuer for the wallet). */
  resources?: readonly PlatformResource[];
  /** The scopes agency systems may hold on Hanaro's JSON APIs (client-credentials tokens). */
  apiScopes: readonly string[];
}

/** The provider's session follows Hanaro's: signed out, someone else, or a stronger sign-in asks again. */
function interactions() {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(new interactionPolicy.Check('hanaro_session', 'the Hanaro session ended, changed or is stronger now', 'login_required', (ctx) => {
    // The portal signs in to make that session: it asks for a fresh login every time (prompt=login).
    if (ctx.oidc.client?.clientId === PORTAL_CLIENT_ID) return false;
    const resident = residentOf(ctx);
    const session = ctx.oidc.session;
    return !resident || !!resident.representative || session?.accountId !== resident.residentId || session.acr !== resident.assurance
      || methodsOf(session.amr) !== methodsOf(resident.amr);
  }), 0);
  return { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}`, policy };
}

const methodsOf = (amr: readonly string[] | undefined) => [...amr ?? []].sort().join(' ');

/**
 * A pairwise `sub` (OIDC Core 8.1) with each client as its own sector: a keyed hash of the client and
 * the resident, so two services cannot join what they know about someone by `sub`, even on one host.
 */
function pairwiseSubject(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'hanaro', 'oidc-pairwise-sub/v1', 32));
  return async (_ctx: unknown, accountId: string, client: { clientId: string }) =>
    createHmac('sha256', key).update(`${client.clientId}\n${accountId}`).digest('base64url');
}

export async function buildProvider(conn: AnyDb, s: SsoSettings): Promise<Provider> {
  const apiResource = apiResourceOf(s.publicUrl);
  const resources = s.resources ?? [];
  const configuration: Configuration = {
    adapter: databaseAdapter(conn, s.secret),
    jwks: await loadSigningJwks(conn, s.secret),
    findAccount: accountFinder(conn),
    claims: RESIDENT_SCOPES,
    scopes: [...Object.keys(RESIDENT_SCOPES), ...s.apiScopes],
    acrValues: [...ACR_VALUES],
    responseTypes: ['code'],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: pairwiseSubject(s.secret),
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'none'],
    clients: [...platformClients(resources), portalClientMetadata(s.publicUrl, s.secret)],
    pkce: { required: () => true },
    interactions: interactions(),
    cookies: { keys: [Buffer.from(hkdfSync('sha256', s.secret, 'hanaro', 'oidc-cookies/v1', 32)).toString('base64url')] },
    extraClientMetadata: { properties: ['hanaro_agency'] },
    extraTokenClaims: async (ctx, token) =>
      token.kind === 'ClientCredentials' ? { agency_id: ctx.oidc.client?.metadata().hanaro_agency } : undefined,
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session!.accountId!;
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(clientId) || (await findGrantIds(conn, accountId, clientId))[0];
      const grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (grant || clientId !== PORTAL_CLIENT_ID) return grant;
      // The portal is Hanaro's own: it asks only who signed in, and nobody is asked to agree to that.
      const firstParty = new ctx.oidc.provider.Grant({ clientId, accountId });
      firstParty.addOIDCScope('openid');
      await firstParty.save();
      return firstParty;
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client) =>
          (ctx.oidc.params?.grant_type === 'client_credentials' ? apiResource : resourceOfClient(resources, client?.clientId)?.indicator),
        useGrantedResource: () => false,
        getResourceServerInfo: async (_ctx, indicator, client) => {
          const platform = await platformResourceServer(resources, indicator, client?.clientId, s.accessTokenTtl);
          if (platform) return platform;
          if (indicator !== apiResource) throw new errors.InvalidTarget();
          return { scope: s.apiScopes.join(' '), audience: apiResource, accessTokenTTL: s.accessTokenTtl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
      richAuthorizationRequests: richAuthorizationRequests(resources),
    },
    renderError: async (ctx, out, error) => {
      ctx.type = 'html';
      ctx.body = isDatabaseUnreachable(error) ? unavailablePage() : errorPage(out);
    },
    ttl: {
      AccessToken: s.accessTokenTtl,
      ClientCredentials: s.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: 180 * 24 * 3600,
    },
  };
  const provider = new Provider(issuerOf(s.publicUrl), configuration);
  provider.proxy = s.behindProxy;
  // As everywhere else in Hanaro, a database out of reach (or every connection busy past the
  // wait) is the platform's 503 with Retry-After, not a 500 that blames the service that sent
  // the resident: the provider calls this after its error page or JSON is set, before it is sent.
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (!isDatabaseUnreachable(error)) return;
    ctx.status = 503;
    ctx.set('retry-after', '120');
    if (ctx.type !== 'text/html') ctx.body = { error: 'temporarily_unavailable', error_description: 'Hanaro is temporarily unavailable; try again in a few minutes.' };
  });
  return provider;
}

const escape = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a browser sees while the provider cannot reach the database: nobody's fault but Hanaro's, and short-lived. */
function unavailablePage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title><link rel="stylesheet" href="${assetUrl('hanaro.css')}"></head>
<body><main id="main" class="container"><h1>Hanaro is temporarily unavailable</h1>
<p>Signing in cannot be finished just now. Try again in a few minutes; the <a href="/status">service status</a> page says more.</p></main></body></html>`;
}

/** What a browser sees when a service sent a request Hanaro refuses (an unknown redirect URI…). */
function errorPage(out: { error?: unknown; error_description?: unknown }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in request refused</title><link rel="stylesheet" href="${assetUrl('hanaro.css')}"></head>
<body><main id="main" class="container"><h1>Sign-in request refused</h1>
<p>The service that sent you here made a request Hanaro cannot accept. Go back to the service and try again, or contact it.</p>
<p><code>${escape(out.error)}</code>: ${escape(out.error_description)}</p><p><a href="/">Hanaro</a></p></main></body></html>`;
}
