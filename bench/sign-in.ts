/**
 * Sign-in and token issuance benchmark: `npm run bench:sign-in [-- --duration 10 --concurrency 1,8]`.
 * On a fresh PostgreSQL database (migrated, demo pack seeded, dropped afterwards) it starts Hanaro as
 * `npm start` does and measures over HTTP:
 *   - with autocannon, the credential check alone: resident password sign-ins (POST /sign-in, scrypt at
 *     the cost password.ts stores) and passkey sign-ins (options, then the signed answer of a software
 *     authenticator), each answered with a redirect that carries the one-use sign-in proof;
 *   - the complete portal sign-in, by password and by passkey: virtual users, each with its own cookie
 *     jar, post the sign-in form and follow every redirect with fetch (`/sign-in/start`, the provider's
 *     authorization endpoint, its login step which takes the proof, back to `/oidc/auth`, the portal's
 *     `/sign-in/callback` which redeems the code and checks the ID token) to `/me`, which must answer
 *     200 with the resident's name;
 *   - OAuth client-credentials tokens from the OpenID provider (POST /oidc/token), with autocannon.
 * Beside them, in the same process and run: the raw cost of one scrypt hash and one ES256 signature.
 * Prints a markdown report to stdout; progress goes to stderr.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { agencyScope } from '../src/platform/tenancy.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { registerClient } from '../src/modules/sso/index.ts';
import { AGENCY_API_SCOPES } from '../src/modules/govstack-registration/index.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { signUpResident } from '../src/modules/identity/sign-up-resident.ts';
import { addPasskey, passkeyRegistrationOptions, relyingPartyOf } from '../src/modules/identity/passkeys.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD } from '../test/support/platform.ts';
import { SoftwareAuthenticator } from '../test/support/software-authenticator.ts';
import { Browser, type Answer } from './browser.ts';
import { DEMO_PACK, drive, freePort, freshDatabase, log, migrateAndSeedDemo, option, percentile, runBench, startHanaro } from './support.ts';

const DURATION_S = Number(option('--duration', '10'));
const LEVELS = option('--concurrency', '1,8').split(',').map(Number);
const RESIDENTS = Object.values(DEMO_RESIDENTS);
if (!Number.isInteger(DURATION_S) || DURATION_S < 1) throw new Error('--duration must be a whole number of seconds');
if (!LEVELS.every((c) => Number.isInteger(c) && c >= 1 && c <= RESIDENTS.length)) throw new Error(`--concurrency: whole numbers from 1 to ${RESIDENTS.length}`);

interface Fixture { clientId: string; clientSecret: string; passkeys: SoftwareAuthenticator[] }

/** Residents with accounts (the demo password), one passkey each, and an agency client for tokens. */
async function prepare(database: Database, base: string): Promise<Fixture> {
  await migrateAndSeedDemo(database);
  const settings = loadConfig({ PUBLIC_URL: base });
  const country = loadPack(DEMO_PACK).country;
  const rp = relyingPartyOf(base, 'Hanaro bench');
  const policy = { idleMinutes: 30, absoluteHours: 12 };
  const passkeys: SoftwareAuthenticator[] = [];
  for (const r of RESIDENTS) {
    const signedUp = await signUpResident(database.db, { ...r, email: '', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, locale: 'ko' },
      { idRule: country.idNumber, policy, requestId: 'bench' });
    if (!signedUp.ok) throw new Error(`sign-up of ${r.name} failed: ${JSON.stringify(signedUp.problems)}`);
    const { rows } = await sql<{ id: string; name: string }>`select a.id, r.name from resident_accounts a join residents r on r.id = a.resident_id where r.id_number = ${r.idNumber}`.execute(database.db);
    namesOnMyPage.push(rows[0]!.name);
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

/** A page's CSRF cookie and token: the sign-in forms post them as a browser would. */
async function csrfOf(base: string, page: string): Promise<{ cookie: string; token: string }> {
  const browser = new Browser(base);
  const token = await browser.csrfTokenOn(page);
  return { cookie: browser.cookieHeader(page), token };
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

type Complete = { perSecond: number; p50: number; p99: number; requestsEach: number; signedIn: number; errors: number };

/**
 * The whole portal sign-in, `users` at a time: each virtual user has the sign-in page open (its CSRF
 * cookie and token, loaded once) and, in a fresh browser holding that cookie, posts its credential
 * (`credential`), follows every redirect through the OpenID provider and back, and must end on /me
 * answering 200 with its resident's name. Times the whole round trip from the post to that page.
 */
/** Each demo resident's name as the registry holds it, which /me shows (a sign-up may type it in Latin letters). */
const namesOnMyPage: string[] = [];

async function completeSignIns(base: string, users: number, credential: (browser: Browser, token: string, user: number) => Promise<Answer>): Promise<Complete> {
  const pages = await Promise.all(Array.from({ length: users }, async () => {
    const browser = new Browser(base);
    return { browser, token: await browser.csrfTokenOn('/sign-in') };
  }));
  let requests = 0;
  const run = await drive(users, DURATION_S, async (user) => {
    const browser = new Browser(base, pages[user]!.browser);
    const page = await browser.follow(await credential(browser, pages[user]!.token, user));
    const name = namesOnMyPage[user % namesOnMyPage.length]!;
    if (page.url.pathname !== '/me' || page.status !== 200 || !page.body.includes(name)) {
      throw new Error(`ended on ${page.url.pathname} (${page.status}) ${page.body.includes(name) ? 'with' : 'without'} ${name}'s name`);
    }
    requests += browser.requests;
  });
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    perSecond: run.operations / run.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99),
    requestsEach: requests / (run.operations || 1), signedIn: run.operations, errors: run.errors,
  };
}

const completePassword = (base: string, users: number) => completeSignIns(base, users, (browser, token, user) =>
  browser.send('POST', '/sign-in', { _csrf: token, idNumber: RESIDENTS[user % RESIDENTS.length]!.idNumber, password: RESIDENT_PASSWORD, return: '/me' }));

/** Virtual user n signs in as resident n with that resident's passkey (so signature counters never race). */
const completePasskey = (base: string, users: number, passkeys: SoftwareAuthenticator[]) => completeSignIns(base, users, async (browser, token, user) => {
  const options = await browser.send('POST', '/sign-in/passkey/options', { _csrf: token });
  if (options.status !== 200) throw new Error(`passkey options answered ${options.status}`);
  const answer = passkeys[user]!.authenticate(JSON.parse(options.body) as { challenge: string });
  return browser.send('POST', '/sign-in/passkey', { _csrf: token, response: JSON.stringify(answer), return: '/me' });
});

/** Mean milliseconds of one call, over `runs` calls one after another. */
async function costOf(runs: number, once: () => unknown): Promise<number> {
  await once();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await once();
  return (performance.now() - t0) / runs;
}

async function main(): Promise<void> {
  const fresh = await freshDatabase('hanaro_bench_sign_in');
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const database = await openDatabase({ url: fresh.url, dataDir: '' });
    let fixture: Fixture;
    try { fixture = await prepare(database, base); } finally { await database.close(); }
    log('fresh database ready; starting hanaro');
    const hanaro = await startHanaro({
      DATABASE_URL: fresh.url, RATE_LIMIT_PER_MINUTE: '100000000', SIGN_IN_ATTEMPTS_PER_MINUTE: '100000000', SECURE_COOKIES: 'false',
    }, port);
    const rows: string[] = [];
    const completeRows: string[] = [];
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
        for (const [what, run] of [
          ['complete portal sign-in, password', () => completePassword(base, c)],
          ['complete portal sign-in, passkey', () => completePasskey(base, c, fixture.passkeys)],
        ] as const) {
          log(`${what}, ${c} virtual user(s), ${DURATION_S} s`);
          const r = await run();
          completeRows.push(`| ${what} | ${c} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${Number(r.requestsEach.toFixed(1))} | ${r.signedIn} | ${r.errors} |`);
        }
      }
    } finally { await hanaro.stop(); }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.alloc(200, 7);
    const scryptMs = await costOf(20, () => hashPassword('bench-password-1'));
    const es256Ms = await costOf(2000, () => sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    const cpu = os.cpus();
    console.log([
      `Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL at ${new URL(fresh.url).host}; load average after the run: ${load}`,
      `Command: \`npm run bench:sign-in -- --duration ${DURATION_S} --concurrency ${LEVELS.join(',')}\``,
      '',
      '| what | connections | per second | p50 ms | p99 ms | answered | other answers |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| what | virtual users | sign-ins per second | p50 ms | p99 ms | requests per sign-in | signed in | errors |',
      '|---|---|---|---|---|---|---|---|',
      ...completeRows,
      '',
      `Raw cost on the same machine, same run: one scrypt hash (N=2^15, r=8, p=1) ${scryptMs.toFixed(1)} ms (${(1000 / scryptMs).toFixed(0)}/s on one thread); one ES256 signature ${(es256Ms * 1000).toFixed(0)} µs (${(1000 / es256Ms).toFixed(0)}/s).`,
    ].join('\n'));
  } finally {
    await fresh.drop();
  }
}

runBench(main);
