/**
 * The status checker's cache, on a fixed clock: a list is reused for its `ttl`, read again after
 * it, and, while the issuer is unreachable, still answers until the list's own `exp`, never after.
 * JWT lists (SD-JWT VCs) and CWT lists (mdocs) alike.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { JWK } from 'jose';
import { STATUS, StatusList } from './status-list.ts';
import { signStatusListCwt, signStatusListJwt } from './status-list-token.ts';
import { createStatusChecker, requireValidStatus, type FetchedStatusList } from './status-checker.ts';

const T0 = 1_760_000_000;
const at = (seconds: number) => ({ now: new Date((T0 + seconds) * 1000) });
const TTL = 300;
const LIFETIME = 3600;
const issuerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** An issuer publishing one list in one encoding; it can change a status, and go offline. */
function publisher(encoding: 'jwt' | 'cwt', subject?: string) {
  const uri = `https://issuer.example/status/${encoding}`;
  const list = StatusList.create(64, 2);
  const state = { online: true, fetches: 0, signer: issuerKey.privateKey };
  const token = async (): Promise<FetchedStatusList> => {
    const body = { list, subject: subject ?? uri, iat: T0, exp: T0 + LIFETIME, ttl: TTL };
    return encoding === 'cwt' ? signStatusListCwt(body, { key: state.signer }) : signStatusListJwt(body, { key: state.signer.export({ format: 'jwk' }) as JWK, alg: 'ES256' });
  };
  const deps = {
    fetchStatusList: async (asked: string) => {
      if (!state.online || asked !== uri) throw new Error(`${asked} is unreachable`);
      state.fetches++;
      return token();
    },
    resolveListKeys: async () => [encoding === 'cwt' ? issuerKey.publicKey : issuerKey.publicKey.export({ format: 'jwk' }) as JWK],
  };
  return { list, state, deps, entry: (idx: number) => ({ status_list: { idx, uri } }) };
}

for (const encoding of ['jwt', 'cwt'] as const) {
  describe(`status checker on a ${encoding.toUpperCase()} list`, () => {
    it('reuses a list for its ttl and reads it again after', async () => {
      const issuer = publisher(encoding);
      const check = createStatusChecker(issuer.deps);
      assert.equal(await check(issuer.entry(3), at(0)), STATUS.valid);
      issuer.list.set(3, STATUS.suspended);
      assert.equal(await check(issuer.entry(3), at(TTL - 1)), STATUS.valid, 'still the cached list');
      assert.equal(issuer.state.fetches, 1);
      assert.equal(await check(issuer.entry(3), at(TTL)), STATUS.suspended, 'read again once stale');
      assert.equal(issuer.state.fetches, 2);
    });

    it('reads afresh on every check when asked to, and falls back to the cached list while the issuer is offline, until the list expires', async () => {
      const issuer = publisher(encoding);
      const check = createStatusChecker({ ...issuer.deps, refresh: 'always' });
      assert.equal(await check(issuer.entry(5), at(0)), STATUS.valid);
      issuer.list.set(5, STATUS.invalid);
      assert.equal(await check(issuer.entry(5), at(10)), STATUS.invalid, 'a revocation is seen at once');
      issuer.state.online = false;
      assert.equal(await check(issuer.entry(5), at(TTL + 10)), STATUS.invalid, 'offline past the ttl: the cached list still answers');
      assert.equal(await check(issuer.entry(6), at(LIFETIME - 1)), STATUS.valid, 'offline, within the list\'s lifetime');
      await assert.rejects(check(issuer.entry(6), at(LIFETIME)), /unreachable/, 'offline past the list\'s exp: no answer');
    });

    it('never answers from a list the issuer did not sign, or that is for another address', async () => {
      const issuer = publisher(encoding);
      issuer.state.signer = otherKey.privateKey;
      await assert.rejects(createStatusChecker(issuer.deps)(issuer.entry(1), at(0)), { code: 'status_list_invalid' });
      const misplaced = publisher(encoding, 'https://issuer.example/status/another-list');
      await assert.rejects(createStatusChecker(misplaced.deps)(misplaced.entry(1), at(0)), { code: 'status_list_invalid' });
    });
  });
}

describe('requireValidStatus', () => {
  it('passes valid, and refuses invalid, suspended, other values and a status nobody can check', async () => {
    const answering = (value: number) => async () => value;
    assert.equal(await requireValidStatus({ status_list: {} }, answering(0), {}), 0);
    await assert.rejects(requireValidStatus({ status_list: {} }, answering(1), {}), { code: 'credential_revoked' });
    await assert.rejects(requireValidStatus({ status_list: {} }, answering(2), {}), { code: 'credential_suspended' });
    await assert.rejects(requireValidStatus({ status_list: {} }, answering(3), {}), { code: 'credential_status_invalid' });
    await assert.rejects(requireValidStatus({ status_list: {} }, undefined, {}), { code: 'credential_status_unchecked' });
    await assert.rejects(requireValidStatus('revoked', answering(0), {}), { code: 'malformed' });
  });
});
