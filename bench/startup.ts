/**
 * Startup and idle-memory benchmark: `npm run bench:startup [-- --runs N]`.
 * Spawns `node scripts/start.mjs` the way `npm start` does (the compiled server; dist/ is built first,
 * untimed, when stale) and times it to /readyz and /,
 * for an empty embedded database (cold), the same data again (warm: the seed is skipped), a fresh
 * PostgreSQL database (cold) and that database again (warm). Prints a markdown table, the commit and
 * the load average before and after to stdout; progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, freePort, freshDatabase, postgresReachable, runBench, SERVER_URL, sleep, spawnHanaro } from './support.ts';

const START_TIMEOUT_MS = 60_000;
const IDLE_MS = 5_000;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
// Flags for the Hanaro process's node, e.g. `--node-args --liftoff-only` (several: quoted, space-separated).
const nodeArgsAt = process.argv.indexOf('--node-args');
const NODE_ARGS = nodeArgsAt >= 0 ? (process.argv[nodeArgsAt + 1] ?? '').split(' ').filter(Boolean) : [];

interface Sample { readyMs: number; homeMs: number; cpuMs: number; rssBytes: number; heapBytes: number; exit: string }

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system) the process has used so far, from /proc/<pid>/stat: less swayed by other
 * load on the machine than wall time. PostgreSQL's own work is in its server processes, not here.
 */
function cpuMsOf(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** One start: spawn, poll /readyz and / every 50 ms, idle 5 s, read memory, SIGTERM and wait for the exit. */
async function measure(env: Record<string, string>): Promise<Sample> {
  const port = await freePort();
  const t0 = performance.now();
  const hanaro = spawnHanaro(port, env, NODE_ARGS);
  const { base } = hanaro;

  let readyMs = 0;
  let homeMs = 0;
  let cpuMs = 0;
  while (!readyMs || !homeMs) {
    if (hanaro.exitCode() !== undefined) throw new Error(`hanaro exited (${hanaro.exitCode()}) before it was ready:\n${hanaro.output()}`);
    if (performance.now() - t0 > START_TIMEOUT_MS) {
      await hanaro.stop();
      throw new Error(`hanaro was not ready within ${START_TIMEOUT_MS / 1000} s (readyz ${readyMs ? 'ok' : 'not yet'}, / ${homeMs ? 'ok' : 'not yet'}):\n${hanaro.output()}`);
    }
    const [ready, home] = await Promise.all([readyMs ? 200 : status(`${base}/readyz`), homeMs ? 200 : status(`${base}/`)]);
    if (!readyMs && ready === 200) readyMs = performance.now() - t0;
    if (!homeMs && home === 200) { homeMs = performance.now() - t0; cpuMs = cpuMsOf(hanaro.pid); }
    if (!readyMs || !homeMs) await sleep(50);
  }

  await sleep(IDLE_MS);
  const vmRss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${hanaro.pid}/status`, 'utf8'))?.[1];
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const heap = /^hanaro_nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1];

  const code = await hanaro.stop();
  const exit = code === 0 ? '0' : `${code} (not 0)`;
  if (code !== 0) console.error(`  ! SIGTERM exit: ${exit}\n${hanaro.output()}`);
  return { readyMs, homeMs, cpuMs, rssBytes: Number(vmRss ?? NaN) * 1024, heapBytes: Number(heap ?? NaN), exit };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const ms = (xs: number[]) => `${Math.round(median(xs))} / ${Math.round(Math.max(...xs))}`;
const mib = (xs: number[]) => `${(median(xs) / 2 ** 20).toFixed(0)} / ${(Math.max(...xs) / 2 ** 20).toFixed(0)}`;

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'scripts', 'bin'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} with uncommitted changes under src/, scripts/ or bin/` : head;
  } catch {
    return 'unknown (no git)';
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const loadBefore = loadAverage();
  const results = new Map<string, Sample[]>([['embedded, cold', []], ['embedded, warm', []]]);
  const notes: string[] = [];
  const usePg = await postgresReachable();
  if (usePg) { results.set('postgres, cold', []); results.set('postgres, warm', []); }
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
    const db = await freshDatabase();
    try {
      console.error(`run ${run}/${RUNS}: postgres cold (${db.name})`);
      results.get('postgres, cold')!.push(await measure({ DATABASE_URL: db.url }));
      console.error(`run ${run}/${RUNS}: postgres warm (${db.name})`);
      results.get('postgres, warm')!.push(await measure({ DATABASE_URL: db.url }));
    } finally {
      await db.drop();
    }
  }

  const cpus = os.cpus();
  const lines = [
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Runs: ${RUNS}.`,
    `Commit: ${commit()}. Node flags: ${NODE_ARGS.join(' ') || 'none'}. Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAverage()}.`,
    '',
    '| Start | Runs | To /readyz 200 (ms), median / max | To / 200 (ms), median / max | CPU used by then (ms), median / max | RSS after 5 s idle (MiB), median / max | Heap used (MiB), median / max | SIGTERM exit codes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, s] of results) {
    lines.push(`| ${name} | ${s.length} | ${ms(s.map((x) => x.readyMs))} | ${ms(s.map((x) => x.homeMs))} | ${ms(s.map((x) => x.cpuMs))} | ` +
      `${mib(s.map((x) => x.rssBytes))} | ${mib(s.map((x) => x.heapBytes))} | ${s.map((x) => x.exit).join(', ')} |`);
  }
  console.log([...lines, ...notes.map((n) => `\n${n}`)].join('\n'));
}

runBench(main);
