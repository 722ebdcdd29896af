import type { CredentialType, Text } from '../packs/index.ts';
import { configurationsOf } from './configurations.ts';
import type { CredentialSettings } from './settings.ts';
import { issuerOf } from '../sso/index.ts';

const display = (text: Text) => Object.entries(text).map(([locale, name]) => ({ name, locale }));
const PROOF_TYPES = { jwt: { proof_signing_alg_values_supported: ['ES256'] } };

/** Credential Issuer Metadata (OpenID4VCI §12.2): every type of the pack in each of its formats. */
export function credentialIssuerMetadata(types: CredentialType[], settings: CredentialSettings): Record<string, unknown> {
  const base = settings.publicUrl;
  const configurations: Record<string, unknown> = {};
  for (const type of types) {
    for (const c of configurationsOf(type)) {
      const mdoc = type.formats.mso_mdoc;
      const claims = type.claims.map((claim) => ({ path: c.format === 'mso_mdoc' ? [mdoc!.namespace, claim.name] : [claim.name], display: display(claim.label) }));
      configurations[c.id] = {
        format: c.format, scope: type.id,
        ...(c.format === 'mso_mdoc' ? { doctype: mdoc!.doctype, credential_signing_alg_values_supported: [-7], cryptographic_binding_methods_supported: ['cose_key'] }
          : { vct: type.formats['dc+sd-jwt']!.vct, credential_signing_alg_values_supported: ['ES256'], cryptographic_binding_methods_supported: ['jwk'] }),
        proof_types_supported: PROOF_TYPES,
        credential_metadata: { display: display(type.title), claims },
      };
    }
  }
  return {
    // The issuer's own for pre-authorized codes; Hanaro's OpenID Provider for the authorization code flow.
    credential_issuer: base, authorization_servers: [base, issuerOf(base)],
    credential_endpoint: `${base}/oid4vci/credential`, nonce_endpoint: `${base}/oid4vci/nonce`,
    display: display(settings.country.name), credential_configurations_supported: configurations,
  };
}

/** Authorization Server Metadata (RFC 8414) for the pre-authorized code grant, DPoP-bound (HAIP). */
export function authorizationServerMetadata(settings: CredentialSettings): Record<string, unknown> {
  const base = settings.publicUrl;
  return {
    issuer: base, token_endpoint: `${base}/oid4vci/token`,
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    dpop_signing_alg_values_supported: ['ES256'],
  };
}
