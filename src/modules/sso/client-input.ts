import { createPublicKey } from 'node:crypto';
import { ACR_VALUES, RESIDENT_CLAIMS } from './claims.ts';
import type { AuthMethod, SubjectType } from './store.ts';

/** A client as an agency administrator describes it, from the back office or the GovStack API. */
export interface ClientInput {
  name: string;
  logoUri: string | null;
  redirectUris: string[];
  grantTypes: string[];
  authMethod: AuthMethod;
  publicJwk: JsonWebKey | null;
  userClaims: string[];
  apiScopes: string[];
  acrValues: string[];
  status: 'active' | 'inactive';
  /** The `sub` it sees: pairwise (its own for each resident, the default) or public. */
  subjectType?: SubjectType;
}

/** What the platform brings to a client's registration: the key that seals client secrets and the API scopes it offers. */
export interface ClientPolicy { secret: string; apiScopes: readonly string[] }

/** One thing wrong with it: the field and a GovStack error code. */
export interface ClientProblem { field: keyof ClientInput | 'clientId'; code: string }

export const GRANT_TYPES = ['authorization_code', 'client_credentials'] as const;
export const AUTH_METHODS: readonly AuthMethod[] = ['private_key_jwt', 'client_secret_basic'];
export const SUBJECT_TYPES: readonly SubjectType[] = ['pairwise', 'public'];
export const CLIENT_ID = /^[A-Za-z0-9][\w.-]{0,49}$/;

// GovStack's ACR names, mapped to Hanaro's levels of assurance.
const GOVSTACK_ACR: Record<string, string> = {
  'idbb:acr:static-code': 'low',
  'idbb:acr:generated-code': 'substantial',
  'idbb:acr:linked-wallet': 'high',
  'idbb:acr:biometrics': 'high',
  'idbb:acr:biometrics-generated-code': 'high',
  'idbb:acr:linked-wallet-static-code': 'high',
};
export const acrValueOf = (name: string): string => GOVSTACK_ACR[name] ?? name;

/** What is wrong with a client; `apiScopes` are the API scopes the platform offers agency systems. */
export function checkClientInput(input: ClientInput, apiScopes: readonly string[]): ClientProblem[] {
  const problems: ClientProblem[] = [];
  const bad = (field: ClientProblem['field'], code: string) => problems.push({ field, code });
  if (!input.name.trim() || input.name.length > 256) bad('name', 'invalid_client_name');
  if (input.logoUri && !isWebUrl(input.logoUri)) bad('logoUri', 'invalid_uri');
  if (!input.grantTypes.length || input.grantTypes.some((g) => !(GRANT_TYPES as readonly string[]).includes(g))) bad('grantTypes', 'invalid_grant_type');
  const interactive = input.grantTypes.includes('authorization_code');
  if (interactive && (!input.redirectUris.length || input.redirectUris.some((u) => !isRedirectUri(u)))) bad('redirectUris', 'invalid_redirect_uri');
  if (!AUTH_METHODS.includes(input.authMethod)) bad('authMethod', 'invalid_client_auth');
  if (input.authMethod === 'private_key_jwt' && !isPublicKey(input.publicJwk)) bad('publicJwk', 'invalid_public_key');
  if (input.userClaims.some((c) => !RESIDENT_CLAIMS.includes(c))) bad('userClaims', 'invalid_claim');
  if (input.apiScopes.some((s) => !apiScopes.includes(s)) || (input.apiScopes.length && !input.grantTypes.includes('client_credentials'))) bad('apiScopes', 'invalid_request');
  if (input.acrValues.some((a) => !(ACR_VALUES as readonly string[]).includes(a))) bad('acrValues', 'invalid_acr');
  if (input.subjectType !== undefined && !SUBJECT_TYPES.includes(input.subjectType)) bad('subjectType', 'invalid_subject_type');
  // Without a sector_identifier_uri (which Hanaro does not fetch), a pairwise client's redirect URIs share one host (OIDC Core 8.1).
  else if (interactive && (input.subjectType ?? 'pairwise') === 'pairwise' && !problems.some((p) => p.field === 'redirectUris')
    && new Set(input.redirectUris.map((u) => new URL(u).host)).size > 1) bad('redirectUris', 'pairwise_several_hosts');
  return problems;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && value.length <= 1024;
  } catch {
    return false;
  }
}

/** No fragment (RFC 6749 §3.1.2); plain http only for a machine's own loopback address. */
function isRedirectUri(value: string): boolean {
  if (!isWebUrl(value)) return false;
  const url = new URL(value);
  return !url.hash && (url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

function isPublicKey(jwk: JsonWebKey | null): boolean {
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk || !['EC', 'RSA', 'OKP'].includes(jwk.kty ?? '')) return false;
  try {
    createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}
