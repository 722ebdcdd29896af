import fs from 'node:fs';
import type { Config } from '../../platform/config.ts';
import { BackupError } from './errors.ts';
import { runAs, ToolFailed } from './run-as.ts';

export type BackupSettings = Config['backup'];
export type BackupType = 'full' | 'diff' | 'incr';

/** One backup set in the repository, as `pgbackrest info` describes it. */
export interface BackupSet {
  label: string;
  type: BackupType;
  startedAt: Date;
  /** pgBackRest records whole seconds. */
  stoppedAt: Date;
  /** The database's size, and what the backup takes in the repository (compressed, deduplicated). */
  sizeBytes: number;
  repositoryBytes: number;
  walStart: string;
  walStop: string;
}

export interface StanzaInfo {
  stanza: string;
  /** The major version of the PostgreSQL the stanza was made for. */
  postgresVersion: string | null;
  /** Oldest first. */
  backups: BackupSet[];
  /** The first and last WAL segment in the archive. */
  archive: { first: string | null; last: string | null };
}

interface InfoJson {
  name: string;
  status: { code: number; message: string };
  db?: { version: string }[];
  archive?: { min: string | null; max: string | null }[];
  backup?: {
    label: string; type: BackupType; timestamp: { start: number; stop: number };
    archive: { start: string; stop: string }; info: { size: number; repository: { delta: number } };
  }[];
}

/** Runs one pgBackRest command for the configured stanza, as the repository's owner. */
async function pgbackrest(settings: BackupSettings, command: string, options: string[] = [], timeoutMs?: number) {
  if (settings.configFile && !fs.existsSync(settings.configFile)) {
    throw new BackupError('repository_unreadable', `HANARO_BACKUP_CONFIG names ${settings.configFile}, which does not exist.`);
  }
  const global = [...(settings.configFile ? [`--config=${settings.configFile}`] : []), `--stanza=${settings.stanza}`];
  try {
    return await runAs(settings.osUser, 'pgbackrest', [...global, ...options, command], { timeoutMs });
  } catch (err) {
    if (!(err instanceof ToolFailed)) throw err;
    throw new BackupError('tool_failed', `pgbackrest ${command} failed for stanza "${settings.stanza}": ${err.said}`, err.stdout + err.stderr);
  }
}

/** What the repository holds for the stanza; an unknown stanza or an unreadable repository is an error that says so. */
export async function readBackupInfo(settings: BackupSettings): Promise<StanzaInfo> {
  const { stdout } = await pgbackrest(settings, 'info', ['--output=json']);
  const stanza = (JSON.parse(stdout) as InfoJson[]).find((s) => s.name === settings.stanza);
  const code = stanza?.status.code ?? 1;
  // Status codes of `pgbackrest info`: 1 missing stanza path, 2 no valid backups, 3 missing stanza data.
  if (code === 1 || code === 3) {
    throw new BackupError('unknown_stanza', `The repository has no stanza "${settings.stanza}"${settings.configFile ? ` (${settings.configFile})` : ''}: create it with \`pgbackrest --stanza=${settings.stanza} stanza-create\`, or set HANARO_BACKUP_STANZA.`);
  }
  if (code !== 0 && code !== 2) {
    throw new BackupError('repository_unreadable', `The repository cannot be read for stanza "${settings.stanza}": ${stanza?.status.message}.`);
  }
  const archive = stanza!.archive?.at(-1);
  return {
    stanza: settings.stanza,
    postgresVersion: stanza!.db?.at(-1)?.version ?? null,
    archive: { first: archive?.min ?? null, last: archive?.max ?? null },
    backups: (stanza!.backup ?? []).map((b) => ({
      label: b.label, type: b.type,
      startedAt: new Date(b.timestamp.start * 1000), stoppedAt: new Date(b.timestamp.stop * 1000),
      sizeBytes: b.info.size, repositoryBytes: b.info.repository.delta,
      walStart: b.archive.start, walStop: b.archive.stop,
    })),
  };
}

/** Takes a backup from the running cluster that pgbackrest.conf's pg1-path names. */
export async function takeBackup(settings: BackupSettings, type: BackupType): Promise<void> {
  await pgbackrest(settings, 'backup', [`--type=${type}`]);
}

/**
 * Restores `set` into an empty `dataDir` (tablespaces under `tablespaceDir`, never their original
 * paths), set up to recover to `target` and promote. Archiving is switched off in the copy, or it
 * would push a new timeline's WAL into the production repository.
 */
export async function restoreBackup(settings: BackupSettings, into: { dataDir: string; tablespaceDir: string; set: string; target: 'latest' | Date }): Promise<void> {
  const recovery = into.target === 'latest' ? ['--type=default']
    : ['--type=time', `--target=${postgresTimestamp(into.target)}`, '--target-action=promote'];
  await pgbackrest(settings, 'restore', [
    `--pg1-path=${into.dataDir}`, `--tablespace-map-all=${into.tablespaceDir}`, `--set=${into.set}`, '--archive-mode=off', ...recovery,
  ]);
}

/** `2026-12-07 05:50:00.123+00`: the form recovery_target_time reads, in UTC so no zone name is needed. */
function postgresTimestamp(at: Date): string {
  return `${at.toISOString().replace('T', ' ').replace('Z', '')}+00`;
}
