/**
 * What the operations console's per-request recording costs: `npm run bench:console [-- --seconds N --rounds N]`.
 * Starts the platform in this process on a fresh PostgreSQL database (the demo pack seeded), then
 * drives GET /services with autocannon (10 connections) for N seconds (default 10), in rounds
 * (default 4) that alternate with the recording on and off (TrafficRecorder.record replaced by a no-op; the
 * Prometheus metrics stay as they were before the console). Also times record() alone.
 * Prints a markdown table.
 */
import autocannon from 'autocannon';
import { buildPlatform } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { TrafficRecorder } from '../src/platform/http/traffic.ts';
import { freePort, freshDatabase, log, migrateAndSeedDemo, option, runBench } from './support.ts';

const SECONDS = Number(option('--seconds', '10'));
const ROUNDS = Number(option('--rounds', '4'));

async function drive(url: string) {
  const r = await autocannon({ url, connections: 10, duration: SECONDS });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

function recordAlone(): number {
  const recorder = new TrafficRecorder();
  const n = 2_000_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) recorder.record('interior', i % 2 ? 'moving-in-report' : 'unmatched', i % 50 ? 200 : 404, (i % 700) + 0.5);
  return Number(process.hrtime.bigint() - started) / n;
}

runBench(async () => {
  const fresh = await freshDatabase();
  const database = await openDatabase({ url: fresh.url, dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, { rateLimitPerMinute: 100_000_000 });
    const { app } = await buildPlatform(config, database, { jobs: false });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${port}/services`;
    const record = app.traffic.record.bind(app.traffic);
    await autocannon({ url, connections: 10, duration: 3 });
    const runs: Record<'on' | 'off', Awaited<ReturnType<typeof drive>>[]> = { on: [], off: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first, so a machine growing busier or quieter does not favour one.
      for (const mode of round % 2 ? ['off', 'on'] as const : ['on', 'off'] as const) {
        app.traffic.record = mode === 'on' ? record : () => {};
        const r = await drive(url);
        log(`round ${round + 1} recording ${mode}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors`);
        runs[mode].push(r);
      }
    }
    await app.close();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`| recording | req/s (mean of ${ROUNDS} × ${SECONDS} s) | p50 ms | p99 ms | errors |\n|---|---|---|---|---|`);
    for (const mode of ['on', 'off'] as const) {
      const rs = runs[mode];
      console.log(`| ${mode} | ${mean(rs.map((r) => r.rps)).toFixed(0)} | ${mean(rs.map((r) => r.p50)).toFixed(1)} | ${mean(rs.map((r) => r.p99)).toFixed(1)} | ${rs.reduce((a, r) => a + r.errors, 0)} |`);
    }
    console.log(`\nTrafficRecorder.record alone: ${recordAlone().toFixed(0)} ns per request (mean of 2,000,000 calls).`);
  } finally {
    await database.close();
    await fresh.drop();
  }
});
