/**
 * The SD-JWT test cases of sd-jwt-python, the SD-JWT RFC and the SD-JWT VC draft (test/vectors/sd-jwt):
 * each is issued with the keys and times of its settings.yml, presented with the holder's choice
 * and verified; the verified claims must equal the case's expected claims.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JWK } from 'jose';
import { expectedClaims, loadCases, type SdJwtCase } from '../../../../test/support/sd-jwt-cases.ts';
import { issueSdJwt, type IssuerSigner } from './issue-sd-jwt.ts';
import { presentSdJwt } from './present-sd-jwt.ts';
import { verifySdJwtPresentation } from './verify-sd-jwt.ts';

const publicJwk = ({ d: _d, ...jwk }: JWK): JWK => jwk;

async function runCase(c: SdJwtCase): Promise<{ verified: Record<string, unknown>; expected: Record<string, unknown> }> {
  const s = c.settings as { identifiers: { issuer: string; verifier: string }; key_settings: { issuer_keys?: JWK[]; issuer_key?: JWK; holder_key: JWK }; key_binding_nonce: string; iat: number; exp: number };
  const issuerKeys = s.key_settings.issuer_keys ?? [s.key_settings.issuer_key!];
  const defaults: Record<string, unknown> = { iss: s.identifiers.issuer, ...(c.includeDefaultClaims ? { iat: s.iat, exp: s.exp } : {}) };
  for (const name of Object.keys(c.userClaims)) delete defaults[name];
  const json = c.serializationFormat === 'json';
  const signers = (json ? issuerKeys : issuerKeys.slice(0, 1)).map(
    (key): IssuerSigner => ({ key, alg: 'ES256', header: { typ: 'example+sd-jwt', ...(key.kid ? { kid: key.kid } : {}), ...c.extraHeaderParameters } }),
  ) as [IssuerSigner, ...IssuerSigner[]];
  const holderPublic = publicJwk(s.key_settings.holder_key);
  const issued = await issueSdJwt({
    claims: { ...defaults, ...c.userClaims },
    signers,
    decoys: c.addDecoyClaims,
    ...(c.keyBinding ? { holderKey: holderPublic } : {}),
    format: json ? (signers.length > 1 ? 'general' : 'flattened') : 'compact',
  });
  const keyBinding = { nonce: s.key_binding_nonce, audience: s.identifiers.verifier };
  const presentation = await presentSdJwt(
    issued.sdJwt,
    c.holderDisclosedClaims,
    c.keyBinding ? { ...keyBinding, holderKey: s.key_settings.holder_key, alg: 'ES256', iat: s.iat + 10 } : undefined,
  );
  const result = await verifySdJwtPresentation(presentation, {
    now: new Date((s.iat + 20) * 1000),
    resolveIssuerKeys: async ({ header }) => {
      const byKid = issuerKeys.filter((k) => k.kid !== undefined && k.kid === header.kid);
      return (byKid.length > 0 ? byKid : issuerKeys).map(publicJwk);
    },
    ...(c.keyBinding ? { keyBinding } : {}),
  });
  const disclosed = (c.expectVerifiedUserClaims ?? expectedClaims(c.userClaims, c.holderDisclosedClaims)) as Record<string, unknown>;
  return { verified: result.claims, expected: { ...defaults, ...disclosed, ...(c.keyBinding ? { cnf: { jwk: holderPublic } } : {}) } };
}

for (const folder of ['.', 'ietf-sd-jwt', 'ietf-sd-jwt-vc']) {
  describe(`SD-JWT vectors: ${folder === '.' ? 'sd-jwt-python' : folder}`, () => {
    for (const c of loadCases(folder)) {
      it(`${c.name} verifies to the expected claims`, async () => {
        const { verified, expected } = await runCase(c);
        assert.deepEqual(verified, expected);
      });
    }
  });
}
