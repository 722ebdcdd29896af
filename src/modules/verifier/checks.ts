/**
 * The named checks a relying party may ask for. Each check names the credential types that can
 * answer it and the claims it needs, nothing more; the DCQL query is built from the pack's formats.
 */
export const CHECK_IDS = ['age-over-19', 'identity-account-opening', 'driving-licence'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const isCheckId = (value: unknown): value is CheckId => typeof value === 'string' && (CHECK_IDS as readonly string[]).includes(value);

interface CheckDefinition {
  /** Credential types (pack ids) any one of which answers the check. */
  credentialTypes: string[];
  claims: string[];
  /** A yes/no check: green only when this claim is `true`; the answer shows only yes or no. */
  predicate?: string;
}

// 19 is the demo country's legal adult age (packs/demo/country.yaml legalAges.adult).
const CHECKS: Record<CheckId, CheckDefinition> = {
  'age-over-19': { credentialTypes: ['mobile-resident-card', 'mobile-driving-licence'], claims: ['age_over_19'], predicate: 'age_over_19' },
  'identity-account-opening': { credentialTypes: ['mobile-resident-card'], claims: ['family_name', 'given_name', 'birth_date', 'resident_number', 'resident_address'] },
  'driving-licence': { credentialTypes: ['mobile-driving-licence'], claims: ['family_name', 'given_name', 'document_number', 'expiry_date', 'driving_privileges'] },
};

export const checkOf = (id: CheckId): CheckDefinition => CHECKS[id];

/** How a credential type is issued, as the pack says (`formats` of a credential type). */
export interface CredentialFormats {
  id: string;
  formats: { 'dc+sd-jwt'?: { vct: string }; mso_mdoc?: { doctype: string; namespace: string } };
}

export interface CredentialQuery {
  id: string;
  format: 'dc+sd-jwt' | 'mso_mdoc';
  meta: { vct_values: string[] } | { doctype_value: string };
  claims: { path: string[]; intent_to_retain?: boolean }[];
}

export interface DcqlQuery {
  credentials: CredentialQuery[];
  credential_sets?: { options: string[][] }[];
}

/** The DCQL query (OpenID4VP 1.0 §6) for a check: one credential query per type and format, any one of them enough. */
export function dcqlQueryFor(checkId: CheckId, types: readonly CredentialFormats[]): DcqlQuery {
  const check = CHECKS[checkId];
  const credentials: CredentialQuery[] = [];
  for (const typeId of check.credentialTypes) {
    const type = types.find((t) => t.id === typeId);
    const sdJwt = type?.formats['dc+sd-jwt'];
    const mdoc = type?.formats.mso_mdoc;
    if (sdJwt) credentials.push({ id: `q${credentials.length}`, format: 'dc+sd-jwt', meta: { vct_values: [sdJwt.vct] }, claims: check.claims.map((c) => ({ path: [c] })) });
    if (mdoc) credentials.push({ id: `q${credentials.length}`, format: 'mso_mdoc', meta: { doctype_value: mdoc.doctype }, claims: check.claims.map((c) => ({ path: [mdoc.namespace, c], intent_to_retain: false })) });
  }
  if (credentials.length === 0) throw new Error(`no credential type of the pack answers the check ${checkId}`);
  return credentials.length === 1 ? { credentials } : { credentials, credential_sets: [{ options: credentials.map((c) => [c.id]) }] };
}

/** Keeps only the check's own claims, whatever else a wallet disclosed. */
export function onlyRequestedClaims(checkId: CheckId, claims: Record<string, unknown>): Record<string, unknown> {
  const wanted = CHECKS[checkId].claims;
  return Object.fromEntries(wanted.filter((name) => Object.hasOwn(claims, name)).map((name) => [name, claims[name]]));
}
