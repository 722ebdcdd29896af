import { parseArgs } from 'node:util';
import { STANZA_NAME, type Config } from '../../platform/config.ts';
import { BackupError } from './errors.ts';
import { readBackupInfo, type BackupSet, type BackupSettings, type BackupType } from './pgbackrest.ts';
import { parseRecoveryTarget, type RecoveryTarget } from './recovery-target.ts';
import { runBackup } from './run-backup.ts';
import { runBackupDrill, type DrillReport } from './run-backup-drill.ts';
import { ScratchCluster } from './scratch-cluster.ts';
import { stopRunningTools } from './run-as.ts';

export const BACKUP_USAGE = `  backup run [--type full|diff|incr]    take a pgBackRest backup (default full) of the database named in pgbackrest.conf
  backup list                           the stanza's backups and the span of its WAL archive
  backup drill [--to <time>|latest]     restore into a scratch instance to that time (ISO 8601 with its zone),
       [--stanza <name>] [--database <name>]   run \`audit verify\` on it, print what was restored, remove it`;

/** `hanaro backup …`: 0 done, 1 refused or failed (with why on stderr), 2 not a backup command. */
export async function backupCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  try {
    const { values } = parseArgs({
      args: rest, strict: true, allowPositionals: false,
      options: { type: { type: 'string' }, to: { type: 'string' }, stanza: { type: 'string' }, database: { type: 'string' } },
    });
    const settings = withStanza(config.backup, values.stanza);
    switch (verb) {
      case 'run': return await backUp(settings, backupType(values.type));
      case 'list': return await list(settings);
      case 'drill': return await drill(settings, parseRecoveryTarget(values.to), values.database ?? databaseOf(config));
      default: return usage(`hanaro backup needs run, list or drill${verb ? `, not "${verb}"` : ''}.`);
    }
  } catch (err) {
    if (err instanceof BackupError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) return usage(err.message);
    throw err;
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${BACKUP_USAGE}`);
  return 2;
}

function withStanza(settings: BackupSettings, stanza: string | undefined): BackupSettings {
  if (stanza === undefined) return settings;
  if (!STANZA_NAME.test(stanza)) throw new BackupError('bad_option', `--stanza "${stanza}" is not a stanza name: letters, digits, ".", "_" or "-".`);
  return { ...settings, stanza };
}

function backupType(type: string | undefined): BackupType {
  if (type === undefined) return 'full';
  if (type === 'full' || type === 'diff' || type === 'incr') return type;
  throw new BackupError('bad_option', `--type must be full, diff or incr, not "${type}".`);
}

/** The database Hanaro uses, as DATABASE_URL names it: the one the drill checks. */
function databaseOf(config: Readonly<Config>): string {
  const name = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) : '';
  if (!name) throw new BackupError('no_database', 'Name the database to check with --database, or set DATABASE_URL: the embedded database is not backed up by pgBackRest.');
  return name;
}

async function backUp(settings: BackupSettings, type: BackupType): Promise<number> {
  const backup = await runBackup(settings, type);
  console.log(`Took a ${backup.type} backup of stanza "${settings.stanza}": ${backup.label}, ${describe(backup)}.`);
  return 0;
}

async function list(settings: BackupSettings): Promise<number> {
  const info = await readBackupInfo(settings);
  if (info.backups.length === 0) {
    console.log(`Stanza "${info.stanza}" has no backup yet: take one with \`hanaro backup run\`.`);
    return 0;
  }
  const wal = info.archive.first ? `WAL archived from ${info.archive.first} to ${info.archive.last}` : 'no WAL archived';
  console.log(`Stanza "${info.stanza}" (PostgreSQL ${info.postgresVersion}): ${info.backups.length} backup(s), ${wal}.`);
  const width = Math.max(...info.backups.map((b) => b.label.length));
  for (const b of info.backups) console.log(`  ${b.label.padEnd(width)}  ${b.type.padEnd(4)}  ${describe(b)}`);
  return 0;
}

async function drill(settings: BackupSettings, target: RecoveryTarget, database: string): Promise<number> {
  // Interrupted, the drill still stops its instance and deletes the restored copy of the data.
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`${signal}: removing the scratch instance`);
    stopRunningTools();
    void ScratchCluster.destroyAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const report = await runBackupDrill(settings, { target, database });
  printDrill(report);
  if (!report.audit.firstBreak) return 0;
  const b = report.audit.firstBreak;
  console.error(`The restored audit log is broken. First broken entry: id ${b.id} (chain ${b.chain}, entry ${b.seq}): ${b.reason}.`);
  return 1;
}

function printDrill(r: DrillReport): void {
  console.log([
    `Restored backup ${r.backup.label} (${r.backup.type}, finished ${r.backup.stoppedAt.toISOString()}) of stanza "${r.stanza}" into a scratch instance.`,
    `  target:        ${r.target === 'latest' ? 'latest (the end of the archive)' : r.target.toISOString()}`,
    `  recovered to:  ${r.recoveredTo ? `${r.recoveredTo.toISOString()} (the last transaction replayed)` : 'the backup itself (no transaction replayed after it)'}`,
    `  database:      ${r.database}`,
    `  audit log:     ${r.audit.firstBreak ? `BROKEN: the walk of ${r.audit.chains} chain(s) stopped at entry ${r.audit.entries}` : `intact, ${r.audit.entries} entries in ${r.audit.chains} chain(s) verified`}`,
    `The scratch instance is removed. The drill took ${r.seconds.toFixed(1)} s.`,
  ].join('\n'));
}

function describe(b: BackupSet): string {
  return `${b.startedAt.toISOString()} to ${b.stoppedAt.toISOString()}, ${megabytes(b.sizeBytes)} (${megabytes(b.repositoryBytes)} in the repository)`;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
