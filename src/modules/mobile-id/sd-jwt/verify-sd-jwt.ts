import type { KeyObject } from 'node:crypto';
import { flattenedVerify, type JWK, type JWSHeaderParameters } from 'jose';
import { epochSeconds, refuse, type Clock } from '../refusal.ts';
import { requireValidStatus, type StatusChecker } from '../status-list/status-checker.ts';
import { isSdAlg, type SdAlg } from './disclosure.ts';
import { verifyKeyBinding, type KeyBindingExpectation, type VerifiedKeyBinding } from './verify-key-binding.ts';
import { compactSdJwt, parseSdJwt, type SdJwtJson, type SdJwtParts } from './serialization.ts';
import { unpackClaims } from './unpack-claims.ts';

export const SIGNATURE_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export interface IssuerKeyQuery {
  iss: unknown;
  header: JWSHeaderParameters;
  payload: Record<string, unknown>;
}
/**
 * The keys this verifier trusts for that issuer (and kid / x5c); none means the issuer is not
 * trusted. The same CryptoKey or KeyObject for the same issuer key is imported once (jose keeps it).
 */
export type IssuerKeyResolver = (query: IssuerKeyQuery) => Promise<IssuerKey[]>;
export type IssuerKey = CryptoKey | KeyObject | JWK;

export interface VerifySdJwtOptions extends Clock {
  resolveIssuerKeys: IssuerKeyResolver;
  /** Required whenever the presentation carries a KB-JWT; makes one mandatory when given. */
  keyBinding?: KeyBindingExpectation;
  checkStatus?: StatusChecker;
  /** The `typ` the issuer-signed JWT must carry, e.g. `dc+sd-jwt` for an SD-JWT VC. */
  typ?: string;
  algorithms?: string[];
}

export interface VerifiedSdJwt {
  header: JWSHeaderParameters;
  /** The processed payload: disclosed claims in place, `_sd`, `_sd_alg` and decoys gone. */
  claims: Record<string, unknown>;
  disclosureCount: number;
  keyBinding?: VerifiedKeyBinding;
  status?: number;
}

export async function verifySdJwtPresentation(presentation: string | SdJwtJson, options: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const parts = parseSdJwt(presentation);
  const headers = parts.signatures.map((s) => decodeJson(s.protected, 'protected header') as JWSHeaderParameters);
  const payload = decodeJson(parts.payload, 'payload');
  const header = headers[0]!;
  if (options.typ !== undefined && header.typ !== options.typ) refuse('credential_type_invalid', `typ is ${String(header.typ)}, not ${options.typ}`);
  await verifyIssuerSignatures(parts, headers, payload, options);

  const { _sd_alg: sdAlgClaim = 'sha-256', ...signed } = payload;
  if (!isSdAlg(sdAlgClaim)) return refuse('sd_alg_unsupported', `_sd_alg ${String(sdAlgClaim)}`);
  const claims = unpackClaims(signed, parts.disclosures, sdAlgClaim);
  checkValidity(claims, options);

  const keyBinding = await checkKeyBinding(parts, claims, sdAlgClaim, options);
  const status = await checkStatus(claims, options);
  return { header, claims, disclosureCount: parts.disclosures.length, ...(keyBinding ? { keyBinding } : {}), ...(status === undefined ? {} : { status }) };
}

async function verifyIssuerSignatures(parts: SdJwtParts, headers: JWSHeaderParameters[], payload: Record<string, unknown>, options: VerifySdJwtOptions): Promise<void> {
  const algorithms = options.algorithms ?? SIGNATURE_ALGORITHMS;
  for (const [i, signature] of parts.signatures.entries()) {
    const keys = await options.resolveIssuerKeys({ iss: payload.iss, header: headers[i]!, payload });
    if (keys.length === 0) refuse('issuer_untrusted', `no trusted key for issuer ${String(payload.iss)}`);
    if (!(await verifiesWithAny({ ...signature, payload: parts.payload }, keys, algorithms))) {
      refuse('credential_signature_invalid', 'the issuer signature does not verify with a trusted key');
    }
  }
}

async function verifiesWithAny(jws: { protected: string; payload: string; signature: string }, keys: IssuerKey[], algorithms: string[]): Promise<boolean> {
  for (const key of keys) {
    try {
      await flattenedVerify(jws, key, { algorithms });
      return true;
    } catch {
      // try the next trusted key
    }
  }
  return false;
}

function checkValidity(claims: Record<string, unknown>, clock: Clock): void {
  const now = epochSeconds(clock);
  const skew = clock.skewSeconds ?? 30;
  const time = (name: string): number | undefined => {
    const value = claims[name];
    if (value === undefined) return undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : refuse('malformed', `${name} is not a NumericDate`);
  };
  const exp = time('exp');
  const nbf = time('nbf');
  const iat = time('iat');
  if (exp !== undefined && now - skew >= exp) refuse('credential_expired', `expired at ${exp}`);
  if (nbf !== undefined && now + skew < nbf) refuse('credential_not_yet_valid', `valid from ${nbf}`);
  if (iat !== undefined && now + skew < iat) refuse('credential_issued_in_future', `issued at ${iat}`);
}

async function checkKeyBinding(parts: SdJwtParts, claims: Record<string, unknown>, alg: SdAlg, options: VerifySdJwtOptions): Promise<VerifiedKeyBinding | undefined> {
  if (!parts.kbJwt) return options.keyBinding ? refuse('key_binding_missing', 'the presentation has no KB-JWT') : undefined;
  if (!options.keyBinding) return refuse('key_binding_unexpected', 'a KB-JWT was presented but the verifier set no nonce and audience');
  const cnf = claims.cnf as { jwk?: JWK } | undefined;
  if (!cnf?.jwk || typeof cnf.jwk !== 'object') return refuse('holder_key_missing', 'the credential has no cnf.jwk');
  return verifyKeyBinding(parts.kbJwt, { holderKey: cnf.jwk, sdJwt: compactSdJwt(parts), sdAlg: alg, expected: options.keyBinding, clock: options });
}

async function checkStatus(claims: Record<string, unknown>, options: VerifySdJwtOptions): Promise<number | undefined> {
  return claims.status === undefined ? undefined : requireValidStatus(claims.status, options.checkStatus, options);
}

export function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  return refuse('malformed', `the ${what} is not a base64url JSON object`);
}
