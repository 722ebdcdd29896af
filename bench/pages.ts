/**
 * Page serving beside a bare node:http hello server: `npm run bench:pages [-- --duration 10 --connections 10 --cpu-prof DIR]`.
 * On a fresh PostgreSQL database (migrated, demo pack seeded, dropped afterwards) it starts Hanaro the
 * way `npm start` does (compiled JavaScript in dist/) with production settings (NODE_ENV=production,
 * secure cookies, LOG_LEVEL info unless --log-level says otherwise; only the rate limit raised, since
 * every request comes from one address), and a hello server (`node:http`, 'hello world') in a process
 * of its own. For each page (the catalog /services and a service page), anonymous and signed in (a
 * resident portal session started in the database), and anonymous revalidating with If-None-Match
 * when the page gives an ETag, autocannon drives hello, Hanaro, hello, so a change of the machine's
 * load shows as a difference between the two hello runs instead of skewing the ratio.
 * Prints a markdown report to stdout; progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { openDatabase } from '../src/platform/db/database.ts';
import { startPortalSession, residentSessionCookie } from '../src/modules/identity/index.ts';
import { DEMO_RESIDENTS } from '../test/support/platform.ts';
import { freePort, freshDatabase, log, migrateAndSeedDemo, onServer, option, queryOn, runBench, sleep, startHanaro } from './support.ts';

const DURATION_S = Number(option('--duration', '10'));
const CONNECTIONS = Number(option('--connections', '10'));
const WARMUP_S = Number(option('--warmup', '3'));
const LOG_LEVEL = option('--log-level', 'info');
const CPU_PROF = option('--cpu-prof', '');
const SERVICE = 'resident-registration-certificate';
const PAGES = [{ name: 'catalog', path: '/services' }, { name: 'service', path: `/services/${SERVICE}` }];

interface Run { rps: number; p50: number; p99: number; bad: number; statuses: string }
interface Row { page: string; who: string; hello: [Run, Run]; hanaro: Run; load: string }

const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

async function drive(url: string, headers: Record<string, string>, seconds: number, expect = 200): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const statuses = Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${s.count ?? 0}`).join(', ');
  const expected = r.statusCodeStats?.[String(expect) as '200']?.count ?? 0;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.requests.total - expected + r.errors, statuses };
}

/** A bare node:http server answering every request with 'hello world', in a process of its own. */
async function startHello(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('hello world')).listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return { url, stop: () => child.kill('SIGTERM') };
    await sleep(50);
  }
  throw new Error('the hello server did not start');
}

/** Migrated and seeded; a portal session for a demo resident, as a Cookie header. */
async function prepare(url: string): Promise<string> {
  const database = await openDatabase({ url, dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    // An account with no password: the session is started below, as the portal does after sign-in.
    const [account] = await queryOn<{ resident_id: string }>(url, `insert into resident_accounts (resident_id, locale)
      select id, 'ko' from residents where id_number = $1 returning resident_id`, [DEMO_RESIDENTS.minjun.idNumber]);
    if (!account) throw new Error('the demo register has no resident minjun');
    const session = await startPortalSession(database.db, { residentId: account.resident_id, assurance: 'substantial', amr: ['pwd'], authenticatedAt: new Date(), requestId: 'bench:pages' },
      { idleMinutes: 60, absoluteHours: 12 });
    if (!session) throw new Error('no portal session');
    return `${residentSessionCookie({ secureCookies: true })}=${session.token}`;
  } finally {
    await database.close();
  }
}

/** One request by hand, so a wrong path or a session not taken stops the bench with what it got. */
async function probe(url: string, headers: Record<string, string>, signedIn: boolean): Promise<string | null> {
  const res = await fetch(url, { headers });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${html.slice(0, 300)}`);
  if (signedIn !== html.includes('href="/me"')) throw new Error(`GET ${url} ${signedIn ? 'did not show' : 'showed'} the signed-in nav`);
  return res.headers.get('etag');
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');

function report(rows: Row[]): string {
  const lines = [
    '| Page | Visitor | hello req/s (before / after) | Hanaro req/s | Hanaro ÷ hello | Hanaro p50 / p99 ms | hello p50 / p99 ms | Hanaro unexpected answers | Load average after (1 / 5 / 15 min) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const hello = (r.hello[0].rps + r.hello[1].rps) / 2;
    lines.push(`| ${r.page} | ${r.who} | ${f(r.hello[0].rps)} / ${f(r.hello[1].rps)} | ${f(r.hanaro.rps)} | ${f((100 * r.hanaro.rps) / hello, 1)} % | ` +
      `${f(r.hanaro.p50)} / ${f(r.hanaro.p99)} | ${f(r.hello[0].p50)} / ${f(r.hello[0].p99)} | ${r.hanaro.bad}${r.hanaro.bad ? ` (${r.hanaro.statuses})` : ''} | ${r.load} |`);
  }
  return lines.join('\n');
}

runBench(async () => {
  const pgVersion = (await onServer<{ v: string }>("select current_setting('server_version') as v"))[0]!.v.split(' ')[0];
  const loadAtStart = loadavg();
  const fresh = await freshDatabase();
  const hello = await startHello();
  try {
    log(`database ${fresh.name}: migrating, seeding, starting a session`);
    const cookie = await prepare(fresh.url);
    const hanaro = await startHanaro({
      DATABASE_URL: fresh.url, NODE_ENV: 'production', SECURE_COOKIES: 'true', LOG_LEVEL: LOG_LEVEL,
      HANARO_DOCUMENT_KEY_SECRET: 'bench-pages-document-key-secret', RATE_LIMIT_PER_MINUTE: '100000000',
    }, undefined, CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []);
    const rows: Row[] = [];
    try {
      const visits: { page: string; who: string; url: string; headers: Record<string, string>; expect: number }[] = [];
      for (const page of PAGES) {
        const url = `${hanaro.base}${page.path}`;
        const lang = { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' };
        const etag = await probe(url, lang, false);
        await probe(url, { ...lang, cookie }, true);
        visits.push({ page: `${page.name} ${page.path}`, who: 'anonymous', url, headers: lang, expect: 200 });
        if (etag) visits.push({ page: `${page.name} ${page.path}`, who: 'anonymous, If-None-Match (304)', url, headers: { ...lang, 'if-none-match': etag }, expect: 304 });
        visits.push({ page: `${page.name} ${page.path}`, who: 'signed in', url, headers: { ...lang, cookie }, expect: 200 });
      }
      if (WARMUP_S) {
        log(`warm-up: ${WARMUP_S} s on each (not reported)`);
        await drive(hello.url, {}, WARMUP_S);
        for (const v of visits) await drive(v.url, v.headers, WARMUP_S, v.expect);
      }
      for (const v of visits) {
        log(`${v.page}, ${v.who}: hello, Hanaro, hello, ${DURATION_S} s each`);
        const before = await drive(hello.url, {}, DURATION_S);
        const run = await drive(v.url, v.headers, DURATION_S, v.expect);
        const after = await drive(hello.url, {}, DURATION_S);
        rows.push({ page: v.page, who: v.who, hello: [before, after], hanaro: run, load: loadavg() });
      }
    } finally {
      await hanaro.stop();
    }
    const cpus = os.cpus();
    console.log([
      report(rows), '',
      `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} CPUs, Node ${process.version}, PostgreSQL ${pgVersion}. ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      `Load average (1 / 5 / 15 min) at the start: ${loadAtStart}. ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up; Hanaro compiled (dist/), NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}.`,
      `Command: npm run bench:pages -- --duration ${DURATION_S} --connections ${CONNECTIONS} --warmup ${WARMUP_S} --log-level ${LOG_LEVEL}`,
    ].join('\n'));
  } finally {
    hello.stop();
    await fresh.drop();
    log(`database ${fresh.name} dropped`);
  }
});
