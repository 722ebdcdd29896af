/** The Token Status List draft's examples (test/vectors/status-list) decode to the statuses they were built from. */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { JWK } from 'jose';
import { cborDecode } from '../cose/cbor.ts';
import { decodeCoseSign1 } from '../cose/cose-sign1.ts';
import { StatusList } from './status-list.ts';
import { verifyStatusListCwt, verifyStatusListJwt } from './status-list-token.ts';

const DIR = new URL('../../../../test/vectors/status-list/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected-values.json', DIR), 'utf8'));
const publicJwk: JWK = { ...(expected.example_key as JWK), d: undefined };
const AT = new Date(expected.token_times.iat * 1000 + 60_000);
const URI = 'https://example.com/statuslists/1';

/** The example's bytes: the .md files wrap hex and base64 at 68 columns. */
const read = (file: string) => readFileSync(new URL(file, DIR), 'utf8');
const unwrap = (text: string) => text.replace(/\s+/g, '');
const jsonList = (file: string) => JSON.parse(read(file).slice(read(file).indexOf('{')).replace(/"lst":\s*"([^"]*)"/s, (_m, lst: string) => `"lst":"${unwrap(lst)}"`));
const cborList = (file: string) => Object.fromEntries(cborDecode(Buffer.from(unwrap(read(file).split('encoded:').at(-1)!), 'hex')) as Map<string, unknown>) as { bits: unknown; lst: unknown };

function assertStatuses(list: StatusList, spec: { bits: number; size?: number; statuses?: number[]; nonzero?: Record<string, number> }) {
  assert.equal(list.bits, spec.bits);
  if (spec.statuses) {
    assert.deepEqual(Array.from({ length: spec.statuses.length }, (_, i) => list.get(i)), spec.statuses);
    return;
  }
  assert.equal(list.size, spec.size);
  const nonzero: Record<string, number> = {};
  for (let i = 0; i < list.size; i++) if (list.get(i) !== 0) nonzero[String(i)] = list.get(i);
  assert.deepEqual(nonzero, spec.nonzero);
}

describe('Token Status List vectors', () => {
  const lists: [string, string, string][] = [
    ['status_list_encoding (json/cbor)', 'status_list_encoding_json.md', 'status_list_encoding_cbor.md'],
    ['status_list_encoding2 (json/cbor)', 'status_list_encoding2_json.md', 'status_list_encoding2_cbor.md'],
    ['status_list_encoding1_long (json/cbor)', 'status_list_encoding1_long_json.md', 'status_list_encoding1_long_cbor.md'],
    ['status_list_encoding2_long (json/cbor)', 'status_list_encoding2_long_json.md', 'status_list_encoding2_long_cbor.md'],
    ['status_list_encoding4 (json/cbor)', 'status_list_encoding4_json.md', 'status_list_encoding4_cbor.md'],
    ['status_list_encoding8 (json/cbor)', 'status_list_encoding8_json.md', 'status_list_encoding8_cbor.md'],
  ];
  for (const [name, json, cbor] of lists) {
    it(`${name} decodes to the stated statuses in both encodings`, () => {
      assertStatuses(StatusList.decode(jsonList(json)), expected.lists[name]);
      assertStatuses(StatusList.decode(cborList(cbor)), expected.lists[name]);
    });
  }

  it('the signed Status List JWT verifies and reads the 1-bit list', async () => {
    const token = await verifyStatusListJwt(unwrap(read('status_list_jwt_raw.md')), [publicJwk], { uri: URI, now: AT });
    assert.equal(token.ttl, 43200);
    assertStatuses(token.list, expected.lists['status_list_encoding (json/cbor)']);
  });

  it('the signed Status List CWT verifies and reads the 1-bit list', () => {
    const token = verifyStatusListCwt(Buffer.from(unwrap(read('status_list_cwt.md')), 'hex'), createPublicKey({ key: publicJwk, format: 'jwk' }), { uri: URI, now: AT });
    assertStatuses(token.list, expected.lists['status_list_encoding (json/cbor)']);
  });

  it('the Referenced Token CWT points at index 0 of the list', () => {
    const claims = cborDecode(decodeCoseSign1(Buffer.from(unwrap(read('referenced_token_cwt.md')), 'hex')).payload!) as Map<number, unknown>;
    const status = claims.get(65535) as Map<string, Map<string, unknown>>;
    assert.equal(status.get('status_list')?.get('idx'), 0);
    assert.equal(status.get('status_list')?.get('uri'), URI);
  });

  it('encodes what it decodes, for every bit width', () => {
    for (const bits of [1, 2, 4, 8] as const) {
      const list = StatusList.create(1000, bits);
      list.set(7, (1 << bits) - 1);
      list.set(999, 1);
      const again = StatusList.decode(list.toJson());
      assert.deepEqual([again.get(0), again.get(7), again.get(999)], [0, (1 << bits) - 1, 1]);
    }
  });
});
