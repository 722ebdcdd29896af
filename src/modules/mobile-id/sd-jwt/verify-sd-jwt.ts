import type { KeyObject } from 'node:crypto';
import type { JWK, JWSHeaderParameters } from 'jose';
import { epochSeconds, refuse, type Clock } from '../refusal.ts';
import { jsonObjectOf, verifiesWithAnyKey } from '../signature/verify-jws.ts';
import { JWS_ALGORITHMS, publicKeyOf } from '../signature/verify-signature.ts';
import { requireValidStatus, type StatusChecker } from '../status-list/status-checker.ts';
import { isSdAlg, type SdAlg } from './disclosure.ts';
import { verifyKeyBinding, type KeyBindingExpectation, type VerifiedKeyBinding } from './verify-key-binding.ts';
import { compactSdJwt, parseSdJwt, type SdJwtJson, type SdJwtParts } from './serialization.ts';
import { unpackClaims } from './unpack-claims.ts';

export interface IssuerKeyQuery {
  iss: unknown;
  header: JWSHeaderParameters;
  payload: Record<string, unknown>;
}
/**
 * The keys this verifier trusts for that issuer (and kid / x5c); none means the issuer is not
 * trusted. A KeyObject is used as it is; a JWK or CryptoKey is converted on every call.
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
  algorithms?: readonly string[];
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
  const algorithms = options.algorithms ?? JWS_ALGORITHMS;
  for (const [i, signature] of parts.signatures.entries()) {
    const keys = await options.resolveIssuerKeys({ iss: payload.iss, header: headers[i]!, payload });
    if (keys.length === 0) refuse('issuer_untrusted', `no trusted key for issuer ${String(payload.iss)}`);
    const usable = keys.map(publicKeyOf).filter((key) => key !== undefined);
    if (!verifiesWithAnyKey({ ...signature, payload: parts.payload }, headers[i]!, usable, algorithms)) {
      refuse('credential_signature_invalid', 'the issuer signature does not verify with a trusted key');
    }
  }
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
  return jsonObjectOf(segment) ?? refuse('malformed', `the ${what} is not a base64url JSON object`);
}
