/**
 * Startup and idle-memory benchmark: `npm run bench:startup [-- --runs N]`.
 * Spawns `node --import tsx src/main.ts start` the way `npm start` does and times it to /readyz and /,
 * for an empty embedded database (cold), the same data again (warm) and a fresh PostgreSQL database.
 * Prints a markdown table to stdout; progress goes to stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const IDLE_MS = 5_000;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

interface Sample { readyMs: number; homeMs: number; rssBytes: number; heapBytes: number; exit: string }
const children = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** One start: spawn, poll /readyz and / every 50 ms, idle 5 s, read memory, SIGTERM and wait for the exit. */
async function measure(env: Record<string, string>): Promise<Sample> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', TSX, 'src/main.ts', 'start'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, ...env },
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => { children.delete(child); resolve(code ?? signal ?? 'unknown'); }));
  let exitedEarly: number | string | undefined;
  void exited.then((code) => { exitedEarly = code; });

  let readyMs = 0;
  let homeMs = 0;
  while (!readyMs || !homeMs) {
    if (exitedEarly !== undefined) throw new Error(`hanaro exited (${exitedEarly}) before it was ready:\n${output}`);
    if (performance.now() - t0 > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`hanaro was not ready within ${START_TIMEOUT_MS / 1000} s (readyz ${readyMs ? 'ok' : 'not yet'}, / ${homeMs ? 'ok' : 'not yet'}):\n${output}`);
    }
    const [ready, home] = await Promise.all([readyMs ? 200 : status(`${base}/readyz`), homeMs ? 200 : status(`${base}/`)]);
    if (!readyMs && ready === 200) readyMs = performance.now() - t0;
    if (!homeMs && home === 200) homeMs = performance.now() - t0;
    if (!readyMs || !homeMs) await sleep(50);
  }

  await sleep(IDLE_MS);
  const vmRss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const heap = /^hanaro_nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1];

  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
  if (code === 'timeout') child.kill('SIGKILL');
  const exit = code === 0 ? '0' : `${code} (not 0)`;
  if (code !== 0) console.error(`  ! SIGTERM exit: ${exit}\n${output}`);
  return { readyMs, homeMs, rssBytes: Number(vmRss ?? NaN) * 1024, heapBytes: Number(heap ?? NaN), exit };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    console.error(`  postgres at ${SERVER_URL} unreachable: ${(err as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const ms = (xs: number[]) => `${Math.round(median(xs))} / ${Math.round(Math.max(...xs))}`;
const mib = (xs: number[]) => `${(median(xs) / 2 ** 20).toFixed(0)} / ${(Math.max(...xs) / 2 ** 20).toFixed(0)}`;

async function main(): Promise<void> {
  const results = new Map<string, Sample[]>([['embedded, cold', []], ['embedded, warm', []]]);
  const notes: string[] = [];
  const usePg = await postgresReachable();
  if (usePg) results.set('postgres, cold', []);
  else notes.push(`PostgreSQL cold start skipped: ${SERVER_URL} is unreachable.`);
  for (let run = 1; run <= RUNS; run++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hanaro-bench-'));
    try {
      console.error(`run ${run}/${RUNS}: embedded cold`);
      results.get('embedded, cold')!.push(await measure({ HANARO_DATA_DIR: dataDir, DATABASE_URL: '' }));
      console.error(`run ${run}/${RUNS}: embedded warm`);
      results.get('embedded, warm')!.push(await measure({ HANARO_DATA_DIR: dataDir, DATABASE_URL: '' }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    if (!usePg) continue;
    const db = `hanaro_bench_${Math.random().toString(36).slice(2, 10)}`;
    const url = new URL(SERVER_URL);
    url.pathname = `/${db}`;
    await adminSql(`create database ${db}`);
    try {
      console.error(`run ${run}/${RUNS}: postgres cold (${db})`);
      results.get('postgres, cold')!.push(await measure({ DATABASE_URL: url.toString() }));
    } finally {
      await adminSql(`drop database if exists ${db} with (force)`);
    }
  }

  const cpus = os.cpus();
  const lines = [
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}. Runs: ${RUNS}.`,
    '',
    '| Start | Runs | To /readyz 200 (ms), median / max | To / 200 (ms), median / max | RSS after 5 s idle (MiB), median / max | Heap used (MiB), median / max | SIGTERM exit codes |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [name, s] of results) {
    lines.push(`| ${name} | ${s.length} | ${ms(s.map((x) => x.readyMs))} | ${ms(s.map((x) => x.homeMs))} | ` +
      `${mib(s.map((x) => x.rssBytes))} | ${mib(s.map((x) => x.heapBytes))} | ${s.map((x) => x.exit).join(', ')} |`);
  }
  console.log([...lines, ...notes.map((n) => `\n${n}`)].join('\n'));
}

const killAll = () => { for (const child of children) child.kill('SIGKILL'); };
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { killAll(); process.exit(130); });
main().catch((err: unknown) => {
  killAll();
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
