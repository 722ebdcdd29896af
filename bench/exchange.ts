/**
 * Exchange benchmark: `npm run bench:exchange [-- --duration 15 --concurrency 1,4,16 --subjects 2000]`.
 * Against PostgreSQL with a synthetic population (BENCH_RESIDENTS, default 1,000,000, seeded the way
 * `hanaro seed --residents N` does), the welfare agency asks interior's `proof-of-residence` data service
 * about random residents through `fetchFromDataService`: a signed request (ES256), the mediator's checks
 * (member, signature, fresh jti, consumer, the resident's consent record), the registry read and its
 * read-log rows, the signed response, both ends' exchange-log rows, and the consumer's check of the
 * response signature. Then, in the same run, the bare SELECT of the same registry rows, at the same
 * concurrencies, after VACUUM (ANALYZE) of the registry records (a fresh bulk load leaves the GIN index's
 * pending list full; see docs/benchmarks.md). Prints a markdown report to stdout; progress goes to stderr.
 *
 * BENCH_EXCHANGE_DB names a database to keep: seeded on the first run, reused as it is afterwards (it
 * must hold at least BENCH_RESIDENTS residents). Without it a fresh database is made and dropped.
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) names the server.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { checkConsent, giveConsent } from '../src/modules/consent/index.ts';
import { exchangeModule } from '../src/modules/exchange/index.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { publishedVersionOf, seedPopulation } from '../src/modules/registries/index.ts';
import { databaseUrl, DEMO_PACK, drive, log, migrateAndSeedDemo, onServer, option, percentile, runBench, type Driven } from './support.ts';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const KEPT_DB = process.env.BENCH_EXCHANGE_DB ?? '';

const DURATION_S = Number(option('--duration', '15'));
const LEVELS = option('--concurrency', '1,4,16').split(',').map(Number);
const SUBJECTS = Number(option('--subjects', '2000'));
if (!Number.isInteger(RESIDENTS) || RESIDENTS < 1) throw new Error('BENCH_RESIDENTS must be a positive whole number');
if (KEPT_DB && !/^[a-z_][a-z0-9_]{0,62}$/.test(KEPT_DB)) throw new Error('BENCH_EXCHANGE_DB must be a plain lower-case database name');
if (!Number.isInteger(DURATION_S) || DURATION_S < 1) throw new Error('--duration must be a whole number of seconds');
if (!LEVELS.every((c) => Number.isInteger(c) && c >= 1)) throw new Error('--concurrency must be a comma-separated list of positive integers');
if (!Number.isInteger(SUBJECTS) || SUBJECTS < 1) throw new Error('--subjects must be a positive whole number');

const SERVICE = 'proof-of-residence';
const CONSUMER = 'welfare';

/** The database to run on: the kept one (seeded once), or a fresh one; seeded with the pack and the population. */
async function prepare(): Promise<{ name: string; fresh: boolean; seededS: number | null }> {
  const name = KEPT_DB || `hanaro_bench_exchange_${process.pid}`;
  const exists = (await onServer('select 1 from pg_database where datname = $1', [name])).length > 0;
  if (exists) {
    const database = await openDatabase({ url: databaseUrl(name), dataDir: '' });
    try {
      await migrateAndSeedDemo(database);
      const [row] = (await sql<{ n: number }>`select count(*)::int as n from residents`.execute(database.db)).rows;
      if (row!.n >= RESIDENTS) {
        log(`Reusing ${name}: ${row!.n.toLocaleString('en')} residents.`);
        return { name, fresh: false, seededS: null };
      }
    } finally {
      await database.close();
    }
  } else {
    await onServer(`create database ${name}`);
  }
  const database = await openDatabase({ url: databaseUrl(name), dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    const started = performance.now();
    log(`Seeding ${RESIDENTS.toLocaleString('en')} residents into ${name} …`);
    // What `hanaro seed --residents N` runs (seedPopulationFromDir in src/app.ts), with its progress on stderr.
    const pack = loadPack(DEMO_PACK);
    await seedPopulation(database.db, { count: RESIDENTS, country: pack.country, registries: pack.registries, reserved: pack.residents.map((r) => r.idNumber) },
      { actor: 'system:seed' }, (done) => process.stderr.write(`\r  ${done.toLocaleString('en')} of ${RESIDENTS.toLocaleString('en')} residents`));
    log('');
    return { name, fresh: !KEPT_DB, seededS: (performance.now() - started) / 1000 };
  } finally {
    await database.close();
  }
}

interface Subject { idNumber: string; consentId: string }

/** Random residents of the population, each with a consent to the child-allowance agreement (welfare reads their residence). */
async function subjectsWithConsent(database: Database): Promise<Subject[]> {
  const rows = (await sql<{ id: string; id_number: string }>`
    select id, id_number from residents tablesample system (1) where retired_at is null limit ${SUBJECTS}`.execute(database.db)).rows;
  const fallback = rows.length < SUBJECTS
    ? (await sql<{ id: string; id_number: string }>`select id, id_number from residents where retired_at is null order by random() limit ${SUBJECTS}`.execute(database.db)).rows
    : rows;
  const subjects: Subject[] = [];
  for (const r of fallback) {
    const { id } = await giveConsent(database.db, { residentId: r.id, dataAgreementId: 'child-allowance', language: 'ko', channel: 'portal', actor: 'system:bench' });
    subjects.push({ idNumber: r.id_number, consentId: id });
  }
  return subjects;
}

const randomOf = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

function row(kind: string, l: Driven): string {
  const sorted = [...l.latenciesMs].sort((a, b) => a - b);
  return `| ${kind} | ${l.concurrency} | ${(l.operations / l.seconds).toFixed(0)} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${l.operations.toLocaleString('en')} | ${l.errors} |`;
}

async function main(): Promise<void> {
  const load = () => os.loadavg().map((n) => n.toFixed(2)).join(', ');
  const loadBefore = load();
  const { name, fresh, seededS } = await prepare();
  const database = await openDatabase({ url: databaseUrl(name), dataDir: '', poolSize: Math.max(...LEVELS) + 2 });
  try {
    const [{ version: postgres }] = (await sql<{ version: string }>`select version()`.execute(database.db)).rows as [{ version: string }];
    const [{ n: residents }] = (await sql<{ n: number }>`select count(*)::int as n from residents`.execute(database.db)).rows as [{ n: number }];
    const [{ n: records }] = (await sql<{ n: number }>`select count(*)::int as n from registry_records`.execute(database.db)).rows as [{ n: number }];
    // A bulk load leaves the GIN index on `subjects` with a long pending list that every lookup scans
    // (18 ms instead of 0.1 ms per read) until (auto)vacuum merges it: measure the settled state.
    await sql`vacuum (analyze) registry_records`.execute(database.db);
    await sql`vacuum (analyze) residents`.execute(database.db);
    log(`Giving ${SUBJECTS} residents' consent …`);
    const subjects = await subjectsWithConsent(database);
    const exchange = exchangeModule(database.db, {
      instance: 'HG', locale: 'ko', keySecret: 'hanaro-bench-exchange-key-secret', publicUrl: 'http://127.0.0.1', checkConsent, verifiers: [],
    });
    const reader = { kind: 'system' as const, id: 'bench', agencyId: CONSUMER };
    const fetch = (s: Subject) => exchange.fetchFromDataService(database.db, {
      consumerAgencyId: CONSUMER, dataServiceId: SERVICE, subjectIdNumber: s.idNumber, purpose: 'bench', serviceId: 'child-allowance', consentId: s.consentId, reader,
    }).then((f) => {
      if (f.records.length !== 1) throw new Error(`expected one record of ${s.idNumber}, got ${f.records.length}`);
    });
    const version = (await publishedVersionOf(database.db, 'residents'))!.version;
    // The same rows the data service reads (see readRecordsAbout in src/modules/registries), without anything around them.
    const bare = async (s: Subject) => {
      const { rows } = await sql<{ content: unknown }>`select content from registry_records
        where registry_id = 'residents' and version = ${version} and subjects @> array[${s.idNumber}]::text[] and content @> ${JSON.stringify({ idNumber: s.idNumber })}::jsonb
        order by record_key limit 100`.execute(database.db);
      if (rows.length !== 1) throw new Error(`expected one row of ${s.idNumber}, got ${rows.length}`);
    };
    log('Warming up …');
    for (const s of subjects.slice(0, 50)) {
      await fetch(s);
      await bare(s);
    }
    const results: string[] = [];
    for (const c of LEVELS) {
      log(`exchange, ${c} callers, ${DURATION_S} s …`);
      results.push(row('exchange (fetchFromDataService)', await drive(c, DURATION_S, () => fetch(randomOf(subjects)))));
      log(`bare SELECT, ${c} callers, ${DURATION_S} s …`);
      results.push(row('bare SELECT', await drive(c, DURATION_S, () => bare(randomOf(subjects)))));
    }
    const loadAfter = load();
    const cpus = os.cpus();
    console.log([
      `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${postgres.split(',')[0]}.`,
      `Database ${name}: ${residents.toLocaleString('en')} residents, ${records.toLocaleString('en')} registry records${seededS === null ? ' (reused)' : `, seeded in ${seededS.toFixed(0)} s`}.`,
      `Load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after. ${DURATION_S} s per level, ${subjects.length} residents with consent, data service ${SERVICE} (interior/residents) for ${CONSUMER}.`,
      '',
      '| Path | Callers | Reads/s | p50 ms | p99 ms | Reads | Errors |',
      '|---|---|---|---|---|---|---|',
      ...results,
    ].join('\n'));
  } finally {
    await database.close();
    if (fresh) await onServer(`drop database ${name}`);
  }
}

runBench(main);
