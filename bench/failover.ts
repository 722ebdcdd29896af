/**
 * Failover benchmark: `npm run bench:failover [-- --runs 5 --kill primary|hanaro-node --concurrency 4]`.
 * On this machine, in a temporary directory, on free ports, it starts the production topology of
 * docs/operations.md in small: etcd, two PostgreSQL 15 members under Patroni in synchronous mode,
 * HAProxy in front of them (routing to the member whose Patroni answers /primary), two Hanaro nodes
 * on HAProxy's PostgreSQL port, and a second HAProxy frontend balancing the nodes on /readyz.
 * Configuration templates: bench/failover/patroni.yml and bench/failover/haproxy.cfg.
 *
 * A load generator files applications through the load balancer with the GovStack Registration
 * API, each with an Idempotency-Key it keeps sending until the submission is acknowledged (2xx),
 * and records every acknowledgement. Then it kills, with SIGKILL, the primary member's process
 * groups (Patroni's and PostgreSQL's: the machine dies, not only the server), or one Hanaro node
 * (`--kill hanaro-node`; with `--runs` of 3 or more, the third run does so by itself). It reports
 * acknowledged submissions missing from the new primary (must be 0), applications filed twice for
 * one key (must be 0), and the seconds until submissions succeed again (goal: 15 s or less). A run
 * that kills a Hanaro node also shows that a staff session, an uploaded document and queued jobs
 * made through that node carry on through the other one. Everything is torn down at the end, on
 * failure and on Ctrl-C too. Needs root (it runs PostgreSQL and Patroni as `postgres` with
 * runuser) or to be run as `postgres`. Prints a markdown report to stdout; progress goes to stderr.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/platform/db/database.ts';
import { isDatabaseUnreachable } from '../src/platform/db/unreachable.ts';
import { agencyScope } from '../src/platform/tenancy.ts';
import { findStaffByEmail } from '../src/modules/agencies/index.ts';
import { issueApiKey, REGISTRATION_SCOPES } from '../src/modules/govstack-registration/index.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { signUpResident } from '../src/modules/identity/sign-up-resident.ts';
import { DEMO_PASSWORD, DEMO_RESIDENTS, RESIDENT_PASSWORD } from '../test/support/platform.ts';
import { DEMO_PACK, ROOT, freePort, log, migrateAndSeedDemo, option, queryOn, sleep, spawnHanaro, type Hanaro } from './support.ts';

const RUNS = Number(option('--runs', '1'));
const KILL = option('--kill', 'auto');
const CONCURRENCY = Number(option('--concurrency', '4'));
const BEFORE_S = Number(option('--before', '8'));
const AFTER_S = Number(option('--after', '10'));
const GIVE_UP_S = 90;
/** Patroni's timing (see bench/failover/patroni.yml) and HAProxy's checks, as tuned for docs/operations.md. */
const TUNING = {
  TTL: option('--ttl', '8'), LOOP_WAIT: option('--loop-wait', '1'), RETRY_TIMEOUT: option('--retry-timeout', '3'),
  SYNC_STRICT: option('--sync-strict', 'false'),
  CHECK_INTER: '1s', CHECK_FASTINTER: '500ms', CHECK_FALL: '2', CHECK_RISE: '1',
};
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number, 1 or more');
if (!['auto', 'primary', 'hanaro-node'].includes(KILL)) throw new Error('--kill is primary or hanaro-node');
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) throw new Error('--concurrency must be a whole number, 1 or more');

const SERVICE = 'resident-registration-certificate';
const AGENCY = 'interior';
const API = '/govstack/registration';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const asPostgres = process.getuid?.() === 0;
const idOf = (flag: string) => (asPostgres ? Number(execFileSync('id', [flag, 'postgres']).toString()) : -1);
const POSTGRES = { uid: idOf('-u'), gid: idOf('-g') };
const HEADERS_BASE = { 'content-type': 'application/json', 'information-mediator-client': 'HANGYEOL/GOV/INTERIOR/bench-failover' };

type Victim = 'primary' | 'hanaro-node';

/** A process started in a process group of its own, so that the group can be killed as a machine dies. */
interface Proc { name: string; child: ChildProcess; output(): string }
const procs = new Set<Proc>();

function launch(name: string, command: string, args: string[], opts: { cwd?: string; user?: 'postgres'; env?: NodeJS.ProcessEnv } = {}): Proc {
  const [cmd, argv] = opts.user && asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-6_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const proc = { name, child, output: () => output };
  procs.add(proc);
  child.once('exit', () => procs.delete(proc));
  return proc;
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/**
 * The process group of the postmaster named in its data directory: Patroni starts it in a session
 * of its own, led by the wrapper that forked it, so the group id is not the postmaster's pid.
 */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    return Number(execFileSync('ps', ['-o', 'pgid=', '-p', pid]).toString().trim()) || undefined;
  } catch { return undefined; }
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\$\{(\w+)\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`template value ${k} missing`);
    return String(values[k]);
  });

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>, proc?: Proc): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const got = await probe().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s${proc ? `\n${proc.name} wrote:\n${proc.output()}` : ''}`);
    await sleep(250);
  }
}

const getJson = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return { status: res.status, body: await res.json().catch(() => null) as unknown };
};

interface Member { name: string; pgPort: number; restPort: number; dataDir: string; patroni?: Proc }
interface Cluster {
  dir: string; etcd: Proc; members: Member[]; haproxy: Proc; pgUrl: string; httpBase: string; statsPort: number;
  nodes: Hanaro[]; nodeBases: string[];
}

async function startCluster(): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-failover-'));
  fs.chmodSync(dir, 0o700);
  if (asPostgres) fs.chownSync(dir, POSTGRES.uid, POSTGRES.gid);
  const ports = new Set<number>();
  while (ports.size < 11) ports.add(await freePort());
  const [etcdPort, etcdPeer, pg1, pg2, rest1, rest2, haPg, haHttp, haStats, nodeA, nodeB] = [...ports] as [number, number, number, number, number, number, number, number, number, number, number];
  log(`cluster in ${dir}`);
  const etcd = launch('etcd', 'etcd', [
    '--name', 'bench', '--data-dir', path.join(dir, 'etcd'),
    '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
    '--initial-cluster', `bench=http://127.0.0.1:${etcdPeer}`, '--log-level', 'warn',
  ], { user: 'postgres' });
  const partial = { dir, etcd, members: [] as Member[], nodes: [] as Hanaro[] };
  current = partial as Cluster;
  await until('etcd healthy', 30, async () => ((await getJson(`http://127.0.0.1:${etcdPort}/health`)).status === 200 ? true : undefined), etcd);

  const template = fs.readFileSync(path.join(ROOT, 'bench', 'failover', 'patroni.yml'), 'utf8');
  const members: Member[] = [
    { name: 'pg1', pgPort: pg1, restPort: rest1, dataDir: path.join(dir, 'pg1') },
    { name: 'pg2', pgPort: pg2, restPort: rest2, dataDir: path.join(dir, 'pg2') },
  ];
  partial.members = members;
  for (const m of members) {
    const file = path.join(dir, `${m.name}.yml`);
    fs.writeFileSync(file, fill(template, { ...TUNING, NAME: m.name, REST_PORT: m.restPort, ETCD_PORT: etcdPort, PG_PORT: m.pgPort, DATA_DIR: m.dataDir, DIR: dir }));
    if (asPostgres) fs.chownSync(file, POSTGRES.uid, POSTGRES.gid);
  }
  const startMember = (m: Member) => { m.patroni = launch(`patroni ${m.name}`, 'patroni', [path.join(dir, `${m.name}.yml`)], { user: 'postgres', cwd: dir }); };
  startMember(members[0]!);
  await until('pg1 bootstrapped as primary', 90, async () => ((await getJson(`http://127.0.0.1:${rest1}/primary`)).status === 200 ? true : undefined), members[0]!.patroni);
  startMember(members[1]!);
  await until('pg2 streaming as the synchronous standby', 120, async () => {
    const { body } = await getJson(`http://127.0.0.1:${rest1}/cluster`);
    const roles = (body as { members?: { name: string; role: string; state: string }[] }).members ?? [];
    return roles.some((r) => r.name === 'pg2' && r.role === 'sync_standby' && ['running', 'streaming'].includes(r.state)) ? true : undefined;
  }, members[1]!.patroni);

  const haTemplate = fs.readFileSync(path.join(ROOT, 'bench', 'failover', 'haproxy.cfg'), 'utf8');
  const haFile = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(haFile, fill(haTemplate, {
    ...TUNING, HAPROXY_PG_PORT: haPg, HAPROXY_HTTP_PORT: haHttp, HAPROXY_STATS_PORT: haStats,
    PG1_PORT: pg1, PG2_PORT: pg2, REST1_PORT: rest1, REST2_PORT: rest2, NODE_A_PORT: nodeA, NODE_B_PORT: nodeB,
  }));
  const haproxy = launch('haproxy', 'haproxy', ['-db', '-f', haFile]);
  const pgUrl = `postgres://postgres:postgres@127.0.0.1:${haPg}/postgres`;
  await until('HAProxy routing to the primary', 30, async () => (await queryOn(pgUrl, 'select 1')).length ? true : undefined, haproxy);

  log('migrating and seeding the demo pack through HAProxy');
  const secrets = await preparedThroughFailovers(pgUrl, haproxy);
  const env = {
    DATABASE_URL: pgUrl, SECURE_COOKIES: 'false', RATE_LIMIT_PER_MINUTE: '100000000', SIGN_IN_ATTEMPTS_PER_MINUTE: '100000',
    HANARO_DATA_DIR: path.join(dir, 'hanaro'),
  };
  apiKey = secrets;
  // One after the other: each node's start re-applies the pack, and two at once would race on it.
  for (const port of [nodeA, nodeB]) {
    const n = spawnHanaro(port, env);
    partial.nodes.push(n);
    await until(`hanaro ${n.base} ready`, 90, async () => {
      if (n.exitCode() !== undefined) throw new Error(`hanaro exited: ${n.output()}`);
      return (await fetch(`${n.base}/readyz`)).status === 200 ? true : undefined;
    });
  }
  const nodes = partial.nodes;
  const nodeBases = nodes.map((n) => n.base);
  const httpBase = `http://127.0.0.1:${haHttp}`;
  await until('HAProxy sees both Hanaro nodes', 30, async () => {
    const csv = await (await fetch(`http://127.0.0.1:${haStats}/;csv`)).text();
    return csv.split('\n').filter((l) => l.startsWith('hanaro_nodes,node') && l.split(',')[17] === 'UP').length === 2 ? true : undefined;
  }, haproxy);
  return { dir, etcd, members, haproxy, pgUrl, httpBase, statsPort: haStats, nodes, nodeBases };
}

let apiKey = '';
let current: Cluster | undefined;

/**
 * prepareData, again after a lost connection: on a loaded machine Patroni (ttl 8 s) may lose its
 * leader lock while the seed runs, and HAProxy then cuts the connection to the old primary. Every
 * step is idempotent, so once a primary answers again it starts over (three tries).
 */
async function preparedThroughFailovers(url: string, haproxy: Proc): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prepareData(url);
    } catch (err) {
      if (attempt === 3 || !isDatabaseUnreachable(err)) throw err;
      log(`seeding lost its connection (${(err as Error).message}); waiting for a primary, try ${attempt + 1} of 3`);
      await until('HAProxy routing to a primary again', 60, async () => (await queryOn(url, 'select 1').catch(() => [])).length ? true : undefined, haproxy);
    }
  }
}

/** Migrated and seeded; an interior API key; demo residents with accounts and e-mail, so filings queue mail jobs. */
async function prepareData(url: string): Promise<string> {
  const database = await openDatabase({ url, dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    const idRule = loadPack(DEMO_PACK).country.idNumber;
    for (const [i, r] of Object.values(DEMO_RESIDENTS).entries()) {
      const signedUp = await signUpResident(database.db, { ...r, email: `resident${i}@bench.hanaro.example`, password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, locale: 'ko' },
        { idRule, policy: { idleMinutes: 30, absoluteHours: 12 }, requestId: 'bench-failover' });
      // A retry after a lost connection (below) finds the accounts made before it.
      if (!signedUp.ok && signedUp.problems.form !== 'already_registered') throw new Error(`sign-up of ${r.name} failed: ${JSON.stringify(signedUp.problems)}`);
    }
    const admin = await findStaffByEmail(database.db, `admin.${AGENCY}@demo.hanaro.example`);
    if (!admin) throw new Error(`the demo pack has no admin.${AGENCY}`);
    const issued = await issueApiKey(database.db, agencyScope(AGENCY), { label: 'bench:failover', scopes: [REGISTRATION_SCOPES.apply, REGISTRATION_SCOPES.read] },
      { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
    if (!issued.ok) throw new Error(`could not issue an API key: ${issued.problem}`);
    return issued.secret;
  } finally {
    await database.close();
  }
}

function stopCluster(c: Cluster | undefined): void {
  if (!c) return;
  for (const n of c.nodes ?? []) if (n.exitCode() === undefined && n.pid) { try { process.kill(n.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (c.haproxy) killGroup(c.haproxy.child.pid);
  for (const m of c.members ?? []) {
    killGroup(m.patroni?.child.pid);
    killGroup(postmasterPid(m.dataDir));
  }
  killGroup(c.etcd?.child.pid);
  for (const p of procs) killGroup(p.child.pid);
  fs.rmSync(c.dir, { recursive: true, force: true });
}

// ---- load --------------------------------------------------------------------------------------

interface Attempt { startedMs: number; endedMs: number; ok: boolean; status: number | string }
interface Ack { key: string; fileId: string; reference: string; ackedMs: number; node: string }

const RESIDENTS = Object.values(DEMO_RESIDENTS);

/** Callers that each file one application after another; a submission is sent again, same key and body, until acknowledged. */
function startLoad(base: string, t0: number) {
  const attempts: Attempt[] = [];
  const acks: Ack[] = [];
  let stopping = false;
  let n = 0;
  const caller = async () => {
    while (!stopping) {
      const key = randomUUID();
      const resident = RESIDENTS[n++ % RESIDENTS.length]!;
      const body = JSON.stringify({ applicantId: resident.idNumber, formData: { data: { purpose: 'other', otherPurpose: `failover ${key}`, includeAddressHistory: 'no', copies: 1 } } });
      for (;;) {
        const startedMs = performance.now() - t0;
        try {
          const res = await fetch(`${base}${API}/services/${SERVICE}/applications`, {
            method: 'POST', body, headers: { ...HEADERS_BASE, authorization: `Bearer ${apiKey}`, 'idempotency-key': key }, signal: AbortSignal.timeout(10_000),
          });
          const text = await res.text();
          attempts.push({ startedMs, endedMs: performance.now() - t0, ok: res.ok, status: res.status });
          if (res.ok) {
            const answer = JSON.parse(text) as { fileId: string; reference?: string };
            acks.push({ key, fileId: answer.fileId, reference: answer.reference ?? '', ackedMs: performance.now() - t0, node: res.headers.get('x-hanaro-node') ?? '?' });
            break;
          }
          if (res.status < 500 && res.status !== 429) throw new Error(`refused ${res.status}: ${text.slice(0, 300)}`);
        } catch (err) {
          if ((err as Error).message.startsWith('refused')) throw err;
          attempts.push({ startedMs, endedMs: performance.now() - t0, ok: false, status: (err as Error).name });
        }
        await sleep(100);
      }
    }
  };
  const done = Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return { attempts, acks, stop: async () => { stopping = true; await done; } };
}

// ---- a run -------------------------------------------------------------------------------------

interface RunResult {
  run: number; victim: Victim; killed: string; primaryAfter: string; acked: number; lost: number; duplicates: number;
  failedAttempts: number; recoveryS: number; longestGapS: number; load: string; survival?: string[]; jobs: string;
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function primaryOf(c: Cluster): Promise<Member | undefined> {
  for (const m of c.members) if ((await getJson(`http://127.0.0.1:${m.restPort}/primary`).catch(() => ({ status: 0 }))).status === 200) return m;
  return undefined;
}

async function run(index: number, victim: Victim): Promise<RunResult> {
  const c = await startCluster();
  try {
    const before = victim === 'hanaro-node' ? await survivalBefore(c) : undefined;
    const t0 = performance.now();
    const load = startLoad(c.httpBase, t0);
    await sleep(BEFORE_S * 1000);
    const primary = await primaryOf(c);
    if (!primary) throw new Error('no primary before the kill');
    const loadAtKill = loadavg();
    const jobsAtKill = await jobStates(c);
    const killMs = performance.now() - t0;
    let killed: string;
    if (victim === 'primary') {
      const pm = postmasterPid(primary.dataDir);
      killGroup(primary.patroni?.child.pid);
      killGroup(pm);
      killed = `member ${primary.name} (Patroni group ${primary.patroni?.child.pid}, PostgreSQL group ${pm})`;
    } else {
      const nodeA = c.nodes[0]!;
      if (nodeA.pid) process.kill(nodeA.pid, 'SIGKILL');
      killed = `Hanaro node A (pid ${nodeA.pid})`;
    }
    log(`run ${index}: killed ${killed} at ${(killMs / 1000).toFixed(1)} s, load ${loadAtKill}`);
    // Load goes on until submissions have succeeded for AFTER_S seconds again (or GIVE_UP_S).
    await until('submissions succeed again', GIVE_UP_S, async () => {
      const now = performance.now() - t0;
      const back = recoverySeconds(load.attempts, killMs);
      return Number.isFinite(back) && now - killMs - back * 1000 > AFTER_S * 1000 ? true : undefined;
    }).catch((err: Error) => log(err.message));
    await load.stop();
    const after = await primaryOf(c);
    const verdict = await verify(c, load.acks);
    const failed = load.attempts.filter((a) => !a.ok && a.startedMs >= killMs);
    const longestGap = longestGapAfter(load.acks.map((a) => a.ackedMs), killMs);
    const survival = before ? await survivalAfter(c, before) : undefined;
    return {
      run: index, victim, killed, primaryAfter: after?.name ?? 'none', acked: load.acks.length, lost: verdict.lost, duplicates: verdict.duplicates,
      failedAttempts: failed.length, recoveryS: recoverySeconds(load.attempts, killMs), longestGapS: longestGap / 1000,
      load: loadAtKill, survival, jobs: `${jobsAtKill} at the kill; ${await jobsSettled(c)} at the end`,
    };
  } finally {
    stopCluster(c);
    current = undefined;
  }
}

/**
 * Seconds from the kill until submissions succeed again: until the first acknowledgement of an
 * attempt sent after the first one that failed (a request the dying server had already committed
 * says nothing about recovery). No attempt failed: the first acknowledgement after the kill.
 */
function recoverySeconds(attempts: Attempt[], killMs: number): number {
  const firstFailure = attempts.filter((a) => !a.ok && a.startedMs >= killMs).sort((a, b) => a.startedMs - b.startedMs)[0];
  const from = firstFailure?.startedMs ?? killMs;
  const back = attempts.filter((a) => a.ok && a.startedMs >= from).sort((a, b) => a.endedMs - b.endedMs)[0];
  return back ? (back.endedMs - killMs) / 1000 : NaN;
}

/** The longest time after the kill with no submission acknowledged. */
function longestGapAfter(ackTimes: number[], killMs: number): number {
  const after = [killMs, ...ackTimes.filter((t) => t > killMs).sort((a, b) => a - b)];
  return Math.max(0, ...after.slice(1).map((t, i) => t - after[i]!));
}

/** On the primary after the run: every acknowledged application is there, and no key filed two. */
async function verify(c: Cluster, acks: Ack[]): Promise<{ lost: number; duplicates: number }> {
  const url = c.pgUrl;
  await until('a primary to verify on', 60, async () => (await queryOn(url, 'select 1')).length ? true : undefined);
  const found = await queryOn<{ id: string }>(url, 'select id::text as id from applications where id = any($1::uuid[])', [acks.map((a) => a.fileId)]);
  const present = new Set(found.map((r) => r.id));
  const lost = acks.filter((a) => !present.has(a.fileId));
  for (const a of lost.slice(0, 5)) log(`  LOST: ${a.reference} (${a.fileId}) acknowledged at ${(a.ackedMs / 1000).toFixed(2)} s by ${a.node}`);
  const twice = await queryOn<{ marker: string; n: string }>(url,
    `select answers->>'otherPurpose' as marker, count(*) as n from applications where service_id = $1 and answers->>'otherPurpose' like 'failover %' group by 1 having count(*) > 1`, [SERVICE]);
  const keys = await queryOn<{ key: string; n: string }>(url, 'select key, count(*) as n from govstack_idempotency_keys group by key having count(*) > 1');
  return { lost: lost.length, duplicates: twice.length + keys.length };
}

const jobStates = async (c: Cluster) => (await queryOn<{ state: string; n: string }>(c.pgUrl,
  `select state::text, count(*) as n from pgboss.job where name = 'notice-mail' group by 1 order by 1`)).map((r) => `${r.state} ${r.n}`).join(', ') || 'none';

/** The mail jobs the filings queued, 20 s after the load stopped (workers carry on after a failover). */
async function jobsSettled(c: Cluster): Promise<string> {
  await sleep(20_000);
  return jobStates(c);
}

// ---- what survives a Hanaro node ---------------------------------------------------------------

interface Before { cookie: string; documentUrl: string }

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');

/** Through node A directly: a staff session (signed in with the form and its CSRF token) and an uploaded document. */
async function survivalBefore(c: Cluster): Promise<Before> {
  const a = c.nodeBases[0]!;
  const page = await fetch(`${a}/office/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const form = new URLSearchParams({ _csrf: csrf, email: `officer.${AGENCY}@demo.hanaro.example`, password: DEMO_PASSWORD, return: '/office' });
  const signedIn = await fetch(`${a}/office/sign-in`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' } });
  const cookie = [cookieOf(page), cookieOf(signedIn)].filter(Boolean).join('; ');
  if (![302, 303].includes(signedIn.status)) throw new Error(`staff sign-in on node A answered ${signedIn.status}`);
  const office = await fetch(`${a}/office`, { headers: { cookie }, redirect: 'manual' });
  if (office.status !== 200) throw new Error(`/office on node A answered ${office.status} after sign-in`);
  const upload = new FormData();
  upload.set('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')], { type: 'application/pdf' }), 'lease.pdf');
  const up = await fetch(`${a}${API}/documents`, { method: 'POST', body: upload, headers: { authorization: `Bearer ${apiKey}` } });
  const uploaded = await up.json() as { url?: string };
  if (!up.ok || !uploaded.url) throw new Error(`upload on node A answered ${up.status}: ${JSON.stringify(uploaded)}`);
  return { cookie, documentUrl: uploaded.url };
}

/** After node A died: the session opens the back office on node B and through the load balancer; the document is filed through node B. */
async function survivalAfter(c: Cluster, before: Before): Promise<string[]> {
  const b = c.nodeBases[1]!;
  const out: string[] = [];
  for (const [where, base] of [['node B', b], ['the load balancer', c.httpBase]] as const) {
    const res = await fetch(`${base}/office`, { headers: { cookie: before.cookie }, redirect: 'manual' });
    out.push(`session made on node A opens /office on ${where}: ${res.status === 200 ? 'yes (200)' : `NO (${res.status} ${res.headers.get('location') ?? ''})`}`);
  }
  const resident = RESIDENTS[0]!;
  const body = JSON.stringify({ applicantId: resident.idNumber, formData: { data: {
    newAddress: '한결시 중앙구 하나로 12, 101동 502호', moveDate: new Date().toISOString().slice(0, 10), movingType: 'whole-household',
    memberCount: 1, applyFixedDate: true, leaseContract: [before.documentUrl], phone: '010-1234-5678',
  } } });
  const filed = await fetch(`${b}${API}/services/moving-in-report/applications`, {
    method: 'POST', body, headers: { ...HEADERS_BASE, authorization: `Bearer ${apiKey}`, 'idempotency-key': randomUUID() },
  });
  const answer = await filed.json() as { fileId?: string };
  const files = filed.ok ? await queryOn<{ n: string }>(c.pgUrl, 'select count(*) as n from application_files where application_id = $1', [answer.fileId]).catch(() => [{ n: '?' }]) : [{ n: '0' }];
  out.push(`document uploaded on node A filed through node B: ${filed.ok ? `yes (${filed.status}, ${files[0]!.n} file on the application)` : `NO (${filed.status} ${JSON.stringify(answer).slice(0, 200)})`}`);
  return out;
}

// ---- report ------------------------------------------------------------------------------------

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

function report(results: RunResult[], commit: string): string {
  const lines = [
    '| Run | Killed | Primary after | Acknowledged | Lost | Duplicates | Failed attempts | Seconds until submissions succeed again | Longest gap between acknowledgements (s) | Load average at the kill (1 / 5 / 15 min) | Mail jobs at the end |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.run} | ${r.killed} | ${r.primaryAfter} | ${r.acked} | ${r.lost} | ${r.duplicates} | ${r.failedAttempts} | ${fmt(r.recoveryS)} | ${fmt(r.longestGapS)} | ${r.load} | ${r.jobs} |`);
  }
  for (const r of results) if (r.survival) lines.push('', `Run ${r.run} (a Hanaro node killed):`, ...r.survival.map((s) => `- ${s}`));
  const cpus = os.cpus();
  lines.push('', `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} CPUs, Node ${process.version}, commit ${commit}. ` +
    `Patroni ttl ${TUNING.TTL} s, loop_wait ${TUNING.LOOP_WAIT} s, retry_timeout ${TUNING.RETRY_TIMEOUT} s, synchronous_mode on (strict ${TUNING.SYNC_STRICT}); ` +
    `HAProxy checks inter ${TUNING.CHECK_INTER} fastinter ${TUNING.CHECK_FASTINTER} fall ${TUNING.CHECK_FALL} rise ${TUNING.CHECK_RISE}, on-marked-down shutdown-sessions; ${CONCURRENCY} callers.`,
  `Command: npm run bench:failover -- --runs ${RUNS}${KILL === 'auto' ? '' : ` --kill ${KILL}`} --concurrency ${CONCURRENCY}`);
  return lines.join('\n');
}

const gitCommit = () => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(PG_BIN, 'postgres'))) throw new Error(`PostgreSQL 15 is not in ${PG_BIN}`);
  if (!asPostgres && os.userInfo().username !== 'postgres') throw new Error('run as root (PostgreSQL runs as postgres through runuser) or as postgres');
  const results: RunResult[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const victim: Victim = KILL === 'auto' ? (i === 3 ? 'hanaro-node' : 'primary') : KILL as Victim;
    log(`run ${i} of ${RUNS}: kill ${victim}`);
    results.push(await run(i, victim));
    const r = results.at(-1)!;
    log(`run ${i}: acknowledged ${r.acked}, lost ${r.lost}, duplicates ${r.duplicates}, back after ${fmt(r.recoveryS)} s`);
  }
  console.log(report(results, gitCommit()));
  if (results.some((r) => r.lost || r.duplicates || !Number.isFinite(r.recoveryS))) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stopCluster(current); process.exit(130); });
main().catch((err: unknown) => {
  stopCluster(current);
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}).finally(() => { stopCluster(current); });
