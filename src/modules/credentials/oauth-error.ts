/** An OAuth / OpenID4VCI error answer: `error` is the protocol's code, `error_description` says why. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    /** For 401s: the WWW-Authenticate challenge. */
    readonly challenge?: string,
  ) {
    super(`${error}: ${description}`);
  }

  toJSON(): Record<string, string> {
    return { error: this.error, error_description: this.description };
  }
}

export const invalidGrant = (why: string) => new OAuthError(400, 'invalid_grant', why);
export const invalidDpop = (why: string) => new OAuthError(400, 'invalid_dpop_proof', why);
export const invalidToken = (why: string) => new OAuthError(401, 'invalid_token', why, `DPoP error="invalid_token", error_description="${why}", algs="ES256"`);
export const invalidProof = (why: string) => new OAuthError(400, 'invalid_proof', why);
export const invalidNonce = (why: string) => new OAuthError(400, 'invalid_nonce', why);
export const invalidRequest = (why: string) => new OAuthError(400, 'invalid_credential_request', why);
