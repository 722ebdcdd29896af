/**
 * Sign-in and token issuance benchmark: `npm run bench:sign-in [-- --duration 10 --concurrency 1,8]`.
 * On a fresh PostgreSQL database (migrated, demo pack seeded, dropped afterwards) it starts Hanaro as
 * `npm start` does and measures over HTTP with autocannon:
 *   - resident password sign-ins (POST /sign-in, scrypt at the cost password.ts stores),
 *   - resident passkey sign-ins (options, then the signed answer of a software authenticator),
 *   - OAuth client-credentials tokens from the OpenID provider (POST /oidc/token).
 * Beside them, in the same process and run: the raw cost of one scrypt hash and one ES256 signature.
 * Prints a markdown report to stdout; progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { migrationSources, seedFromDir } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrations.ts';
import { agencyScope } from '../src/platform/tenancy.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { registerClient } from '../src/modules/sso/index.ts';
import { AGENCY_API_SCOPES } from '../src/modules/govstack-registration/index.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { signUpResident } from '../src/modules/identity/sign-up-resident.ts';
import { addPasskey, passkeyRegistrationOptions, relyingPartyOf } from '../src/modules/identity/passkeys.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD } from '../test/support/platform.ts';
import { SoftwareAuthenticator } from '../test/support/software-authenticator.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] ?? fallback : fallback; };
const DURATION_S = Number(arg('--duration', '10'));
const LEVELS = arg('--concurrency', '1,8').split(',').map(Number);
const RESIDENTS = Object.values(DEMO_RESIDENTS);
if (!Number.isInteger(DURATION_S) || DURATION_S < 1) throw new Error('--duration must be a whole number of seconds');
if (!LEVELS.every((c) => Number.isInteger(c) && c >= 1 && c <= RESIDENTS.length)) throw new Error(`--concurrency: whole numbers from 1 to ${RESIDENTS.length}`);
const log = (line: string) => console.error(line);

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

async function portFree(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

interface Fixture { clientId: string; clientSecret: string; passkeys: SoftwareAuthenticator[] }

/** Residents with accounts (the demo password), one passkey each, and an agency client for tokens. */
async function prepare(database: Database, base: string): Promise<Fixture> {
  await migrate(database, migrationSources);
  await seedFromDir(database, path.join(ROOT, 'packs', 'demo'));
  const settings = loadConfig({ PUBLIC_URL: base });
  const country = loadPack(path.join(ROOT, 'packs', 'demo')).country;
  const rp = relyingPartyOf(base, 'Hanaro bench');
  const policy = { idleMinutes: 30, absoluteHours: 12 };
  const passkeys: SoftwareAuthenticator[] = [];
  for (const r of RESIDENTS) {
    const signedUp = await signUpResident(database.db, { ...r, email: '', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, locale: 'ko' },
      { idRule: country.idNumber, policy, requestId: 'bench' });
    if (!signedUp.ok) throw new Error(`sign-up of ${r.name} failed: ${JSON.stringify(signedUp.problems)}`);
    const { rows } = await sql<{ id: string }>`select a.id from resident_accounts a join residents r on r.id = a.resident_id where r.id_number = ${r.idNumber}`.execute(database.db);
    const holder = { kind: 'resident' as const, id: rows[0]!.id, userName: r.name, displayName: r.name, auditTarget: `resident:bench` };
    const authenticator = new SoftwareAuthenticator(base);
    const options = await passkeyRegistrationOptions(database.db, rp, holder);
    const added = await addPasskey(database.db, rp, holder, { response: authenticator.register(options) as never, name: 'bench' }, { actor: 'system:bench' });
    if (!added.ok) throw new Error(`passkey of ${r.name}: ${added.problem}`);
    passkeys.push(authenticator);
  }
  const client = await registerClient(database.db, agencyScope('interior'), 'bench-backend', {
    name: 'Bench backend', logoUri: null, redirectUris: [], grantTypes: ['client_credentials'], authMethod: 'client_secret_basic',
    publicJwk: null, userClaims: [], apiScopes: ['registration:read'], acrValues: [], status: 'active',
  }, { secret: settings.documentKeySecret, apiScopes: AGENCY_API_SCOPES.map((s) => s.name) }, { actor: 'system:bench' });
  if (!client.ok || !client.clientSecret) throw new Error('bench client not registered');
  return { clientId: client.clientId, clientSecret: client.clientSecret, passkeys };
}

async function startServer(databaseUrl: string, port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/main.ts', 'start'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      RATE_LIMIT_PER_MINUTE: '100000000', SIGN_IN_ATTEMPTS_PER_MINUTE: '100000000', SECURE_COOKIES: 'false' },
  });
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null || tries > 600) throw new Error('hanaro did not become ready');
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return async () => { child.kill('SIGTERM'); await once(child, 'exit'); };
}

/** A page's CSRF cookie and token: the sign-in forms post them as a browser would. */
async function csrfOf(base: string, page: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${base}${page}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!token) throw new Error(`no CSRF token on ${page}`);
  return { cookie, token };
}

type Result = { rps: number; p50: number; p99: number; ok: number; errors: number };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function cannon(opts: autocannon.Options, expected: number): Promise<Result> {
  const r = await autocannon({ ...opts, duration: DURATION_S, expectBody: undefined });
  const ok = r.statusCodeStats?.[String(expected) as never]?.count ?? 0;
  return { rps: ok / DURATION_S, p50: r.latency.p50, p99: r.latency.p99, ok, errors: r.non2xx + r.errors - (expected >= 300 ? ok : 0) };
}

async function passwordSignIns(base: string, connections: number): Promise<Result> {
  const { cookie, token } = await csrfOf(base, '/sign-in');
  let n = 0;
  return cannon({ url: base, connections, requests: [{
    method: 'POST', path: '/sign-in', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    setupRequest: (req) => ({ ...req, body: form({ _csrf: token, idNumber: RESIDENTS[n++ % RESIDENTS.length]!.idNumber, password: RESIDENT_PASSWORD }) }),
  }] }, 303);
}

/** Each connection signs with its own resident's passkey, so signature counters never race. */
async function passkeySignIns(base: string, connections: number, passkeys: SoftwareAuthenticator[]): Promise<Result> {
  const { cookie, token } = await csrfOf(base, '/sign-in');
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
  let next = 0;
  type Ctx = { authenticator?: SoftwareAuthenticator; challenge?: string };
  return cannon({ url: base, connections, requests: [
    { method: 'POST', path: '/sign-in/passkey/options', headers, body: form({ _csrf: token }),
      onResponse: (_status, body, context: Ctx) => { context.challenge = (JSON.parse(body) as { challenge: string }).challenge; } },
    { method: 'POST', path: '/sign-in/passkey', headers,
      setupRequest: (req, context: Ctx) => {
        context.authenticator ??= passkeys[next++ % passkeys.length]!;
        const answer = context.authenticator.authenticate({ challenge: context.challenge! });
        return { ...req, body: form({ _csrf: token, response: JSON.stringify(answer), return: '/me' }) };
      } },
  ] }, 303);
}

async function tokens(base: string, connections: number, fx: Fixture): Promise<Result> {
  const basic = Buffer.from(`${encodeURIComponent(fx.clientId)}:${encodeURIComponent(fx.clientSecret)}`).toString('base64');
  return cannon({ url: base, connections, requests: [{
    method: 'POST', path: '/oidc/token', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'client_credentials', scope: 'registration:read' }),
  }] }, 200);
}

/** Mean milliseconds of one call, over `runs` calls one after another. */
async function costOf(runs: number, once: () => unknown): Promise<number> {
  await once();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await once();
  return (performance.now() - t0) / runs;
}

async function main(): Promise<void> {
  const name = `hanaro_bench_sign_in_${randomUUID().slice(0, 8)}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  await onServer(`create database ${name}`);
  try {
    const port = await portFree();
    const base = `http://127.0.0.1:${port}`;
    const database = await openDatabase({ url: url.href, dataDir: '' });
    let fixture: Fixture;
    try { fixture = await prepare(database, base); } finally { await database.close(); }
    log('fresh database ready; starting hanaro');
    const stop = await startServer(url.href, port);
    const rows: string[] = [];
    try {
      for (const c of LEVELS) {
        for (const [what, run] of [
          ['resident password sign-in', () => passwordSignIns(base, c)],
          ['resident passkey sign-in', () => passkeySignIns(base, c, fixture.passkeys)],
          ['client-credentials token', () => tokens(base, c, fixture)],
        ] as const) {
          log(`${what}, ${c} connection(s), ${DURATION_S} s`);
          const r = await run();
          rows.push(`| ${what} | ${c} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.errors} |`);
        }
      }
    } finally { await stop(); }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.alloc(200, 7);
    const scryptMs = await costOf(20, () => hashPassword('bench-password-1'));
    const es256Ms = await costOf(2000, () => sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    const cpu = os.cpus();
    console.log([
      `Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL at ${url.host}; load average after the run: ${load}`,
      `Command: \`npm run bench:sign-in -- --duration ${DURATION_S} --concurrency ${LEVELS.join(',')}\``,
      '',
      '| what | connections | per second | p50 ms | p99 ms | answered | other answers |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Raw cost on the same machine, same run: one scrypt hash (N=2^15, r=8, p=1) ${scryptMs.toFixed(1)} ms (${(1000 / scryptMs).toFixed(0)}/s on one thread); one ES256 signature ${(es256Ms * 1000).toFixed(0)} µs (${(1000 / es256Ms).toFixed(0)}/s).`,
    ].join('\n'));
  } finally {
    await onServer(`drop database if exists ${name} with (force)`);
  }
}

await main();
