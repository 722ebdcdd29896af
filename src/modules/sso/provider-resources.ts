import { errors, type AuthorizationDetail, type ClientMetadata, type KoaContextWithOIDC, type RichAuthorizationRequestsConfiguration } from 'oidc-provider';
import { resourceOfClient, type PlatformResource } from './platform-resources.ts';

// The provider's view of the platform resources: imported with oidc-provider itself (provider.ts), not at start.

/** Static clients: the platform registers its own apps; agencies register theirs in the office. */
export function platformClients(resources: readonly PlatformResource[]): ClientMetadata[] {
  return resources.map((r) => ({
    client_id: r.client.id, client_name: r.client.name.en ?? Object.values(r.client.name)[0],
    redirect_uris: r.client.redirectUris, grant_types: ['authorization_code'], response_types: ['code'],
    token_endpoint_auth_method: 'none', dpop_bound_access_tokens: true, subject_type: 'public', scope: 'openid',
    ...(r.authorizationDetails ? { authorization_details_types: [r.authorizationDetails.type] } : {}),
  }));
}

/** The resource server a platform indicator names: only its own client may get tokens for it. */
export async function platformResourceServer(resources: readonly PlatformResource[], indicator: string, clientId: string | undefined, accessTokenTtl: number) {
  const resource = resources.find((r) => r.indicator === indicator);
  if (!resource) return undefined;
  if (resource.client.id !== clientId) throw new errors.InvalidTarget('this client may not ask for that resource');
  return {
    scope: (await resource.scopes()).map((s) => s.scope).join(' '), audience: indicator, accessTokenTTL: accessTokenTtl,
    accessTokenFormat: 'jwt' as const, jwt: { sign: { alg: 'ES256' as const } },
  };
}

/**
 * Rich authorization requests for the platform resources' detail types: a detail is checked when
 * asked, kept in the grant when the resident agrees, and carried into the code and the access token.
 */
export function richAuthorizationRequests(resources: readonly PlatformResource[]): RichAuthorizationRequestsConfiguration {
  const types = Object.fromEntries(resources.filter((r) => r.authorizationDetails).map((r) => [r.authorizationDetails!.type, {
    async validate(ctx: KoaContextWithOIDC, detail: AuthorizationDetail) {
      if (resourceOfClient(resources, ctx.oidc.client?.clientId) !== r) throw new errors.InvalidAuthorizationDetails(`${detail.type} is not for this client`);
      if (!(await r.authorizationDetails!.describe(detail))) throw new errors.InvalidAuthorizationDetails(`unknown ${detail.type} authorization detail`);
    },
  }]));
  return {
    enabled: Object.keys(types).length > 0,
    types,
    // What the code carries: the details the resident agreed to that this request asked for.
    authorizationDetailsForGrantSource: async (ctx: KoaContextWithOIDC) => {
      const asked = requested(ctx);
      const granted = ctx.oidc.grant?.rar ?? [];
      return asked.filter((d) => granted.some((g) => sameDetail(g, d)));
    },
    authorizationDetailsForAccessToken: async (_ctx, _token, source) => source?.rar ?? [],
    authorizationDetailsForIntrospection: async (_ctx, token) => token.rar ?? [],
  };
}

function requested(ctx: KoaContextWithOIDC): AuthorizationDetail[] {
  const raw = ctx.oidc.params?.authorization_details;
  if (typeof raw !== 'string') return [];
  try {
    return JSON.parse(raw) as AuthorizationDetail[];
  } catch {
    return [];
  }
}

const canonical = (d: Record<string, unknown>) => JSON.stringify(Object.keys(d).sort().map((k) => [k, d[k]]));
const sameDetail = (a: Record<string, unknown>, b: Record<string, unknown>) => canonical(a) === canonical(b);
