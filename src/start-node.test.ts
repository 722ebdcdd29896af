/**
 * `hanaro start` while the database is down: the node listens in reduced service (/status from
 * the kept copy, the 503 shell for every other page, alive but not ready), and once PostgreSQL
 * starts it finishes its start and serves every page on the same port, without a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { postgresClusterUnavailable, startPostgresCluster, type PostgresCluster } from '../test/support/postgres-cluster.ts';
import { DEMO_PACK, testConfig } from '../test/support/platform.ts';
import { startNode, type RunningNode } from './start-node.ts';

const unavailable = postgresClusterUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`CI needs a scratch PostgreSQL cluster: ${unavailable}`);

describe('hanaro start: the database is down at start', { skip: unavailable ?? false }, () => {
  let cluster: PostgresCluster;
  let node: RunningNode | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-start-'));
  const config = () => testConfig({ databaseUrl: cluster.url, port: 0, host: '127.0.0.1', dataDir, packDir: DEMO_PACK, statusRefreshSeconds: 0 });
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${node!.port()}${url}`, { headers: { 'accept-language': 'en', ...headers } });

  before(async () => {
    cluster = await startPostgresCluster();
    // A first start with the database up migrates, seeds and keeps a copy of the status on disk.
    const first = await startNode(config());
    assert.equal(first.startedReduced, false);
    await first.ready;
    node = first;
    assert.equal((await get('/status')).status, 200);
    await first.close();
    node = undefined;
    await cluster.stop();
  });
  after(async () => { await node?.close(); await cluster?.destroy(); rmSync(dataDir, { recursive: true, force: true }); });

  it('listens in reduced service, then serves the whole platform once PostgreSQL answers', async () => {
    const retries: number[] = [];
    node = await startNode(config(), { retry: { firstMs: 100, maxMs: 500 }, onRetry: (_err, wait) => retries.push(wait) });
    assert.equal(node.startedReduced, true);

    const status = await get('/status');
    assert.equal(status.status, 200, 'the status page answers from the kept copy');
    const statusPage = await status.text();
    assert.match(statusPage, /Mobile ID verification/);
    assert.match(statusPage, /reduced service/);
    const page = await get('/services');
    assert.equal(page.status, 503);
    const body = await page.text();
    assert.match(body, /temporarily unavailable/);
    assert.match(body, /href="\/status"/);
    assert.equal(page.headers.get('retry-after'), '120');
    const sent = await fetch(`http://127.0.0.1:${node.port()}/office/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, body: 'email=operator%40demo.hanaro.example&password=secret-words',
    });
    assert.equal(sent.status, 503);
    const kept = await sent.text();
    assert.match(kept, /name="email" value="operator@demo.hanaro.example"/, 'what was typed comes back');
    assert.doesNotMatch(kept, /secret-words/);
    assert.equal((await get('/healthz')).status, 200);
    const readyz = await get('/readyz');
    assert.equal(readyz.status, 503);
    assert.equal((await readyz.json()).reason, 'database_unreachable');

    await cluster.start();
    const started = await node.ready;
    assert.ok(retries.length > 0, 'it tried again while the database was down');
    assert.deepEqual(started.applied, [], 'migrations ran as usual (none pending since the first start)');
    const services = await get('/services');
    assert.equal(services.status, 200);
    assert.match(await services.text(), /<main/);
    assert.equal((await get('/readyz')).status, 200);
  });
});
