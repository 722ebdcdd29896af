/**
 * The floor for `bench/applications.ts`: pgbench inserting rows shaped like `applications` (uuid,
 * text, jsonb answers of the same size, timestamps, the same indexes), one single-row insert per
 * transaction, into tables of their own in the bench database. No chain lock, no HTTP, no validation:
 * what PostgreSQL alone does on this machine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { percentile, queryOn } from './support.ts';

const run = promisify(execFile);

export interface LevelResult { concurrency: number; seconds: number; done: number; rows: number; p50: number; p90: number; p99: number; max: number; mean: number }

const TABLES = `
  drop table if exists pgbench_applications;
  drop sequence if exists pgbench_reference_seq;
  create sequence pgbench_reference_seq;
  create table pgbench_applications (
    id uuid primary key default gen_random_uuid(),
    reference text unique,
    service_id text not null,
    agency_id text not null,
    resident_id uuid not null,
    status text not null,
    answers jsonb not null default '{}',
    filed_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    submitted_at timestamptz,
    due_at timestamptz
  );
  create index pgbench_applications_resident_idx on pgbench_applications (resident_id, created_at desc);
  create index pgbench_applications_queue_idx on pgbench_applications (agency_id, status, due_at) where status <> 'draft';`;

/** One transaction of one single-row insert: an application row with answers like the HTTP bench's. */
const SCRIPT = String.raw`
\set r random(0, 11)
\set purpose random(0, 3)
\set copies random(1, 3)
\set history random(0, 1)
INSERT INTO pgbench_applications (reference, service_id, agency_id, resident_id, status, answers, filed_by, submitted_at, due_at)
  VALUES ('HG-2026-' || lpad(nextval('pgbench_reference_seq')::text, 6, '0'), 'resident-registration-certificate', 'interior',
    ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid, 'submitted',
    jsonb_build_object('purpose', (ARRAY['bank','school','court','employer'])[:purpose + 1], 'includeAddressHistory', CASE WHEN :history = 1 THEN 'yes' ELSE 'no' END,
      'includeHouseholdMembers', :history = 0, 'copies', :copies),
    'agency-api:bench', now(), now());
`;

export function pgbenchBinary(): string | undefined {
  const candidates = ['/usr/bin/pgbench'];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin/pgbench`);
  } catch { /* no server packages here */ }
  return candidates.find((c) => { try { readFileSync(c); return true; } catch { return false; } });
}

const countRows = async (url: string) => Number((await queryOn<{ n: string }>(url, 'select count(*) as n from pgbench_applications'))[0]!.n);

export async function createPgbenchTables(url: string): Promise<void> {
  await queryOn(url, TABLES);
}

/** Runs the script at one concurrency for `seconds`, latency from pgbench's per-transaction log. */
export async function runPgbench(binary: string, url: string, concurrency: number, seconds: number): Promise<LevelResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hanaro-pgbench-'));
  try {
    writeFileSync(path.join(dir, 'applications.sql'), SCRIPT);
    const before = await countRows(url);
    const threads = Math.max(1, Math.min(concurrency, os.cpus().length));
    await run(binary, ['-n', '-f', 'applications.sql', '-c', String(concurrency), '-j', String(threads), '-T', String(seconds),
      '-l', '--log-prefix', 'tx', url], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const latenciesUs = readdirSync(dir).filter((f) => f.startsWith('tx.')).flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => Number(line.split(' ')[2])));
    return { concurrency, seconds, done: latenciesUs.length, rows: (await countRows(url)) - before, ...percentiles(latenciesUs.map((us) => us / 1000)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentiles(msList: number[]): Pick<LevelResult, 'p50' | 'p90' | 'p99' | 'max' | 'mean'> {
  const s = [...msList].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.at(-1) ?? NaN, mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}
