/**
 * A verifier must refuse each of these presentations, for the stated reason: a resident card
 * issued as an SD-JWT VC, bound to the holder's key, with a status list entry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { makeDisclosure } from './disclosure.ts';
import { issueSdJwt, sd } from './issue-sd-jwt.ts';
import { presentSdJwt } from './present-sd-jwt.ts';
import { verifySdJwtPresentation, type VerifySdJwtOptions } from './verify-sd-jwt.ts';
import { StatusList, STATUS } from '../status-list/status-list.ts';
import { signStatusListJwt } from '../status-list/status-list-token.ts';
import { createStatusChecker } from '../status-list/status-checker.ts';

const ISSUER = 'https://interior.hanaro.example';
const VERIFIER = 'x509_san_dns:shop.example';
const LIST_URI = 'https://interior.hanaro.example/status/1';
const NOW = 1_780_000_000;
const keyPair = async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
};
const [issuer, holder, intruder] = await Promise.all([keyPair(), keyPair(), keyPair()]);

const list = StatusList.create(16, 2);
list.set(3, STATUS.invalid);
list.set(4, STATUS.suspended);
const listJwt = await signStatusListJwt({ list, subject: LIST_URI, issuer: ISSUER, iat: NOW - 60, exp: NOW + 86_400, ttl: 3600 }, { key: issuer.privateKey, alg: 'ES256' });

async function credential(overrides: { statusIdx?: number; exp?: number; key?: CryptoKey } = {}): Promise<string> {
  const issued = await issueSdJwt({
    claims: {
      iss: ISSUER,
      vct: 'urn:hanaro:mobile-resident-card:1',
      iat: NOW - 3600,
      exp: overrides.exp ?? NOW + 86_400,
      given_name: sd('미래'),
      birthdate: sd('2001-08-08'),
      age_over_19: sd(true),
      ...(overrides.statusIdx === undefined ? {} : { status: { status_list: { idx: overrides.statusIdx, uri: LIST_URI } } }),
    },
    signers: [{ key: overrides.key ?? issuer.privateKey, alg: 'ES256', header: { typ: 'dc+sd-jwt' } }],
    holderKey: holder.publicJwk,
    decoys: true,
  });
  return issued.sdJwt as string;
}

const present = (sdJwt: string, kb: { nonce?: string; audience?: string; iat?: number; key?: CryptoKey } = {}) =>
  presentSdJwt(sdJwt, { age_over_19: true }, { holderKey: kb.key ?? holder.privateKey, alg: 'ES256', nonce: kb.nonce ?? 'n-1', audience: kb.audience ?? VERIFIER, iat: kb.iat ?? NOW }) as Promise<string>;

const options: VerifySdJwtOptions = {
  now: new Date(NOW * 1000),
  typ: 'dc+sd-jwt',
  resolveIssuerKeys: async ({ iss }) => (iss === ISSUER ? [issuer.publicJwk] : []),
  keyBinding: { nonce: 'n-1', audience: VERIFIER, maxAgeSeconds: 300 },
  checkStatus: createStatusChecker({ fetchStatusList: async (uri) => (uri === LIST_URI ? listJwt : Promise.reject(new Error('no list'))), resolveListKeys: async () => [issuer.publicJwk] }),
};
const noKeyBinding: VerifySdJwtOptions = { ...options, keyBinding: undefined };

/** A presentation without KB-JWT whose disclosures were edited after issuance. */
const withoutKeyBinding = (sdJwt: string, edit: (disclosures: string[]) => string[]) => {
  const [jwt, ...rest] = sdJwt.split('~');
  return [jwt, ...edit(rest.filter(Boolean)), ''].join('~');
};

async function resign(sdJwt: string, edit: (payload: Record<string, unknown>) => void): Promise<string> {
  const [jwt, ...rest] = sdJwt.split('~');
  const payload = JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString());
  edit(payload);
  const signed = await new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt' }).sign(issuer.privateKey);
  return [signed, ...rest].join('~');
}

const refused = (promise: Promise<unknown>, code: string) => assert.rejects(promise, { name: 'VerificationRefused', code });

describe('SD-JWT VC presentations that must be refused', () => {
  it('accepts the honest presentation, showing only what was disclosed', async () => {
    const result = await verifySdJwtPresentation(await present(await credential({ statusIdx: 5 })), options);
    assert.equal(result.claims.age_over_19, true);
    assert.equal(result.claims.birthdate, undefined);
    assert.equal(result.status, STATUS.valid);
  });

  it('invalid credential signature', async () => {
    await refused(verifySdJwtPresentation(await present(await credential({ key: intruder.privateKey })), options), 'credential_signature_invalid');
  });

  it('untrusted issuer', async () => {
    await refused(verifySdJwtPresentation(await present(await credential()), { ...options, resolveIssuerKeys: async () => [] }), 'issuer_untrusted');
  });

  it('an issuer or KB-JWT signature tampered with, cut short, or with characters that are not base64url', async () => {
    const presentation = await present(await credential());
    const edits = [(s: string) => `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`, (s: string) => s.slice(0, 80), (s: string) => `${s}!`];
    const [jwt, ...rest] = presentation.split('~');
    const kbJwt = rest.pop()!;
    const withSignature = (compact: string, edit: (s: string) => string) => compact.split('.').map((part, i) => (i === 2 ? edit(part) : part)).join('.');
    for (const edit of edits) {
      await refused(verifySdJwtPresentation([withSignature(jwt!, edit), ...rest, kbJwt].join('~'), options), 'credential_signature_invalid');
      await refused(verifySdJwtPresentation([jwt, ...rest, withSignature(kbJwt, edit)].join('~'), options), 'key_binding_signature_invalid');
    }
  });

  it('invalid KB-JWT signature', async () => {
    await refused(verifySdJwtPresentation(await present(await credential(), { key: intruder.privateKey }), options), 'key_binding_signature_invalid');
  });

  it('wrong nonce', async () => {
    await refused(verifySdJwtPresentation(await present(await credential(), { nonce: 'replayed' }), options), 'key_binding_nonce_mismatch');
  });

  it('wrong audience', async () => {
    await refused(verifySdJwtPresentation(await present(await credential(), { audience: 'x509_san_dns:other.example' }), options), 'key_binding_audience_mismatch');
  });

  it('KB-JWT issued in the future', async () => {
    await refused(verifySdJwtPresentation(await present(await credential(), { iat: NOW + 600 }), options), 'key_binding_issued_in_future');
  });

  it('KB-JWT issued too long ago', async () => {
    await refused(verifySdJwtPresentation(await present(await credential(), { iat: NOW - 3600 }), options), 'key_binding_too_old');
  });

  it('no KB-JWT when the verifier asked for one', async () => {
    await refused(verifySdJwtPresentation(await presentSdJwt(await credential(), { age_over_19: true }), options), 'key_binding_missing');
  });

  it('sd_hash mismatch: a disclosure added after the holder signed', async () => {
    const sdJwt = await credential();
    const presentation = await present(sdJwt);
    const parts = presentation.split('~');
    const extra = sdJwt.split('~').find((d) => d && !parts.includes(d) && !d.includes('.'))!;
    parts.splice(1, 0, extra);
    await refused(verifySdJwtPresentation(parts.join('~'), options), 'key_binding_sd_hash_mismatch');
  });

  it('a disclosure not referenced by any digest', async () => {
    const forged = makeDisclosure('1950-01-01', 'birthdate').encoded;
    await refused(verifySdJwtPresentation(withoutKeyBinding(await credential(), (d) => [...d, forged]), noKeyBinding), 'disclosure_unreferenced');
  });

  it('a digest that appears twice', async () => {
    const sdJwt = await resign(await credential(), (payload) => {
      const digests = payload._sd as string[];
      digests.push(digests[0]!);
    });
    await refused(verifySdJwtPresentation(withoutKeyBinding(sdJwt, (d) => d), noKeyBinding), 'digest_duplicated');
  });

  it('the same disclosure sent twice', async () => {
    await refused(verifySdJwtPresentation(withoutKeyBinding(await credential(), (d) => [...d, d[0]!]), noKeyBinding), 'disclosure_duplicated');
  });

  it('an unsupported _sd_alg', async () => {
    const sdJwt = await resign(await credential(), (payload) => void (payload._sd_alg = 'md5'));
    await refused(verifySdJwtPresentation(withoutKeyBinding(sdJwt, (d) => d), noKeyBinding), 'sd_alg_unsupported');
  });

  it('an expired credential', async () => {
    await refused(verifySdJwtPresentation(await present(await credential({ exp: NOW - 120 })), options), 'credential_expired');
  });

  it('a revoked credential', async () => {
    await refused(verifySdJwtPresentation(await present(await credential({ statusIdx: 3 })), options), 'credential_revoked');
  });

  it('a suspended credential', async () => {
    await refused(verifySdJwtPresentation(await present(await credential({ statusIdx: 4 })), options), 'credential_suspended');
  });

  it('a credential with a status the verifier cannot check', async () => {
    await refused(verifySdJwtPresentation(await present(await credential({ statusIdx: 5 })), { ...options, checkStatus: undefined }), 'credential_status_unchecked');
  });

  it('a plain SD-JWT where an SD-JWT VC (typ dc+sd-jwt) is expected', async () => {
    await refused(verifySdJwtPresentation(await present(await credential()), { ...options, typ: 'vc+sd-jwt+other' }), 'credential_type_invalid');
  });
});

