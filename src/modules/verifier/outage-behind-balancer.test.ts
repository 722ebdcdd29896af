/**
 * Two nodes behind HAProxy, configured as deploy/systemd/haproxy.cfg says, and the database lost:
 * no node is ready, yet the balancer still sends residents to the live nodes, and every call of a
 * mobile-ID check made during the outage (held in one node's memory) reaches the node that holds it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { clusterTarget, postgresClusterUnavailable, startPostgresCluster, type PostgresCluster } from '../../../test/support/postgres-cluster.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { testIssuer, testWallet, trustThroughDatabase, type TestIssuer } from '../../../test/support/test-issuer.ts';
import { HELD_REQUEST_HEADER } from './api-routes.ts';

const DEPLOYED = path.join(import.meta.dirname, '..', '..', '..', 'deploy', 'systemd', 'haproxy.cfg');
const haproxyMissing = spawnSync('haproxy', ['-v']).error ? 'haproxy is not installed (apt-get install haproxy)' : null;
const unavailable = postgresClusterUnavailable() ?? haproxyMissing;
if (unavailable && process.env.CI === 'true') throw new Error(`CI needs a scratch PostgreSQL cluster and HAProxy: ${unavailable}`);

const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', resident_number: '010808-4221745', resident_address: '한결시 중앙로 1', age_over_19: true };

const freePort = () => new Promise<number>((resolve, reject) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  }).on('error', reject);
});

/** The deployed file's Hanaro frontend and backends, bound here and pointed at this test's two nodes. */
function balancerConfig(port: number, statsPort: number, nodes: number[]): string {
  const sections = readFileSync(DEPLOYED, 'utf8').split(/\n(?=\S)/).filter((s) => /^(frontend hanaro|backend hanaro_)/.test(s));
  assert.equal(sections.length, 3, 'the frontend and both backends');
  const servers = nodes.map((p, i) => `    server n${i + 1} 127.0.0.1:${p} check`).join('\n');
  const local = sections.map((s) => s.replace(/^\s+bind .*$/m, `    bind 127.0.0.1:${port}`).replace(/(\n\s+server .*)+/, `\n${servers}`));
  return ['defaults', '    mode http', '    timeout connect 2s', '    timeout client 30s', '    timeout server 30s', '    timeout check 1s', '',
    'listen stats', `    bind 127.0.0.1:${statsPort}`, '    stats enable', '    stats uri /stats', '', ...local].join('\n') + '\n';
}

describe('verifier: the database lost, two nodes behind the balancer', { skip: unavailable ?? false }, () => {
  let cluster: PostgresCluster;
  const nodes: Awaited<ReturnType<typeof startTestPlatform>>[] = [];
  let balancer: ChildProcess;
  let base: string;
  let statsPort: number;
  /** The balancer's own view of its backend of ready nodes, UP or DOWN. */
  const readyNodes = async () => /^hanaro_nodes,BACKEND,(?:[^,]*,){15}(\w+)/m.exec(await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text())?.[1];
  let issuer: TestIssuer;
  let wallet: Awaited<ReturnType<typeof testWallet>>;
  let key: string;
  const dirs: string[] = [];

  /** A whole check sent to `to` (the balancer, or one node): the party asks, the wallet fetches the request and answers, the party reads the result. */
  async function check(to: string, held = false): Promise<{ status: string }> {
    const send = (url: string, init: RequestInit = {}) => { const at = new URL(url, to); return fetch(new URL(at.pathname + at.search, to), init); };
    const party = { authorization: `Bearer ${key}` };
    const created = await send('/verifier/api/requests', { method: 'POST', headers: { ...party, 'content-type': 'application/json' }, body: JSON.stringify({ check: 'age-over-19' }) });
    assert.equal(created.status, 201, await created.clone().text());
    const { id, requestUri } = await created.json() as { id: string; requestUri: string };
    assert.equal(created.headers.get(HELD_REQUEST_HEADER), held ? id : null, 'the answer names a request held in memory');
    const jwt = await send(requestUri);
    assert.equal(jwt.status, 200, 'the wallet fetches the request from a node that has it');
    const request = await wallet.openRequest(await jwt.text());
    const answered = await send(request.response_uri, { method: 'POST', body: new URLSearchParams({ response: await wallet.respond(request, await issuer.credential(CARD, wallet.holder)) }) });
    assert.equal(answered.status, 200, await answered.clone().text());
    return (await send(`/verifier/api/requests/${id}`, { headers: party })).json() as Promise<{ status: string }>;
  }

  before(async () => {
    cluster = await startPostgresCluster();
    issuer = await testIssuer('Balanced Interior');
    wallet = await testWallet();
    const { trust, live } = trustThroughDatabase([issuer]);
    const port = await freePort();
    statsPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 2; i++) {
      dirs.push(mkdtempSync(path.join(tmpdir(), `hanaro-balanced-${i}-`)));
      nodes.push(await startTestPlatform(clusterTarget(cluster), { dataDir: dirs[i]!, publicUrl: base }, { jobs: false, verifierTrust: trust }));
    }
    live.check = async () => { await sql`select 1`.execute(nodes[0]!.database.db); };
    const operator = new Visitor(nodes[0]!.app, { 'accept-language': 'en' });
    await operator.signIn('operator@demo.hanaro.example');
    const registered = await operator.post('/office/relying-parties', { nameKo: '편의점', nameEn: 'Corner Shop', legalName: 'Corner Shop Ltd', checks: ['age-over-19'] }, '/office/relying-parties');
    key = /value="(hnr_rp_[^"]+)"/.exec(registered.body)?.[1] ?? assert.fail(registered.body.slice(0, 500));
    const ports: number[] = [];
    for (const node of nodes) {
      await node.app.listen({ port: 0, host: '127.0.0.1' });
      ports.push((node.app.server.address() as net.AddressInfo).port);
    }
    const file = path.join(dirs[0]!, 'haproxy.cfg');
    writeFileSync(file, balancerConfig(port, statsPort, ports));
    balancer = spawn('haproxy', ['-db', '-f', file], { stdio: 'inherit' });
    await waitFor('the balancer to route', async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true);
    // While the database answers, a check on each node: each keeps the trust list and the parties.
    for (const p of ports) assert.equal((await check(`http://127.0.0.1:${p}`)).status, 'verified');
  });
  after(async () => {
    balancer?.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.close().catch(() => {})));
    await cluster?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the live nodes in reduced service, and sends each call of a check made then to the node that holds it', async () => {
    await cluster.stop();
    try {
      await waitFor('the balancer to see no node ready', async () => (await readyNodes()) === 'DOWN');
      const status = await fetch(`${base}/status.json`);
      assert.equal(status.status, 200, 'the status page is served, not the balancer\'s 503');
      assert.equal((await status.json()).reduced, true);
      for (let round = 0; round < 2; round++) {
        const result = await check(base, true);
        assert.equal(result.status, 'verified', JSON.stringify(result));
      }
    } finally {
      await cluster.start();
    }
  });
});

async function waitFor(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 20_000; !(await ok()); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) assert.fail(`waited 20 s for ${what}`);
  }
}
