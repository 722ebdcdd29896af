import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';

/**
 * What a test's database starts with, filled once and cloned for each test that asks: `key` names
 * everything `fill` depends on (the digest of the migrations, the pack and the code that seeds it),
 * so a change to any of them makes a new template.
 */
export interface DatabaseTemplate {
  key: string;
  fill(database: Database): Promise<void>;
}

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** An empty database (a test of the migrations themselves starts here). */
  open(): Promise<Database>;
  /** A copy of the template's database; a target without it fills a new empty one. */
  openFrom?(template: DatabaseTemplate): Promise<Database>;
  /** `count` nodes' handles on one new database (on PGlite, the one embedded database shared); `close` closes them all. */
  openNodes(count: number): Promise<{ nodes: Database[]; close(): Promise<void> }>;
}

/**
 * Where a database test runs: on the PostgreSQL server named by TEST_DATABASE_URL when it is set
 * (CI sets it), else on the embedded PGlite. Suites of the platform's own database code ask for
 * `engines: 'all'` and run on both, as does every suite with TEST_ALL_ENGINES=1. One engine is
 * enough for the rest because the two differ where a test would see it only in how a statement
 * sent beside its transaction fails, and the transaction guard makes that fail alike on both
 * (docs/testing.md). Each opened PostgreSQL database is new and dropped when closed, so test files
 * can run side by side.
 */
export function databaseTargets(options: { engines?: 'all' } = {}): DatabaseTarget[] {
  const targets = everyTarget();
  const all = options.engines === 'all' || process.env.TEST_ALL_ENGINES === '1';
  return all ? targets : targets.slice(-1);
}

function everyTarget(): DatabaseTarget[] {
  const openPglite = () => openDatabase({ url: '', dataDir: ':memory:' });
  const targets: DatabaseTarget[] = [{
    name: 'pglite',
    open: openPglite,
    openFrom: async (template) => openDatabase({ url: '', dataDir: ':memory:', snapshot: await pgliteSnapshot(template) }),
    async openNodes(count) {
      const database = await openPglite();
      return { nodes: Array.from({ length: count }, () => database), close: () => database.close() };
    },
  }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    targets.push({
      name: 'postgres',
      async open() {
        const { nodes: [database], close } = await openFreshPostgres(serverUrl, 1);
        return { ...database!, close };
      },
      async openFrom(template) {
        const { nodes: [database], close } = await openFreshPostgres(serverUrl, 1, await postgresTemplate(serverUrl, template));
        return { ...database!, close };
      },
      openNodes: (count) => openFreshPostgres(serverUrl, count),
    });
  }
  return targets;
}

/** The template's database on this target, filled now when the target cannot clone one. */
export async function openTemplate(target: DatabaseTarget, template: DatabaseTemplate): Promise<Database> {
  if (target.openFrom) return target.openFrom(template);
  const database = await target.open();
  await template.fill(database);
  return database;
}

/**
 * One data-dir tarball per template, kept on disk for every test process: loading it skips PGlite's
 * initdb (most of the 8–10 s an empty PGlite takes here) and the migrations. Written to a temporary
 * name and renamed, so two processes making it at once both leave a whole file.
 */
const snapshots = new Map<string, Promise<Blob>>();
function pgliteSnapshot(template: DatabaseTemplate): Promise<Blob> {
  if (!snapshots.has(template.key)) snapshots.set(template.key, keptSnapshot(template));
  return snapshots.get(template.key)!;
}

async function keptSnapshot(template: DatabaseTemplate): Promise<Blob> {
  const file = path.join(SNAPSHOTS, `${createHash('sha256').update(template.key).digest('hex').slice(0, 24)}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const database = await openDatabase({ url: '', dataDir: ':memory:' });
  try {
    await template.fill(database);
    const snapshot = await database.snapshot!();
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
    fs.renameSync(partial, file);
    return snapshot;
  } finally {
    await database.close();
  }
}

const SNAPSHOTS = path.join(os.tmpdir(), 'hanaro-test-templates');
const TEMPLATE_PREFIX = 'hanaro_template_';
const TEMPLATE_LOCK = 72_617_018;
const STALE_AFTER_MS = 60 * 60_000;
const templates = new Map<string, Promise<string>>();

/**
 * `hanaro_template_<digest>` on the server, made once by whichever test process gets there first:
 * the others wait on an advisory lock and then find it. It is filled under another name and renamed
 * when complete, so a process killed half way never leaves a half-filled template behind.
 */
function postgresTemplate(serverUrl: string, template: DatabaseTemplate): Promise<string> {
  if (!templates.has(template.key)) templates.set(template.key, makePostgresTemplate(serverUrl, template));
  return templates.get(template.key)!;
}

async function makePostgresTemplate(serverUrl: string, template: DatabaseTemplate): Promise<string> {
  const name = TEMPLATE_PREFIX + createHash('sha256').update(template.key).digest('hex').slice(0, 24);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return name;
    const building = `${name}_building`;
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const database = await openDatabase({ url: databaseUrl(serverUrl, building), dataDir: '', poolSize: 2 });
    try {
      await template.fill(database);
    } finally {
      await database.close();
    }
    await admin.query(`alter database ${building} rename to ${name}`);
    await admin.query(`alter database ${name} is_template true`);
    await admin.query(`comment on database ${name} is '${new Date().toISOString()}'`);
    await dropStaleTemplates(admin);
    return name;
  } finally {
    await admin.end();
  }
}

/** Templates of older code, made over an hour ago (a run still cloning one is left alone). */
async function dropStaleTemplates(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like '${TEMPLATE_PREFIX}%'
    and shobj_description(oid, 'pg_database') < $1`, [new Date(Date.now() - STALE_AFTER_MS).toISOString()]);
  for (const { datname } of rows) {
    await admin.query(`alter database ${datname} is_template false`).catch(() => undefined);
    await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openFreshPostgres(serverUrl: string, count: number, template?: string): Promise<{ nodes: Database[]; close(): Promise<void> }> {
  const name = `hanaro_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const nodes = await Promise.all(Array.from({ length: count }, () => openDatabase({ url: databaseUrl(serverUrl, name), dataDir: '' })));
  return {
    nodes,
    async close() {
      for (const database of nodes) await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
