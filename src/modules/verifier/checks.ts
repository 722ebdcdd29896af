import { AppError } from '../../platform/http/errors.ts';

/**
 * The named checks a relying party may ask for, made from the pack: an age check for each of the
 * country's legal ages (country.yaml `legalAges`) that a credential type carries a predicate for
 * (`age_over_19` where the law says 19), then the fixed checks whose credential types the pack has.
 * Each names the credential types that can answer it and the claims it needs, nothing more; the
 * DCQL query is built from the pack's formats.
 */
export interface Check {
  id: string;
  /** Credential types (pack ids) any one of which answers the check. */
  credentialTypes: string[];
  claims: string[];
  /** A yes/no check: green only when this claim is `true`; the answer shows only yes or no. */
  predicate?: string;
  /** The formats asked for, in the order a wallet should prefer them (default: SD-JWT VC, then mdoc). */
  formats?: CredentialFormat[];
  /** What the pack's credential types call each claim, by language: a counter reads the issuer's words. */
  labels?: Record<string, Record<string, string>>;
}

/** The checks of a pack by id, in the order an office or a counter lists them. */
export type Checks = ReadonlyMap<string, Check>;

export type CredentialFormat = 'dc+sd-jwt' | 'mso_mdoc';

/** What the verifier reads of a pack's credential type: how it is issued (`formats`) and which of its claims are age predicates. */
export interface CredentialFormats {
  id: string;
  formats: { 'dc+sd-jwt'?: { vct: string }; mso_mdoc?: { doctype: string; namespace: string } };
  claims?: readonly { name: string; label?: Record<string, string>; derive?: string; legalAge?: string }[];
}

/** What of the country pack the checks are made from. */
export interface CheckSource {
  credentialTypes: readonly CredentialFormats[];
  country: { legalAges?: Record<string, number> };
}

const FIXED: Check[] = [
  { id: 'identity-account-opening', credentialTypes: ['mobile-resident-card'], claims: ['family_name', 'given_name', 'birth_date', 'resident_number', 'resident_address'] },
  // A licence is checked as the ISO 18013-5 mDL first, as licence readers do; the SD-JWT VC still answers.
  { id: 'driving-licence', credentialTypes: ['mobile-driving-licence'], claims: ['family_name', 'given_name', 'family_name_national_character', 'given_name_national_character', 'document_number', 'expiry_date', 'driving_privileges'], formats: ['mso_mdoc', 'dc+sd-jwt'] },
];

/** An age is asked of the identity card before any other type, as a counter asks for an ID card before a licence. */
const ASKED_FIRST = 'mobile-resident-card';

/** `age-over-19` is the check of age 19: the id says the age, so its words need nothing else. */
export const ageOfCheck = (id: string): number | undefined => {
  const age = /^age-over-(\d{1,3})$/.exec(id)?.[1];
  return age === undefined ? undefined : Number(age);
};

/** The checks a pack's credential types can answer, age checks (youngest first) before the fixed ones. */
export function checksOf(pack: CheckSource): Checks {
  const legalAges = pack.country.legalAges ?? {};
  const checks = new Map<string, Check>();
  for (const age of [...new Set(Object.values(legalAges))].sort((a, b) => a - b)) {
    // ISO 18013-5 names the predicate by its age, and the pack rules hold its name to its legal age.
    const predicate = `age_over_${age}`;
    const types = pack.credentialTypes.filter((t) => t.claims?.some((c) => c.name === predicate && c.derive === 'age-over' && legalAges[c.legalAge ?? ''] === age))
      .map((t) => t.id).sort((a, b) => Number(b === ASKED_FIRST) - Number(a === ASKED_FIRST));
    if (types.length > 0) checks.set(`age-over-${age}`, { id: `age-over-${age}`, credentialTypes: types, claims: [predicate], predicate });
  }
  for (const check of FIXED) {
    if (check.credentialTypes.some((id) => pack.credentialTypes.some((t) => t.id === id))) checks.set(check.id, { ...check, labels: labelsOf(check, pack.credentialTypes) });
  }
  return checks;
}

/** Each claim of the check under the label of the first of its credential types that has one. */
function labelsOf(check: Check, types: readonly CredentialFormats[]): Record<string, Record<string, string>> {
  const answering = check.credentialTypes.map((id) => types.find((t) => t.id === id));
  const labels: Record<string, Record<string, string>> = {};
  for (const name of check.claims) {
    const label = answering.flatMap((t) => t?.claims ?? []).find((c) => c.name === name && c.label)?.label;
    if (label) labels[name] = label;
  }
  return labels;
}

/** The check a request asks for; one the pack does not (or no longer) answer is refused. */
export function checkIn(checks: Checks, id: string): Check {
  const check = checks.get(id);
  if (!check) throw new AppError(400, 'unknown_check', 'verifier.error.unknownCheck', { field: 'check' });
  return check;
}

export interface CredentialQuery {
  id: string;
  format: CredentialFormat;
  meta: { vct_values: string[] } | { doctype_value: string };
  claims: { path: string[]; intent_to_retain?: boolean }[];
}

export interface DcqlQuery {
  credentials: CredentialQuery[];
  credential_sets?: { options: string[][] }[];
}

/** The DCQL query (OpenID4VP 1.0 §6) for a check: one credential query per type and format, any one of them enough. */
export function dcqlQueryFor(check: Check, types: readonly CredentialFormats[]): DcqlQuery {
  const credentials: CredentialQuery[] = [];
  for (const typeId of check.credentialTypes) {
    const type = types.find((t) => t.id === typeId);
    for (const format of check.formats ?? ['dc+sd-jwt', 'mso_mdoc']) {
      const id = `q${credentials.length}`;
      const sdJwt = format === 'dc+sd-jwt' ? type?.formats['dc+sd-jwt'] : undefined;
      const mdoc = format === 'mso_mdoc' ? type?.formats.mso_mdoc : undefined;
      if (sdJwt) credentials.push({ id, format, meta: { vct_values: [sdJwt.vct] }, claims: check.claims.map((c) => ({ path: [c] })) });
      if (mdoc) credentials.push({ id, format, meta: { doctype_value: mdoc.doctype }, claims: check.claims.map((c) => ({ path: [mdoc.namespace, c], intent_to_retain: false })) });
    }
  }
  if (credentials.length === 0) throw new Error(`no credential type of the pack answers the check ${check.id}`);
  return credentials.length === 1 ? { credentials } : { credentials, credential_sets: [{ options: credentials.map((c) => [c.id]) }] };
}

/** Keeps only the check's own claims, whatever else a wallet disclosed. */
export function onlyRequestedClaims(check: Check, claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(check.claims.filter((name) => Object.hasOwn(claims, name)).map((name) => [name, claims[name]]));
}
