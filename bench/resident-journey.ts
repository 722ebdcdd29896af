/**
 * The resident journey under load: `npm run bench:journey [-- --residents 1000 --minutes 10 --think 3]`.
 * On a fresh PostgreSQL database (migrated, the demo pack and a synthetic population seeded, dropped
 * afterwards) `--residents` adults of the population open accounts through the platform's sign-up
 * (password, scrypt), then Hanaro starts as `npm start` runs it and the residents arrive evenly
 * spread over `--minutes`, each with a browser of its own (bench/browser.ts: cookies, redirects by
 * hand, the CSRF token of each page it posts from), and each does what a person does to report a
 * move: opens the home page, signs in (the whole OpenID redirect flow to /me), searches the catalog,
 * opens the service, starts an application, fills its three pages (with a wrong phone number first,
 * then corrected), checks the answers, submits and opens the application's page. Between steps each
 * pauses a random 0 to 2 × `--think` seconds, as people read. Every answer not the one expected is
 * an error of its step (the first few bodies are printed); at the end the database must hold exactly
 * one filed application per resident. Prints a markdown report to stdout; progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { verifyAuditLog } from '../src/platform/audit/audit.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { seedPopulation } from '../src/modules/registries/index.ts';
import { signUpResident } from '../src/modules/identity/sign-up-resident.ts';
import { RESIDENT_PASSWORD } from '../test/support/platform.ts';
import { Browser, csrfTokenIn, type Answer } from './browser.ts';
import { DEMO_PACK, ROOT, freshDatabase, log, migrateAndSeedDemo, onServer, option, percentile, cpuSecondsOf, queryOn, runBench, sleep, startHanaro } from './support.ts';

const RESIDENTS = Number(option('--residents', '1000'));
const MINUTES = Number(option('--minutes', '10'));
const THINK_S = Number(option('--think', '3'));
const POOL = option('--pool', '10');
const SERVICE = 'moving-in-report';
const QUERY = '전입신고';
if (!Number.isInteger(RESIDENTS) || RESIDENTS < 1) throw new Error('--residents must be a whole number from 1');
if (!(MINUTES > 0)) throw new Error('--minutes must be more than 0');
if (!(THINK_S >= 0)) throw new Error('--think must be 0 or more seconds');

interface Resident { idNumber: string; name: string }

/** Adults of a synthetic population, each with an account opened by the platform's own sign-up. */
async function prepare(database: Database): Promise<Resident[]> {
  await migrateAndSeedDemo(database);
  const pack = loadPack(DEMO_PACK);
  // About four in five of the generated people are adults; a margin so that there are enough.
  await seedPopulation(database.db, { count: Math.ceil(RESIDENTS * 1.5) + 50, country: pack.country, registries: pack.registries, reserved: pack.residents.map((r) => r.idNumber) },
    { actor: 'system:bench' });
  const { rows } = await sql<Resident & { birthDate: string }>`select id_number as "idNumber", name, to_char(birth_date, 'YYYY-MM-DD') as "birthDate" from residents
    where origin = 'population' and retired_at is null and birth_date <= current_date - interval '20 years' order by id_number limit ${RESIDENTS}`.execute(database.db);
  if (rows.length < RESIDENTS) throw new Error(`the population has ${rows.length} adults, not ${RESIDENTS}`);
  const policy = { idleMinutes: 30, absoluteHours: 12 };
  let next = 0;
  // Four at a time: scrypt runs on libuv's thread pool.
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let r = rows[next++]; r; r = rows[next++]) {
      const signedUp = await signUpResident(database.db, { ...r, email: '', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, locale: 'ko' },
        { idRule: pack.country.idNumber, policy, requestId: 'bench:journey' });
      if (!signedUp.ok) throw new Error(`sign-up of ${r.idNumber} failed: ${JSON.stringify(signedUp.problems)}`);
      if (next % 100 === 0) log(`  ${next} of ${RESIDENTS} accounts`);
    }
  }));
  return rows.map(({ idNumber, name }) => ({ idNumber, name }));
}

/** What one step of the journey gave over the whole run. */
interface Step { name: string; latenciesMs: number[]; requests: number; errors: number; bodies: string[] }
const steps = new Map<string, Step>();
const stepOf = (name: string) => steps.get(name) ?? steps.set(name, { name, latenciesMs: [], requests: 0, errors: 0, bodies: [] }).get(name)!;

class StepFailed extends Error {}

/**
 * Times one step (its requests and the redirects they are followed through), which must end on
 * `status` at a path matching `at` with a body that passes `check`; anything else is the step's error.
 */
async function step(browser: Browser, name: string, run: () => Promise<Answer>, expect: { status: number; at?: RegExp; check?: (body: string) => boolean }): Promise<Answer> {
  const s = stepOf(name);
  const requestsBefore = browser.requests;
  const t0 = performance.now();
  let answer: Answer | undefined;
  let problem: string | undefined;
  try {
    answer = await run();
    if (answer.status !== expect.status) problem = `answered ${answer.status}, not ${expect.status}`;
    else if (expect.at && !expect.at.test(answer.url.pathname)) problem = `ended on ${answer.url.pathname}`;
    else if (expect.check && !expect.check(answer.body)) problem = 'the page is not the one expected';
  } catch (err) {
    problem = (err as Error).message;
  }
  const ms = performance.now() - t0;
  s.requests += browser.requests - requestsBefore;
  if (!problem) {
    s.latenciesMs.push(ms);
    return answer!;
  }
  s.errors++;
  if (s.bodies.length < 3) {
    const where = answer ? `${answer.url.pathname}${answer.url.search}` : '';
    s.bodies.push(`${problem} ${where}: ${(answer?.body ?? '').replace(/\s+/g, ' ').slice(0, 600)}`);
    log(`  ${name}: ${s.bodies.at(-1)}`);
  }
  throw new StepFailed(name);
}

const think = () => sleep(Math.random() * 2 * THINK_S * 1000);
const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** A form with the page's CSRF token, multipart when the page's form is (it has a file field). */
function formOn(page: Answer, fields: Record<string, string>): Record<string, string> | FormData {
  const all = { _csrf: csrfTokenIn(page.body) ?? '', ...fields };
  if (!page.body.includes('enctype="multipart/form-data"')) return all;
  const data = new FormData();
  for (const [k, v] of Object.entries(all)) data.append(k, v);
  return data;
}

/** One resident's whole journey; the id of the application it filed, or null where a step failed. */
async function journey(base: string, resident: Resident, n: number): Promise<string | null> {
  const browser = new Browser(base);
  const post = (page: Answer, path: string, fields: Record<string, string>) => browser.send('POST', path, formOn(page, fields));
  const html = { status: 200 };
  try {
    await step(browser, 'home', () => browser.send('GET', '/'), { ...html, check: (b) => b.includes('href="/sign-in') });
    await think();
    const signInPage = await step(browser, 'sign-in page', () => browser.send('GET', '/sign-in'), { ...html, check: (b) => Boolean(csrfTokenIn(b)) });
    await think();
    await step(browser, 'sign in (password, OpenID redirects to /me)',
      async () => browser.follow(await post(signInPage, '/sign-in', { idNumber: resident.idNumber, password: RESIDENT_PASSWORD, return: '/me' })),
      { ...html, at: /^\/me$/, check: (b) => b.includes(resident.name) });
    await think();
    await step(browser, `search "${QUERY}"`, () => browser.send('GET', `/services?q=${encodeURIComponent(QUERY)}`), { ...html, check: (b) => b.includes(`href="/services/${SERVICE}"`) });
    await think();
    await step(browser, 'service page', () => browser.send('GET', `/services/${SERVICE}`), { ...html, check: (b) => b.includes(`/services/${SERVICE}/apply`) });
    await think();
    const startPage = await step(browser, 'start page', () => browser.send('GET', `/services/${SERVICE}/apply`), { ...html, check: (b) => Boolean(csrfTokenIn(b)) });
    await think();
    const address = await step(browser, 'start application (to page 1)', async () => browser.follow(await post(startPage, `/services/${SERVICE}/apply`, {})),
      { ...html, at: /^\/me\/applications\/[^/]+\/form\/address$/ });
    const form = address.url.pathname.replace(/\/address$/, '');
    await think();
    const household = await step(browser, 'page 1: new address', async () => browser.follow(await post(address, `${form}/address`, {
      newAddress: `한결시 중앙구 하나로 ${1 + (n % 200)}, 한결아파트 ${101 + (n % 9)}동 ${100 + (n % 1500)}호`, moveDate: isoDay(1 + (n % 10)), action: 'continue',
    })), { ...html, at: /\/form\/household$/ });
    await think();
    const lease = await step(browser, 'page 2: household', async () => browser.follow(await post(household, `${form}/household`, {
      movingType: 'whole-household', memberCount: String(1 + (n % 4)), action: 'continue',
    })), { ...html, at: /\/form\/lease$/ });
    await think();
    const phone = `010-${String(1000 + (n % 9000))}-${String(n % 10_000).padStart(4, '0')}`;
    // The mistake people make: a digit short. The page comes back 400 naming the field, and keeps it.
    const corrected = await step(browser, 'page 3: phone with a digit short (400)', () => post(lease, `${form}/lease`, { phone: phone.slice(0, -1), action: 'continue' }),
      { status: 400, check: (b) => b.includes('href="#f-phone"') && b.includes(`value="${phone.slice(0, -1)}"`) });
    await think();
    const check = await step(browser, 'page 3: corrected (to check answers)', async () => browser.follow(await post(corrected, `${form}/lease`, { phone, action: 'continue' })),
      { ...html, at: /\/check$/, check: (b) => b.includes(phone) });
    await think();
    const submitted = await step(browser, 'submit', () => post(check, form.replace(/\/form$/, '/submit'), {}), { status: 303 });
    const statusPage = submitted.location ?? '';
    await think();
    await step(browser, 'application page', () => browser.send('GET', statusPage), { ...html, at: /^\/me\/applications\/[^/]+$/, check: (b) => b.includes('전입신고') });
    return form.split('/')[3]!;
  } catch (err) {
    if (err instanceof StepFailed) return null;
    throw err;
  }
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '–');

function commit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''}`;
}

async function main(): Promise<void> {
  const pgVersion = (await onServer<{ v: string }>("select current_setting('server_version') as v"))[0]!.v.split(' ')[0];
  const fresh = await freshDatabase('hanaro_bench_journey');
  try {
    log(`database ${fresh.name}: migrating, seeding the demo pack and a population, opening ${RESIDENTS} accounts`);
    const database = await openDatabase({ url: fresh.url, dataDir: '' });
    let residents: Resident[];
    const t0 = performance.now();
    try { residents = await prepare(database); } finally { await database.close(); }
    log(`ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; starting hanaro`);
    const hanaro = await startHanaro({
      DATABASE_URL: fresh.url, DATABASE_POOL_SIZE: POOL, RATE_LIMIT_PER_MINUTE: '100000000', SIGN_IN_ATTEMPTS_PER_MINUTE: '100000000', SECURE_COOKIES: 'false',
    });
    const loadBefore = loadavg();
    const started = new Date();
    const hanaroCpuBefore = cpuSecondsOf(hanaro.pid);
    const driverCpuBefore = process.cpuUsage();
    let hanaroCpu = NaN;
    const spacingMs = (MINUTES * 60_000) / RESIDENTS;
    const t1 = performance.now();
    let finished = 0;
    let filed: (string | null)[];
    try {
      log(`${RESIDENTS} residents over ${MINUTES} min (one every ${(spacingMs / 1000).toFixed(2)} s), thinking 0–${2 * THINK_S} s between steps`);
      const progress = setInterval(() => log(`  ${((performance.now() - t1) / 1000).toFixed(0)} s: ${finished} of ${RESIDENTS} journeys done, load ${loadavg()}`), 30_000);
      try {
        filed = await Promise.all(residents.map(async (r, n) => {
          await sleep(Math.max(0, n * spacingMs - (performance.now() - t1)));
          const id = await journey(hanaro.base, r, n);
          finished++;
          return id;
        }));
      } finally { clearInterval(progress); }
    } finally {
      hanaroCpu = cpuSecondsOf(hanaro.pid) - hanaroCpuBefore;
      await hanaro.stop();
    }
    const driverCpu = (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(driverCpuBefore));
    const seconds = (performance.now() - t1) / 1000;
    const loadAfter = loadavg();
    const [counts] = await queryOn<{ filed: string; residents: string; drafts: string }>(fresh.url, `
      select count(*) filter (where status <> 'draft') as filed, count(distinct resident_id) filter (where status <> 'draft') as residents,
             count(*) filter (where status = 'draft') as drafts from applications where service_id = $1`, [SERVICE]);
    const audit = await openDatabase({ url: fresh.url, dataDir: '' });
    let verified: Awaited<ReturnType<typeof verifyAuditLog>>;
    try { verified = await verifyAuditLog(audit.db); } finally { await audit.close(); }
    const journeysOk = filed.filter(Boolean).length;
    const inDb = Number(counts!.filed);
    const distinct = new Set(filed.filter(Boolean)).size;
    const cpus = os.cpus();
    const table = [...steps.values()].map((s) => {
      const sorted = [...s.latenciesMs].sort((a, b) => a - b);
      const done = sorted.length + s.errors;
      return `| ${s.name} | ${done} | ${Number((s.requests / (done || 1)).toFixed(1))} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 95))} | ${fmt(percentile(sorted, 99))} | ${fmt(sorted.at(-1) ?? NaN)} | ${s.errors} |`;
    });
    console.log([
      `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, PostgreSQL ${pgVersion} on the same machine; the driver and Hanaro (one process, pool ${POOL}) share it.`,
      `Commit: ${commit()}. Started: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC. Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter}.`,
      `Command: \`npm run bench:journey -- --residents ${RESIDENTS} --minutes ${MINUTES} --think ${THINK_S} --pool ${POOL}\` — ${RESIDENTS} residents arriving one every ${(spacingMs / 1000).toFixed(2)} s, the last journey done after ${seconds.toFixed(0)} s.`,
      `CPU used during the run: Hanaro ${hanaroCpu.toFixed(0)} s (${(hanaroCpu / seconds * 100).toFixed(0)} % of one core on average, ${(hanaroCpu * 1000 / RESIDENTS).toFixed(0)} ms a journey), the driver ${driverCpu.toFixed(0)} s (PostgreSQL's own not counted).`,
      '',
      '| step | done | requests each | p50 ms | p95 ms | p99 ms | max ms | errors |',
      '|---|---|---|---|---|---|---|---|',
      ...table,
      '',
      `Journeys completed: ${journeysOk} of ${RESIDENTS}. In the database: ${inDb} filed ${SERVICE} applications from ${counts!.residents} residents (${distinct} distinct ids seen by the residents), ${counts!.drafts} drafts left. ` +
        `Audit chains: ${verified.entries} entries in ${verified.chains} chains, ${verified.firstBreak ? `BROKEN at ${verified.firstBreak.chain} #${verified.firstBreak.seq}` : 'all verify'}.`,
      ...[...steps.values()].filter((s) => s.bodies.length).map((s) => `First errors of "${s.name}": ${s.bodies.join(' | ')}`),
    ].join('\n'));
    const errors = [...steps.values()].reduce((sum, s) => sum + s.errors, 0);
    if (errors || inDb !== RESIDENTS || Number(counts!.residents) !== RESIDENTS || distinct !== RESIDENTS || verified.firstBreak) {
      console.error(`not clean: ${errors} step errors, ${inDb} applications filed for ${RESIDENTS} residents`);
      process.exitCode = 1;
    }
  } finally {
    await fresh.drop();
  }
}

runBench(main);
