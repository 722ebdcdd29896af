import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AppError } from '../../platform/http/errors.ts';
import { testIssuer, trustIn } from '../../../test/support/test-issuer.ts';
import { keptTrust } from './kept-trust.ts';
import { statusCheckerFor, type VerifierTrust } from './trust.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('kept trust: the verifier\'s lists while their source is down', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hanaro-kept-trust-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses with 503 verifier_trust_unavailable when nothing was ever kept', async () => {
    const kept = keptTrust({ issuerRoots: async () => { throw refused; }, fetchStatusList: async () => { throw refused; } }, path.join(dir, 'none.json'));
    await assert.rejects(kept.forOneVerification().trust.issuerRoots(), (e: unknown) => e instanceof AppError && e.status === 503 && e.code === 'verifier_trust_unavailable');
    assert.equal(await kept.hasKeptRoots(), false);
  });

  it('does not hide a fault that is not an unreachable database behind the kept roots', async () => {
    let fail: Error | null = null;
    const kept = keptTrust({ issuerRoots: async () => { if (fail) throw fail; return []; }, fetchStatusList: async () => '' }, path.join(dir, 'fault.json'));
    await kept.forOneVerification().trust.issuerRoots();
    fail = new Error('relation "issuer_roots" does not exist');
    await assert.rejects(kept.forOneVerification().trust.issuerRoots(), /does not exist/);
  });

  it('answers from the copy on disk after a restart, says so, and a revoked entry stays revoked', async () => {
    const issuer = await testIssuer('Kept Interior');
    issuer.list.set(1, 1);
    let up = true;
    const lists = trustIn([issuer]);
    const live: VerifierTrust = {
      issuerRoots: async () => { if (!up) throw refused; return lists.issuerRoots(); },
      fetchStatusList: async (uri) => { if (!up) throw refused; return lists.fetchStatusList(uri); },
    };
    const file = path.join(dir, 'trust.json');
    const first = keptTrust(live, file).forOneVerification();
    await first.trust.issuerRoots();
    assert.equal(await statusCheckerFor(first.trust)({ status_list: { idx: 1, uri: issuer.statusUri } }, {}), 1);
    assert.deepEqual(first.source(), { source: 'live' });

    up = false;
    const restarted = keptTrust(live, file).forOneVerification();
    assert.equal((await restarted.trust.issuerRoots()).length, 1);
    const check = statusCheckerFor(restarted.trust);
    assert.equal(await check({ status_list: { idx: 1, uri: issuer.statusUri } }, {}), 1, 'revoked in the kept list');
    assert.equal(await check({ status_list: { idx: 0, uri: issuer.statusUri } }, {}), 0);
    const source = restarted.source();
    assert.equal(source.source, 'kept');
    assert.ok(source.source === 'kept' && source.ageSeconds >= 0 && !Number.isNaN(Date.parse(source.keptAt)));
    await assert.rejects(check({ status_list: { idx: 0, uri: `${issuer.statusUri}/never-read` } }, {}), /unreachable|ECONNREFUSED/, 'a list never read has no copy');
  });
});
