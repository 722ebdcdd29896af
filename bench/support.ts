/**
 * What the bench scripts share: their command-line options, fresh databases on the PostgreSQL server
 * (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local default), Hanaro started the way
 * `npm start` runs it, callers driven back to back for a while, and the end of a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrationSources, seedFromDir } from '../src/app.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrations.ts';
import { freePort } from '../test/support/ports.ts';

export { freePort };

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_PACK = path.join(ROOT, 'packs', 'demo');
export const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export const log = (line: string) => console.error(line);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value after `name` on the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}

/** One statement on the database at `url`, on a connection of its own; its rows. */
export async function queryOn<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try { return (await client.query<T>(text, values)).rows; } finally { await client.end(); }
}

/** One statement on the server's own database (create, drop, look up databases). */
export const onServer = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => queryOn<T>(SERVER_URL, text, values);

/** The address of the database `name` on the server. */
export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await onServer('select 1');
    return true;
  } catch (err) {
    log(`postgres at ${SERVER_URL} unreachable: ${(err as Error).message}`);
    return false;
  }
}

export interface FreshDatabase { name: string; url: string; drop(): Promise<void> }

/** A new, empty database on the server; `drop` removes it even while connections to it are still open. */
export async function freshDatabase(prefix = 'hanaro_bench'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await onServer(`create database ${name}`);
  return { name, url: databaseUrl(name), drop: async () => { await onServer(`drop database if exists ${name} with (force)`); } };
}

/** Migrated, with the demo pack seeded: what `hanaro migrate` and `hanaro seed` leave. */
export async function migrateAndSeedDemo(database: Database): Promise<void> {
  await migrate(database, migrationSources);
  await seedFromDir(database, DEMO_PACK);
}

const children = new Set<ChildProcess>();
const killAll = () => { for (const child of children) child.kill('SIGKILL'); };
let cleanupRegistered = false;

/** A Hanaro process; `exitCode` is undefined while it runs. */
export interface Hanaro {
  base: string;
  pid: number | undefined;
  output(): string;
  exitCode(): number | string | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s; its exit code, or 'timeout'. */
  stop(): Promise<number | string>;
}

/**
 * `node scripts/start.mjs`, as `npm start` runs it (the compiled server in dist/, built first when
 * stale: call `ensureBuilt` before timing), on `port`, with `nodeArgs` (e.g. --cpu-prof) for node;
 * not waited for. Keeps the last 8 kB it writes.
 */
export function spawnHanaro(port: number, env: Record<string, string>, nodeArgs: string[] = []): Hanaro {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { killAll(); process.exit(130); });
  }
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, 'scripts/start.mjs'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, ...env },
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-8_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let code: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => child.once('exit', (c, signal) => {
    children.delete(child);
    code = c ?? signal ?? 'unknown';
    resolve(code);
  }));
  return {
    base, pid: child.pid, output: () => output, exitCode: () => code,
    stop: async () => {
      child.kill('SIGTERM');
      const result = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
      if (result === 'timeout') child.kill('SIGKILL');
      return result;
    },
  };
}

/** Compiles src/ to dist/ unless it is fresh, so that no timed start includes a build. */
export async function ensureBuilt(): Promise<void> {
  // @ts-expect-error: a plain JavaScript script without types
  const { distIsFresh, build } = await import('../scripts/dist.mjs') as { distIsFresh(): boolean; build(): Promise<void> };
  if (!distIsFresh()) await build();
}

/** Hanaro on a free port (or `port`), once /readyz answers 200; `stop` shows what it wrote (its warnings) on stderr. */
export async function startHanaro(env: Record<string, string>, port?: number, nodeArgs: string[] = []): Promise<{ base: string; pid: number | undefined; stop(): Promise<void> }> {
  await ensureBuilt();
  const hanaro = spawnHanaro(port ?? await freePort(), env, nodeArgs);
  const timeoutMs = 60_000;
  const t0 = performance.now();
  for (;;) {
    if (hanaro.exitCode() !== undefined) throw new Error(`hanaro exited (${hanaro.exitCode()}) before it was ready:\n${hanaro.output()}`);
    if (performance.now() - t0 > timeoutMs) {
      await hanaro.stop();
      throw new Error(`hanaro was not ready within ${timeoutMs / 1000} s:\n${hanaro.output()}`);
    }
    const ready = await fetch(`${hanaro.base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
    if (ready === 200) break;
    await sleep(100);
  }
  return {
    base: hanaro.base, pid: hanaro.pid,
    stop: async () => {
      await hanaro.stop();
      if (hanaro.output().trim()) log(`hanaro's warnings during the run (last 8 kB):\n${hanaro.output()}`);
    },
  };
}

/** CPU seconds (user + system) the process `pid` has used so far, from /proc (Linux, in USER_HZ ticks, always 100 a second); NaN elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch { return NaN; }
}

/** The value at percentile `p` (0 to 100) of ascending `sorted`, by nearest rank; NaN when empty. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

export interface Driven { concurrency: number; operations: number; errors: number; seconds: number; latenciesMs: number[] }

/** `concurrency` callers, each running `op` (told its number) back to back for `seconds`; the first error is shown on stderr. */
export async function drive(concurrency: number, seconds: number, op: (caller: number) => Promise<unknown>): Promise<Driven> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async (_, caller) => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        await op(caller);
        latenciesMs.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  }));
  if (firstError) log(`  first error: ${(firstError as Error).message}`);
  return { concurrency, operations: latenciesMs.length, errors, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** Runs a bench's main; on failure stops the Hanaro processes it started, says why on stderr and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    killAll();
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
