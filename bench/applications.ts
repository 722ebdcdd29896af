/**
 * Application submit benchmark: `npm run bench:applications [-- --duration 20 --concurrency 1,8,32]`.
 * On a fresh PostgreSQL database (migrated, demo pack seeded, dropped afterwards) it starts Hanaro the
 * way `npm start` does and, with autocannon, files applications through the GovStack Registration API
 * (`POST /govstack/registration/services/{id}/applications`, an interior agency API key) for a
 * resident-registration-certificate, rotating the demo residents, at each concurrency for the
 * duration, interleaved at each level: Hanaro, then pgbench inserting one row of the same shape per
 * transaction (bench/pgbench-applications.ts), then Hanaro again, so that a change of the machine's
 * load shows as a difference between the two Hanaro runs instead of skewing the ratio.
 * `--pool N` sets DATABASE_POOL_SIZE (default: the highest concurrency); `--cpu-prof DIR` writes
 * Hanaro's CPU profile (node --cpu-prof) there. Prints a markdown report to stdout; progress goes to stderr.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { verifyAuditLog } from '../src/platform/audit/audit.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { agencyScope } from '../src/platform/tenancy.ts';
import { findStaffByEmail } from '../src/modules/agencies/index.ts';
import { issueApiKey, REGISTRATION_SCOPES } from '../src/modules/govstack-registration/index.ts';
import { DEMO_RESIDENTS } from '../test/support/platform.ts';
import { createPgbenchTables, pgbenchBinary, runPgbench, type LevelResult } from './pgbench-applications.ts';
import { freshDatabase, log, migrateAndSeedDemo, onServer, option, queryOn, runBench, sleep, startHanaro } from './support.ts';

const SERVICE = 'resident-registration-certificate';
const AGENCY = 'interior';
const API_PATH = `/govstack/registration/services/${SERVICE}/applications`;

const DURATION_S = Number(option('--duration', '20'));
const LEVELS = option('--concurrency', '1,8,32').split(',').map(Number);
const WARMUP_S = Number(option('--warmup', '3'));
const POOL = option('--pool', String(Math.max(...LEVELS)));
const CPU_PROF = option('--cpu-prof', '');
if (!Number.isInteger(DURATION_S) || DURATION_S < 1) throw new Error('--duration must be a whole number of seconds');
if (!LEVELS.every((c) => Number.isInteger(c) && c >= 1)) throw new Error('--concurrency must be a comma-separated list of positive integers');
if (!Number.isInteger(WARMUP_S) || WARMUP_S < 0) throw new Error('--warmup must be a whole number of seconds');

/** Migrates and seeds the demo pack, then issues the interior agency an API key that may file applications. */
async function prepare(url: string): Promise<string> {
  const database = await openDatabase({ url, dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    return await issueBenchKey(database);
  } finally {
    await database.close();
  }
}

async function issueBenchKey(database: Database): Promise<string> {
  const admin = await findStaffByEmail(database.db, `admin.${AGENCY}@demo.hanaro.example`);
  if (!admin) throw new Error(`the demo pack has no admin.${AGENCY} staff member`);
  const issued = await issueApiKey(database.db, agencyScope(AGENCY), { label: 'bench:applications', scopes: [REGISTRATION_SCOPES.apply] },
    { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
  if (!issued.ok) throw new Error(`could not issue an API key: ${issued.problem}`);
  return issued.secret;
}

const RESIDENTS = Object.values(DEMO_RESIDENTS);
const PURPOSES = ['bank', 'school', 'court', 'employer', 'other'] as const;

/** What a resident would answer on the certificate's form, varied from request to request. */
function answersFor(n: number) {
  const purpose = PURPOSES[n % PURPOSES.length]!;
  return {
    purpose, ...(purpose === 'other' ? { otherPurpose: '임대차 계약 확인용 (부동산 중개사무소)' } : {}),
    includeAddressHistory: n % 3 === 0 ? 'yes' : 'no', includeHouseholdMembers: n % 2 === 0, copies: 1 + (n % 3),
  };
}

let sequence = 0;
function nextBody(): string {
  const n = sequence++;
  const resident = RESIDENTS[n % RESIDENTS.length]!;
  return JSON.stringify({ applicantId: resident.idNumber, formData: { data: answersFor(n) } });
}

const countFiled = async (url: string) =>
  Number((await queryOn<{ n: string }>(url, `select count(*) as n from applications where service_id = '${SERVICE}' and status <> 'draft'`))[0]!.n);

/** Waits until no more applications appear: requests autocannon cut off at the end still commit. */
async function settledCount(url: string): Promise<number> {
  let last = await countFiled(url);
  for (;;) {
    await sleep(500);
    const now = await countFiled(url);
    if (now === last) return now;
    last = now;
  }
}

interface HttpLevel extends LevelResult { ok: number; failed: number; cutOff: number; statuses: string; load: string }

async function submit(base: string, key: string, connections: number, seconds: number) {
  return autocannon({
    url: base, connections, duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'information-mediator-client': 'HANGYEOL/GOV/INTERIOR/bench' },
    requests: [{
      method: 'POST', path: API_PATH,
      setupRequest: (req) => ({ ...req, body: nextBody(), headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
    }],
  });
}

async function runHttpLevel(base: string, key: string, url: string, connections: number): Promise<HttpLevel> {
  const before = await settledCount(url);
  const r = await submit(base, key, connections, DURATION_S);
  const rows = (await settledCount(url)) - before;
  const completed = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  const statuses = Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${s.count ?? 0}`).join(', ');
  return {
    concurrency: connections, seconds: r.duration, done: r['2xx'], rows, ok: r['2xx'], failed: r.non2xx + r.errors,
    cutOff: r.requests.sent - completed - r.errors, statuses, load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean,
  };
}

/** One request by hand first, so a wrong key or a missing route stops the bench with the answer it got. */
async function probe(base: string, key: string): Promise<void> {
  const res = await fetch(`${base}${API_PATH}`, {
    method: 'POST', body: nextBody(),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'information-mediator-client': 'HANGYEOL/GOV/INTERIOR/bench', 'idempotency-key': randomUUID() },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${API_PATH} answered ${res.status}: ${text.slice(0, 500)}`);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const perSecond = (x: LevelResult) => x.done / x.seconds;

function machineLine(pgVersion: string): string {
  const cpus = os.cpus();
  return `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${os.type()} ${os.release()}, Node ${process.version}, ${pgVersion}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
}

function report(http: HttpLevel[], bench: LevelResult[], extra: string[]): string {
  const lines = [
    '| Concurrency | Hanaro apps/s | pgbench tx/s | Hanaro ÷ pgbench | Hanaro p50 / p90 / p99 / max (ms) | pgbench p50 / p90 / p99 / max (ms) | Hanaro 2xx | Applications in the database | Cut off at the end | Non-2xx or errors | Load average after (1 / 5 / 15 min) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const h of http) {
    const b = bench.find((x) => x.concurrency === h.concurrency);
    lines.push(`| ${h.concurrency} | ${fmt(perSecond(h))} | ${b ? fmt(perSecond(b)) : '–'} | ${b ? `${fmt((100 * perSecond(h)) / perSecond(b))} %` : '–'} | ${fmt(h.p50)} / ${fmt(h.p90)} / ${fmt(h.p99)} / ${fmt(h.max)} | ` +
      `${b ? `${fmt(b.p50)} / ${fmt(b.p90)} / ${fmt(b.p99)} / ${fmt(b.max)}` : '–'} | ${h.ok} | ${h.rows} | ${h.cutOff} | ${h.failed}${h.failed ? ` (${h.statuses})` : ''} | ${h.load} |`);
  }
  return [...lines, '', ...extra].join('\n');
}

async function main(): Promise<void> {
  const pgVersion = `PostgreSQL ${(await onServer<{ v: string }>("select current_setting('server_version') as v"))[0]!.v.split(' ')[0]}`;
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const fresh = await freshDatabase();
  const dbUrl = fresh.url;
  log(`database ${fresh.name}: creating, migrating, seeding`);
  try {
    const key = await prepare(dbUrl);
    const http: HttpLevel[] = [];
    const bench: LevelResult[] = [];
    const binary = pgbenchBinary();
    if (binary) await createPgbenchTables(dbUrl);
    log(`starting hanaro (pool ${POOL})`);
    const hanaro = await startHanaro({ DATABASE_URL: dbUrl, DATABASE_POOL_SIZE: POOL, RATE_LIMIT_PER_MINUTE: '100000000' }, undefined,
      CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []);
    try {
      await probe(hanaro.base, key);
      if (WARMUP_S) {
        log(`warm-up: ${WARMUP_S} s at 8 connections (not reported)`);
        await submit(hanaro.base, key, 8, WARMUP_S);
      }
      for (const c of LEVELS) {
        log(`hanaro: ${c} connection(s) for ${DURATION_S} s`);
        http.push(await runHttpLevel(hanaro.base, key, dbUrl, c));
        if (binary) {
          log(`pgbench: ${c} client(s) for ${DURATION_S} s`);
          bench.push(await runPgbench(binary, dbUrl, c, DURATION_S));
        }
        log(`hanaro again: ${c} connection(s) for ${DURATION_S} s`);
        http.push(await runHttpLevel(hanaro.base, key, dbUrl, c));
      }
    } finally {
      await hanaro.stop();
    }
    const audit = await auditSummary(dbUrl);
    const extra = [
      machineLine(pgVersion),
      `Load average (1 / 5 / 15 min) at the start: ${loadAtStart}. Duration per level: ${DURATION_S} s, after a ${WARMUP_S} s warm-up.`,
      `Command: npm run bench:applications -- --duration ${DURATION_S} --concurrency ${LEVELS.join(',')} --warmup ${WARMUP_S} --pool ${POOL}. Each level: Hanaro, pgbench, Hanaro (two rows per level).`,
      audit,
      ...bench.filter((b) => b.rows !== b.done).map((b) => `pgbench at ${b.concurrency}: ${b.done} transactions logged but ${b.rows} rows.`),
      ...(binary ? [] : ['pgbench was not found (apt-get install postgresql-contrib): no comparison.']),
    ];
    console.log(report(http, bench, extra));
    const wrong = http.filter((h) => h.rows !== h.ok + h.cutOff);
    if (wrong.length) {
      console.error(`applications in the database do not match the 2xx answers plus the requests cut off at: ${wrong.map((h) => h.concurrency).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await fresh.drop();
    log(`database ${fresh.name} dropped`);
  }
}

/** What the run left behind per application, and whether the interior chain still verifies. */
async function auditSummary(url: string): Promise<string> {
  const [row] = await queryOn<{ apps: string; audit: string; notices: string }>(url, `
    select (select count(*) from applications where service_id = '${SERVICE}' and status <> 'draft') as apps,
           (select count(*) from audit_log where action like 'application.%' and agency_id = '${AGENCY}') as audit,
           (select count(*) from notices) as notices`);
  const database = await openDatabase({ url, dataDir: '' });
  try {
    const verified = await verifyAuditLog(database.db);
    return `Filed in all (warm-up and probe included): ${row!.apps} applications, ${row!.audit} application audit entries, ${row!.notices} notices. ` +
      `Audit chains: ${verified.entries} entries in ${verified.chains} chains, ${verified.firstBreak ? `BROKEN at ${verified.firstBreak.chain} #${verified.firstBreak.seq}` : 'all verify'}.`;
  } finally {
    await database.close();
  }
}

runBench(main);
