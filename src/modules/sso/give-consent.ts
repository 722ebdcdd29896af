import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';

/**
 * The resident lets a client know what it asked for: the missing scopes, claims and API scopes
 * are added to their grant for that client, which later sign-ins reuse without asking again.
 */
export async function giveConsent(conn: AnyDb, provider: Provider, details: Interaction, agencyId: string | null, who: Actor): Promise<string> {
  const { accountId } = details.session!;
  const clientId = details.params.client_id as string;
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined)
    ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]>; rar?: Record<string, unknown>[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const granted = new Set((grant.rar ?? []).map((d) => JSON.stringify(d)));
  for (const detail of missing.rar ?? []) if (!granted.has(JSON.stringify(detail))) grant.addRar(detail as never);
  const grantId = await grant.save();
  await conn.transaction().execute((trx) => recordAudit(trx, who, {
    agencyId, action: 'oidc.consent_given', target: `oidc-client:${clientId}`,
    details: { scopes: missing.missingOIDCScope ?? [], claims: missing.missingOIDCClaims ?? [], resourceScopes: missing.missingResourceScopes ?? {}, authorizationDetails: missing.rar ?? [] },
  }));
  return grantId;
}
