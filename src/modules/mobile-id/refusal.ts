/**
 * Why a presented credential was refused. The code is stable: verifier pages and APIs map it to a
 * translated message; `detail` is for the log only.
 */
export type RefusalCode =
  | 'malformed'
  | 'issuer_untrusted'
  | 'credential_signature_invalid'
  | 'credential_type_invalid'
  | 'credential_expired'
  | 'credential_not_yet_valid'
  | 'credential_issued_in_future'
  | 'sd_alg_unsupported'
  | 'disclosure_malformed'
  | 'disclosure_duplicated'
  | 'disclosure_unreferenced'
  | 'digest_duplicated'
  | 'claim_name_conflict'
  | 'key_binding_missing'
  | 'key_binding_unexpected'
  | 'holder_key_missing'
  | 'key_binding_signature_invalid'
  | 'key_binding_nonce_mismatch'
  | 'key_binding_audience_mismatch'
  | 'key_binding_issued_in_future'
  | 'key_binding_too_old'
  | 'key_binding_sd_hash_mismatch'
  | 'credential_revoked'
  | 'credential_suspended'
  | 'credential_status_invalid'
  | 'credential_status_unchecked'
  | 'status_list_invalid'
  | 'cose_malformed'
  | 'cose_algorithm_unsupported'
  | 'cose_signature_invalid'
  | 'certificate_chain_invalid'
  | 'certificate_expired'
  | 'certificate_profile_invalid'
  | 'issuer_name_mismatch'
  | 'doc_type_mismatch'
  | 'value_digest_missing'
  | 'value_digest_mismatch'
  | 'device_key_missing'
  | 'device_authentication_missing'
  | 'device_signature_invalid'
  | 'device_mac_invalid';

export class VerificationRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly detail: string = code,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'VerificationRefused';
  }
}

export const refuse = (code: RefusalCode, detail?: string): never => {
  throw new VerificationRefused(code, detail);
};

/** The verifier's clock and the leeway it grants for clocks that are a little off. */
export interface Clock {
  now?: Date;
  skewSeconds?: number;
}

export const epochSeconds = (clock: Clock): number => Math.floor((clock.now ?? new Date()).getTime() / 1000);
