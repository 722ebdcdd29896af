/**
 * Service search benchmark: `npm run bench:search [-- --rounds N]`.
 * Loads the demo pack into a fresh embedded PGlite and, when reachable, a fresh PostgreSQL database,
 * then runs queries built from the pack (each service's title, a synonym, part of a word and a typo,
 * in Korean and English, plus the examples) N rounds (default 3), timing the search use case
 * and the whole results page (`GET /services?q=` through app.inject), after one untimed warm-up pass.
 * Prints a markdown table; the queries whose service is not in the top 3 go to stderr.
 */
import { buildPlatform } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { loadPack } from '../src/modules/packs/index.ts';
import { findServices } from '../src/modules/catalog/find-services.ts';
import { DEMO_PACK, freshDatabase, migrateAndSeedDemo, percentile, postgresReachable } from './support.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 3;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');

type Kind = 'exact' | 'synonym' | 'partial' | 'typo';
interface Probe { kind: Kind; locale: string; q: string; expect: string }

const HANGUL = 0xac00;
/** One letter wrong: a Hangul syllable's final consonant changed, or two Latin letters swapped. */
function typo(word: string): string {
  const chars = [...word];
  const at = chars.findLastIndex((c) => c.codePointAt(0)! >= HANGUL && c.codePointAt(0)! <= 0xd7a3);
  if (at >= 0) {
    const code = chars[at]!.codePointAt(0)! - HANGUL;
    chars[at] = String.fromCodePoint(HANGUL + code - (code % 28) + ((code % 28) + 1) % 28);
    return chars.join('');
  }
  const i = Math.floor(chars.length / 2);
  [chars[i - 1], chars[i]] = [chars[i]!, chars[i - 1]!];
  return chars.join('');
}

const longestWord = (s: string) => s.split(/[\s(),]+/).reduce((a, b) => (b.length > a.length ? b : a), '');

function probes(): Probe[] {
  const pack = loadPack(DEMO_PACK);
  const list: Probe[] = [
    { kind: 'synonym', locale: 'ko', q: '주민등록등본', expect: 'resident-registration-certificate' },
    { kind: 'synonym', locale: 'en', q: 'drivers license', expect: 'driving-licence-renewal' },
  ];
  for (const s of pack.services) {
    for (const locale of pack.country.languages) {
      const title = s.title[locale]!;
      const synonym = s.keywords?.[locale]?.at(-1) ?? title;
      const word = longestWord(title);
      list.push(
        { kind: 'exact', locale, q: title, expect: s.id },
        { kind: 'synonym', locale, q: synonym, expect: s.id },
        { kind: 'partial', locale, q: [...word].slice(0, Math.max(2, Math.ceil([...word].length * 0.6))).join(''), expect: s.id },
        { kind: 'typo', locale, q: typo(longestWord(synonym).length >= 4 ? longestWord(synonym) : synonym), expect: s.id },
      );
    }
  }
  return list;
}

interface Stats { n: number; median: number; p95: number; max: number; top3: number }
function stats(samples: { ms: number; top3: boolean }[]): Stats {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)!, top3: samples.filter((s) => s.top3).length / samples.length };
}

async function run(name: string, database: Database, rows: string[]): Promise<void> {
  await migrateAndSeedDemo(database);
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, { rateLimitPerMinute: 1_000_000 });
  const platform = await buildPlatform(config, database, { jobs: false });
  await platform.app.ready();
  const all = probes();
  const useCase: Record<string, { ms: number; top3: boolean }[]> = {};
  const page: { ms: number; top3: boolean }[] = [];
  const misses = new Set<string>();
  for (const p of all) await findServices(database.db, { q: p.q }, p.locale); // warm-up, not timed
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of all) {
      let t0 = performance.now();
      const found = await findServices(database.db, { q: p.q }, p.locale);
      const sample = { ms: performance.now() - t0, top3: found.slice(0, 3).some((s) => s.id === p.expect) };
      (useCase[p.kind] ??= []).push(sample);
      if (!sample.top3) misses.add(`${p.kind} ${p.locale} “${p.q}” → ${found.slice(0, 3).map((s) => s.id).join(', ') || 'nothing'} (wanted ${p.expect})`);
      t0 = performance.now();
      const res = await platform.app.inject({ url: `/services?q=${encodeURIComponent(p.q)}`, headers: { 'accept-language': p.locale } });
      if (res.statusCode !== 200) throw new Error(`GET /services?q=${p.q} answered ${res.statusCode}`);
      page.push({ ms: performance.now() - t0, top3: sample.top3 });
    }
  }
  await platform.app.close();
  const fmt = (label: string, s: Stats) =>
    `| ${name} | ${label} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${Math.round(s.top3 * 100)}% |`;
  for (const [kind, samples] of Object.entries(useCase)) rows.push(fmt(`search, ${kind}`, stats(samples)));
  rows.push(fmt('search, all', stats(Object.values(useCase).flat())));
  rows.push(fmt('results page, all', stats(page)));
  if (misses.size) console.error(`${name}: not in the top 3:\n  ${[...misses].join('\n  ')}`);
}

async function freshPostgres(): Promise<{ database: Database; drop(): Promise<void> } | undefined> {
  if (!(await postgresReachable())) return undefined;
  const fresh = await freshDatabase();
  const database = await openDatabase({ url: fresh.url, dataDir: '' });
  return { database, drop: async () => { await database.close(); await fresh.drop(); } };
}

const rows: string[] = [];
console.error(`${probes().length} queries × ${ROUNDS} rounds per database`);
const embedded = await openDatabase({ url: '', dataDir: ':memory:' });
try {
  await run('embedded (PGlite)', embedded, rows);
} finally {
  await embedded.close();
}
const server = await freshPostgres();
if (server) {
  try {
    await run('PostgreSQL', server.database, rows);
  } finally {
    await server.drop();
  }
}
console.log('| Database | Queries | N | Median (ms) | p95 (ms) | Max (ms) | Wanted service in top 3 |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
