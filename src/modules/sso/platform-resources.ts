import type { Text } from '../../platform/i18n/i18n.ts';

/**
 * An API of Hanaro itself that a resident lets one of Hanaro's own apps use for them, such as the
 * credential issuer for the wallet (OpenID4VCI authorization code flow). Its access tokens are
 * JWTs for its `indicator`, DPoP-bound, granted on Hanaro's consent page.
 */
export interface PlatformResource {
  /** The resource indicator (RFC 8707) and the `aud` of its access tokens. */
  indicator: string;
  /** The platform's own public client that asks for it: PKCE and DPoP, no secret. */
  client: { id: string; name: Text; redirectUris: string[] };
  /** The scopes it serves now, each with what the resident is asked to agree to. */
  scopes(): Promise<{ scope: string; title: Text }[]>;
  /** Rich authorization request details (RFC 9396) of `type` it serves: what the resident is asked, or null for a detail it does not know. */
  authorizationDetails?: { type: string; describe(detail: Record<string, unknown>): Promise<Text | null> };
}

/** The platform resource a client may ask for, if it is one of the platform's own clients. */
export const resourceOfClient = (resources: readonly PlatformResource[], clientId: string | undefined) =>
  resources.find((r) => r.client.id === clientId);

/** What a platform client asks of its resource in an interaction: the scopes and details the resident has not agreed to yet. */
export async function platformAsks(resource: PlatformResource, details: { missingResourceScopes?: Record<string, string[]>; rar?: Record<string, unknown>[] }): Promise<Text[]> {
  const scopes = new Map((await resource.scopes()).map((s) => [s.scope, s.title]));
  const asked = (details.missingResourceScopes?.[resource.indicator] ?? []).map((s) => scopes.get(s)).filter((t): t is Text => !!t);
  for (const detail of details.rar ?? []) {
    const title = resource.authorizationDetails && detail.type === resource.authorizationDetails.type ? await resource.authorizationDetails.describe(detail) : null;
    if (title) asked.push(title);
  }
  return asked;
}
