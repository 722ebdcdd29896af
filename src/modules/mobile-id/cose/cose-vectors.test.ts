/** cose-wg/Examples sign1-tests (test/vectors/cose): each message verifies or is refused as the vector says. */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeCoseSign1, signCoseSign1, verifyCoseSign1 } from './cose-sign1.ts';

const DIR = new URL('../../../../test/vectors/cose/', import.meta.url);

/** Why each failing vector must be refused. */
const REFUSALS: Record<string, string> = {
  'sign-fail-01.json': 'cose_malformed',
  'sign-fail-02.json': 'cose_signature_invalid',
  'sign-fail-03.json': 'cose_algorithm_unsupported',
  'sign-fail-04.json': 'cose_algorithm_unsupported',
  'sign-fail-06.json': 'cose_signature_invalid',
  'sign-fail-07.json': 'cose_signature_invalid',
};

interface Sign1Vector {
  title: string;
  fail?: boolean;
  input: { sign0: { key: Record<string, string>; external?: string } };
  output: { cbor: string };
}

function verifyVector(v: Sign1Vector): void {
  const jwk = { ...v.input.sign0.key, d: undefined };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const external = v.input.sign0.external;
  verifyCoseSign1(decodeCoseSign1(Buffer.from(v.output.cbor, 'hex')), key, external ? { externalAad: Buffer.from(external, 'hex') } : {});
}

describe('COSE_Sign1 vectors', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const v = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Sign1Vector;
    it(`${file} (${v.title}) ${v.fail ? 'is refused' : 'verifies'}`, () => {
      if (v.fail) assert.throws(() => verifyVector(v), { code: REFUSALS[file] });
      else verifyVector(v);
    });
  }

  it('signs what it verifies, and refuses it under another external AAD', () => {
    const jwk = JSON.parse(readFileSync(new URL('sign-pass-02.json', DIR), 'utf8')).input.sign0.key;
    const message = signCoseSign1({ alg: 'ES256', key: createPrivateKeyFromJwk(jwk), payload: Buffer.from('hanaro'), externalAad: Buffer.from('aad') });
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    verifyCoseSign1(decodeCoseSign1(message), publicKey, { externalAad: Buffer.from('aad') });
    assert.throws(() => verifyCoseSign1(decodeCoseSign1(message), publicKey), { code: 'cose_signature_invalid' });
  });
});

function createPrivateKeyFromJwk(jwk: Record<string, string>) {
  return createPrivateKey({ key: jwk, format: 'jwk' });
}
