import type { AnyDb } from '../../platform/db/database.ts';
import type { PlatformResource } from '../sso/index.ts';
import type { Text } from '../packs/index.ts';
import { configurationsOf, parseConfigurationId } from './configurations.ts';
import type { CredentialSettings } from './settings.ts';
import { findCredentialType, listCredentialTypes } from './store.ts';

/** The web wallet as an OAuth client of Hanaro's OpenID Provider: public, PKCE, DPoP-bound tokens. */
export const WALLET_CLIENT_ID = 'hanaro-wallet';
export const OPENID_CREDENTIAL = 'openid_credential';
export const walletRedirectUri = (publicUrl: string) => `${publicUrl}/wallet/authorized`;

const WALLET_WORD: Record<string, string> = { ko: '전자지갑', en: 'wallet' };

/**
 * The credential issuer as a resource of Hanaro's OpenID Provider (OpenID4VCI authorization code
 * flow): a scope per credential type (both its formats), or an `openid_credential` authorization
 * detail per credential configuration; the resident agrees on Hanaro's consent page.
 */
export function credentialResource(conn: AnyDb, settings: CredentialSettings): PlatformResource {
  const name: Text = Object.fromEntries(Object.entries(settings.country.name).map(([locale, country]) => [locale, `${country} ${WALLET_WORD[locale] ?? WALLET_WORD.en}`]));
  return {
    indicator: settings.publicUrl,
    client: { id: WALLET_CLIENT_ID, name, redirectUris: [walletRedirectUri(settings.publicUrl)] },
    scopes: async () => (await listCredentialTypes(conn)).map((type) => ({ scope: type.id, title: type.title })),
    authorizationDetails: {
      type: OPENID_CREDENTIAL,
      async describe(detail) {
        const id = detail.credential_configuration_id;
        const parsed = typeof id === 'string' ? parseConfigurationId(id) : null;
        const type = parsed && await findCredentialType(conn, parsed.typeId);
        return type && configurationsOf(type).some((c) => c.id === id) ? type.title : null;
      },
    },
  };
}
