/**
 * The database stops (a fire in the center): a relying party still asks for a check, the wallet
 * answers, and the answer is verified against the trust list and status lists kept from before,
 * saying so and how old they are; a revoked credential is still refused. Before any list was
 * kept, the verifier refuses plainly. Once the database is back, the outage's audit entries land.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { clusterTarget, postgresClusterUnavailable, startPostgresCluster, type PostgresCluster } from '../../../test/support/postgres-cluster.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { testIssuer, testWallet, trustThroughDatabase, type TestIssuer } from '../../../test/support/test-issuer.ts';

const unavailable = postgresClusterUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`CI needs a scratch PostgreSQL cluster: ${unavailable}`);

const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', resident_number: '010808-4221745', resident_address: '한결시 중앙로 1', age_over_19: true };

describe('verifier: the database stops', { skip: unavailable ?? false }, () => {
  let cluster: PostgresCluster;
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let issuer: TestIssuer;
  let wallet: Awaited<ReturnType<typeof testWallet>>;
  let key: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-verifier-outage-'));

  const create = () => platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${key}`, 'accept-language': 'en' }, payload: { check: 'age-over-19' } });
  const result = (id: string) => platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${id}`, headers: { authorization: `Bearer ${key}` } });
  async function round(credential: string) {
    const created = await create();
    assert.equal(created.statusCode, 201, created.body);
    const { id, requestUri } = created.json();
    const jwt = await platform.app.inject({ url: new URL(requestUri).pathname });
    assert.equal(jwt.statusCode, 200, jwt.body);
    const request = await wallet.openRequest(jwt.body);
    const answered = await platform.app.inject({
      method: 'POST', url: new URL(request.response_uri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ response: await wallet.respond(request, credential) }).toString(),
    });
    assert.equal(answered.statusCode, 200, answered.body);
    return { id, ...(await result(id)).json() };
  }

  before(async () => {
    cluster = await startPostgresCluster();
    issuer = await testIssuer('Outage Interior');
    issuer.list.set(1, 1);
    wallet = await testWallet();
    // As in production, the trust list and the platform's status lists come out of the database: both fail when it stops.
    const { trust, live } = trustThroughDatabase([issuer]);
    platform = await startTestPlatform(clusterTarget(cluster), { dataDir }, { jobs: false, verifierTrust: trust });
    live.check = async () => { await sql`select 1`.execute(platform.database.db); };
    const operator = new Visitor(platform.app, { 'accept-language': 'en' });
    await operator.signIn('operator@demo.hanaro.example');
    const registered = await operator.post('/office/relying-parties', { nameKo: '편의점', nameEn: 'Corner Shop', legalName: 'Corner Shop Ltd', checks: ['age-over-19'] }, '/office/relying-parties');
    key = /value="(hnr_rp_[^"]+)"/.exec(registered.body)?.[1] ?? assert.fail(registered.body.slice(0, 500));
  });
  after(async () => { await platform?.close().catch(() => {}); await cluster?.destroy(); rmSync(dataDir, { recursive: true, force: true }); });

  it('refuses plainly while no trust list is kept yet', async () => {
    assert.equal((await result('00000000-0000-4000-8000-000000000000')).statusCode, 404, 'the party is known and kept');
    await cluster.stop();
    try {
      const refused = await create();
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.json().code, 'verifier_trust_unavailable');
      assert.match(refused.json().message, /no trust list/);
    } finally {
      await cluster.start();
    }
  });

  it('verifies from the kept lists while the database is down, says how old they are, and still refuses a revoked credential', async () => {
    const before = await round(await issuer.credential(CARD, wallet.holder));
    assert.deepEqual([before.status, before.result.trust], ['verified', { source: 'live' }]);
    assert.equal((await round(await issuer.credential(CARD, wallet.holder, { statusIdx: 1 }))).refusal, 'credential_revoked');
    await cluster.stop();
    try {
      const during = await round(await issuer.credential(CARD, wallet.holder));
      assert.equal(during.status, 'verified', JSON.stringify(during));
      assert.deepEqual(during.result.claims, { age_over_19: true });
      assert.equal(during.result.trust.source, 'kept');
      assert.ok(Date.parse(during.result.trust.keptAt) <= Date.now());
      assert.ok(during.result.trust.ageSeconds >= 0);
      const revoked = await round(await issuer.credential(CARD, wallet.holder, { statusIdx: 1 }));
      assert.deepEqual([revoked.status, revoked.refusal], ['refused', 'credential_revoked'], 'a revoked credential stays revoked');
      const page = await platform.app.inject({ url: '/services', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 503, 'the rest of the portal says it is unavailable');
    } finally {
      await cluster.start();
    }
    assert.equal((await result('00000000-0000-4000-8000-000000000000')).statusCode, 404, 'a call once it is back writes what waited');
    const audited = await sql<{ action: string; details: { duringOutage?: boolean } }>`
      select action, details from audit_log where action like 'verifier.request.%' and details->>'duringOutage' = 'true'`.execute(platform.database.db);
    assert.deepEqual(audited.rows.map((r) => r.action).sort(), ['verifier.request.created', 'verifier.request.created', 'verifier.request.refused', 'verifier.request.verified']);
  });
});
