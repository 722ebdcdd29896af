/**
 * What OpenTelemetry tracing costs: `npm run bench:tracing [-- --seconds N --rounds N]`.
 * Starts Hanaro as `npm start` does, on one PostgreSQL database (the demo pack seeded), three ways:
 * tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT), on with every trace sampled, and on with 1 in 10;
 * spans go to an OTLP/HTTP receiver in this process that counts and drops them. For each start it
 * times spawn → /readyz, reads RSS after 3 s idle, drives GET /services with autocannon
 * (10 connections, N seconds, default 10) and reads RSS again. Rounds (default 2) alternate the order.
 * Prints a markdown table.
 */
import http from 'node:http';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freePort, freshDatabase, log, option, postgresReachable, runBench, sleep, spawnHanaro } from './support.ts';

const SECONDS = Number(option('--seconds', '10'));
const ROUNDS = Number(option('--rounds', '2'));
const MODES = { off: null, 'on, ratio 1.0': '1', 'on, ratio 0.1': '0.1' } as const;
type Mode = keyof typeof MODES;

interface Sample { readyMs: number; idleRssMiB: number; loadedRssMiB: number; rps: number; p50: number; p99: number; errors: number; spansPerSecond: number }

/** An OTLP/HTTP receiver that counts the spans posted to it and keeps nothing. */
async function spanSink(): Promise<{ url: string; spans: () => number; close(): Promise<void> }> {
  let spans = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, spans: () => spans, close: () => new Promise((r) => server.close(() => r())) };
}

const rssMiB = (pid: number | undefined) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function measure(mode: Mode, env: Record<string, string>, sink: Awaited<ReturnType<typeof spanSink>>): Promise<Sample> {
  const ratio = MODES[mode];
  const t0 = performance.now();
  const hanaro = spawnHanaro(await freePort(), { ...env, ...(ratio ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, HANARO_TRACE_SAMPLE_RATIO: ratio } : {}) });
  for (;;) {
    if (hanaro.exitCode() !== undefined) throw new Error(`hanaro exited (${hanaro.exitCode()}):\n${hanaro.output()}`);
    if (performance.now() - t0 > 60_000) throw new Error(`hanaro was not ready within 60 s:\n${hanaro.output()}`);
    if (await fetch(`${hanaro.base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0) === 200) break;
    await sleep(50);
  }
  const readyMs = performance.now() - t0;
  await sleep(3_000);
  const idleRssMiB = rssMiB(hanaro.pid);
  const url = `${hanaro.base}/services`;
  await autocannon({ url, connections: 10, duration: 3 });
  await sleep(6_000); // the batch processor exports every 5 s: the warm-up's spans are counted before the run
  const before = sink.spans();
  const r = await autocannon({ url, connections: 10, duration: SECONDS });
  await sleep(6_000);
  const spansPerSecond = (sink.spans() - before) / SECONDS;
  const loadedRssMiB = rssMiB(hanaro.pid);
  await hanaro.stop();
  return { readyMs, idleRssMiB, loadedRssMiB, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, spansPerSecond };
}

runBench(async () => {
  if (!await postgresReachable()) throw new Error('this bench needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  const fresh = await freshDatabase();
  const sink = await spanSink();
  try {
    const env = { DATABASE_URL: fresh.url, RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };
    log('first start: migrate and seed');
    await measure('off', env, sink);
    const samples = new Map<Mode, Sample[]>(Object.keys(MODES).map((m) => [m as Mode, []]));
    const order = Object.keys(MODES) as Mode[];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating the order, so a machine growing busier or quieter does not favour one.
      for (const mode of round % 2 ? [...order].reverse() : order) {
        const s = await measure(mode, env, sink);
        log(`round ${round + 1} ${mode}: ready ${s.readyMs.toFixed(0)} ms, RSS ${s.idleRssMiB.toFixed(0)} → ${s.loadedRssMiB.toFixed(0)} MiB, ${s.rps.toFixed(0)} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.spansPerSecond.toFixed(0)} spans/s, ${s.errors} errors`);
        samples.get(mode)!.push(s);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`load average before the table: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores\n`);
    console.log(`| tracing | start to /readyz ms | RSS idle MiB | RSS after load MiB | GET /services req/s | p50 ms | p99 ms | spans exported/s | errors |\n|---|---|---|---|---|---|---|---|---|`);
    for (const [mode, ss] of samples) {
      const f = (k: keyof Sample, d = 0) => mean(ss.map((s) => s[k])).toFixed(d);
      console.log(`| ${mode} | ${f('readyMs')} | ${f('idleRssMiB')} | ${f('loadedRssMiB')} | ${f('rps')} | ${f('p50', 1)} | ${f('p99', 1)} | ${f('spansPerSecond')} | ${ss.reduce((a, s) => a + s.errors, 0)} |`);
    }
  } finally {
    await sink.close();
    await fresh.drop();
  }
});
