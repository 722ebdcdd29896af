import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type AnyDb, type Database } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrations.ts';
import { verifyAuditLog } from '../../platform/audit/audit.ts';
import { buildPlatform, migrationSources, type Platform } from '../../app.ts';
import { DEMO_RESIDENTS, seedTestPack, testConfig, Visitor } from '../../../test/support/platform.ts';
import { BackupError, readBackupInfo, runBackup, runBackupDrill, ScratchCluster, type BackupSet, type BackupSettings } from './index.ts';
import { idsOf, runAs } from './run-as.ts';

const exec = promisify(execFile);
const OS_USER = 'postgres';
const STANZA = 'hanaro';
const REPO_ROOT = path.join(import.meta.dirname, '..', '..', '..');

/** The newest PostgreSQL of Debian's layout, or why the drill cannot run here. */
function toolsHere(): { binDir: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const binDir = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb'))) : undefined;
  if (!binDir) return { missing: 'PostgreSQL server programs (initdb) are not installed under /usr/lib/postgresql' };
  const onPath = (process.env.PATH ?? '').split(':').some((d) => fs.existsSync(path.join(d, 'pgbackrest')));
  if (!onPath) return { missing: 'pgbackrest is not installed' };
  if (os.userInfo().username !== 'root' && os.userInfo().username !== OS_USER) return { missing: `the drill runs as root or ${OS_USER}` };
  return { binDir };
}

const tools = toolsHere();
// CI installs the tools (.ci/run): there a missing one is a failure, not a skip.
const skip = 'missing' in tools && !process.env.CI ? `${tools.missing}; skipped outside CI` : false;

const problem = (p: string, message: RegExp) => (err: unknown) => err instanceof BackupError && err.problem === p && message.test(err.message);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('backup drill: point-in-time restore into a scratch instance', { skip }, () => {
  let root: string;
  let source: ScratchCluster;
  let settings: BackupSettings;
  let database: Database;
  let platform: Platform;
  let backup: BackupSet;
  let beforeFirstBackup: Date;

  before(async () => {
    if ('missing' in tools) throw new Error(`${tools.missing} (CI must install it: .ci/run)`);
    const owner = await idsOf(OS_USER);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-backup-test-'));
    fs.chownSync(root, owner.uid, owner.gid);
    source = await ScratchCluster.prepare({ binDir: tools.binDir, osUser: OS_USER }, root);
    const configFile = path.join(root, 'pgbackrest.conf');
    fs.writeFileSync(configFile, [
      '[global]', `repo1-path=${path.join(root, 'repo')}`, `lock-path=${path.join(root, 'lock')}`, 'log-level-file=off',
      'log-level-console=warn', 'compress-type=none', 'process-max=1', 'start-fast=y', 'archive-timeout=30',
      `[${STANZA}]`, `pg1-path=${source.dataDir}`, `pg1-socket-path=${source.socketDir}`, `pg1-port=${source.port}`, '',
    ].join('\n'));
    fs.chownSync(configFile, owner.uid, owner.gid);
    settings = { stanza: STANZA, configFile, scratchDir: root, postgresBinDir: tools.binDir, osUser: OS_USER };
    // fsync is off for speed: a scratch instance has no crash to survive; archiving is as in production.
    await source.initdb({
      wal_level: 'replica', archive_mode: 'on', archive_command: `pgbackrest --config=${configFile} --stanza=${STANZA} archive-push %p`,
      fsync: 'off', shared_buffers: '32MB', max_connections: 30,
    });
    await source.start();
    await runAs(OS_USER, 'pgbackrest', [`--config=${configFile}`, `--stanza=${STANZA}`, 'stanza-create']);
    await source.query('create database hanaro');
    database = await openDatabase({ url: source.url('hanaro'), dataDir: '' });
    await migrate(database, migrationSources);
    await seedTestPack(database);
    platform = await buildPlatform(testConfig(), database, { jobs: false });
    await platform.app.ready();
    beforeFirstBackup = new Date();
    backup = await runBackup(settings, 'full');
  });

  after(async () => {
    await platform?.app.close();
    await database?.close();
    await source?.destroy();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a drill to time T brings back a row deleted after T, leaves out rows written after T, and the audit log verifies', async () => {
    const minjun = new Visitor(platform.app);
    await minjun.signUp(DEMO_RESIDENTS.minjun);
    const [session] = (await sql<{ id: string }>`select id from resident_sessions`.execute(database.db)).rows;
    assert.ok(session, 'signing up leaves a resident session');

    await pause(20);
    const t = new Date();
    await pause(20);
    // After T: Min-jun signs out (his session row is deleted), Seo-yeon opens an account.
    await minjun.post('/sign-out', {}, '/me');
    await new Visitor(platform.app).signUp(DEMO_RESIDENTS.seoyeon);
    assert.equal(await sessionsWithId(database.db, session.id), 0);
    assert.equal(await accountsOf(database.db, DEMO_RESIDENTS.seoyeon.idNumber), 1);
    const live = await verifyAuditLog(database.db);
    await archiveCurrentWal(source);

    let restored: { sessions: number; seoyeon: number; minjun: number } | undefined;
    const report = await runBackupDrill(settings, {
      target: t, database: 'hanaro',
      inspect: async (db) => {
        restored = { sessions: await sessionsWithId(db, session.id), seoyeon: await accountsOf(db, DEMO_RESIDENTS.seoyeon.idNumber), minjun: await accountsOf(db, DEMO_RESIDENTS.minjun.idNumber) };
      },
    });

    assert.equal(report.backup.label, backup.label);
    assert.deepEqual(report.target, t);
    assert.equal(report.audit.firstBreak, null, 'audit verify passes on the restore');
    assert.ok(report.audit.entries > 0 && report.audit.entries < live.entries, `the restore holds the entries up to T only (${report.audit.entries} of ${live.entries})`);
    assert.ok(report.recoveredTo && report.recoveredTo <= t && report.recoveredTo > backup.startedAt, `recovered to ${report.recoveredTo?.toISOString()}, at or before ${t.toISOString()}`);
    assert.deepEqual(restored, { sessions: 1, seoyeon: 0, minjun: 1 }, 'the session deleted after T is back; the account opened after T is not');
    assert.deepEqual(fs.readdirSync(root).filter((f) => f.startsWith('hanaro-pg-') && path.join(root, f) !== source.root), [], 'the scratch instance is removed');
  });

  test('a drill to a time before the first backup, or of an unknown stanza, is refused and says why', async () => {
    await assert.rejects(runBackupDrill(settings, { target: beforeFirstBackup, database: 'hanaro' }),
      problem('target_before_first_backup', new RegExp(`before the first backup was complete: the oldest backup, ${backup.label}`)));
    await assert.rejects(readBackupInfo({ ...settings, stanza: 'elsewhere' }), problem('unknown_stanza', /has no stanza "elsewhere"/));
  });

  test('a drill to the latest archived WAL finds an audit entry edited after the backup', async () => {
    // Someone with the database's own superuser rights goes around the append-only trigger.
    await database.runScript(`alter table audit_log disable trigger audit_log_no_update_or_delete;
      update audit_log set actor = 'system:nobody' where id = (select max(id) from audit_log);
      alter table audit_log enable trigger audit_log_no_update_or_delete;`);
    await archiveCurrentWal(source);
    const report = await runBackupDrill(settings, { target: 'latest', database: 'hanaro' });
    assert.equal(report.target, 'latest');
    assert.match(report.audit.firstBreak?.reason ?? 'none', /does not match its hash \(it was edited\)/);
  });

  test('`hanaro backup drill --to` a time before the first backup exits 1 with the reason', async () => {
    const env = {
      ...process.env, DATABASE_URL: source.url('hanaro'), HANARO_BACKUP_CONFIG: settings.configFile, HANARO_BACKUP_SCRATCH_DIR: root, HANARO_PG_BIN_DIR: settings.postgresBinDir,
    };
    const run = exec(process.execPath, ['--import', 'tsx', 'src/main.ts', 'backup', 'drill', '--to', beforeFirstBackup.toISOString()], { cwd: REPO_ROOT, env });
    await assert.rejects(run, (err: { code: number; stderr: string }) => err.code === 1 && err.stderr.includes(`${beforeFirstBackup.toISOString()} is before the first backup was complete`));
  });
});

async function sessionsWithId(db: AnyDb, id: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from resident_sessions where id = ${id}`.execute(db)).rows[0]!.n;
}

async function accountsOf(db: AnyDb, idNumber: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from resident_accounts a join residents r on r.id = a.resident_id where r.id_number = ${idNumber}`.execute(db)).rows[0]!.n;
}

/** Closes the WAL segment holding the changes and waits until archive_command has pushed it. */
async function archiveCurrentWal(cluster: ScratchCluster): Promise<void> {
  const [{ wal }] = await cluster.query<{ wal: string }>('select pg_walfile_name(pg_switch_wal()) as wal') as [{ wal: string }];
  for (let i = 0; i < 300; i++) {
    const [archiver] = await cluster.query<{ last: string | null; failed: number }>('select last_archived_wal as last, failed_count::int as failed from pg_stat_archiver');
    if (archiver?.last && archiver.last >= wal) return;
    await pause(100);
  }
  throw new Error(`WAL segment ${wal} was not archived in 30 s: ${JSON.stringify(await cluster.query('select * from pg_stat_archiver'))}\n${cluster.logTail()}`);
}
