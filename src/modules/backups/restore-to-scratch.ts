import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './errors.ts';
import { readBackupInfo, restoreBackup, type BackupSet, type BackupSettings } from './pgbackrest.ts';
import { chooseBackup, type RecoveryTarget } from './recovery-target.ts';
import { ScratchCluster, ScratchClusterStopped } from './scratch-cluster.ts';

export interface RestoredInstance {
  cluster: ScratchCluster;
  backup: BackupSet;
  target: RecoveryTarget;
  /** The commit time of the last transaction recovery replayed; null when it replayed none. */
  recoveredTo: Date | null;
}

const POLL_MS = 200;
/** The server is not up yet (57P03: starting up), or went away and the next round finds out why. */
const STILL_STARTING = new Set(['57P03', 'ECONNREFUSED', 'ENOENT', 'ECONNRESET']);

/**
 * Restores the right backup into a new scratch instance, replays archived WAL up to `target`, and
 * waits until it is promoted and open for reading. The caller destroys the instance.
 */
export async function restoreToScratch(settings: BackupSettings, target: RecoveryTarget): Promise<RestoredInstance> {
  const info = await readBackupInfo(settings);
  const backup = chooseBackup(info, target);
  const binDir = settings.postgresBinDir || `/usr/lib/postgresql/${info.postgresVersion}/bin`;
  if (!fs.existsSync(path.join(binDir, 'pg_ctl'))) {
    throw new BackupError('tool_missing', `PostgreSQL ${info.postgresVersion ?? ''} is not installed at ${binDir}: the backup needs its programs (set HANARO_PG_BIN_DIR).`);
  }
  const cluster = await ScratchCluster.prepare({ binDir, osUser: settings.osUser }, settings.scratchDir);
  try {
    await restoreBackup(settings, { dataDir: cluster.dataDir, tablespaceDir: path.join(cluster.root, 'tablespaces'), set: backup.label, target });
    // hot_standby lets pg_ctl return once the copy is consistent, so a long replay can be watched.
    await cluster.configure({ hot_standby: 'on' });
    await cluster.start();
    return { cluster, backup, target, recoveredTo: await waitForPromotion(cluster) };
  } catch (err) {
    await cluster.destroy();
    throw err instanceof ScratchClusterStopped ? whyRecoveryStopped(err, target) : err;
  }
}

async function waitForPromotion(cluster: ScratchCluster): Promise<Date | null> {
  for (;;) {
    if (!cluster.isRunning()) throw new ScratchClusterStopped(cluster.logTail());
    const [state] = await cluster.query<{ recovering: boolean; replayed: Date | null }>(
      'select pg_is_in_recovery() as recovering, pg_last_xact_replay_timestamp() as replayed').catch((err: { code?: string }) => {
      if (STILL_STARTING.has(err.code ?? '')) return [undefined];
      throw new BackupError('restore_failed', `The restored copy runs but does not answer: ${String(err)}`);
    });
    if (state && !state.recovering) return state.replayed;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** PostgreSQL's own words for the ways a point-in-time recovery ends short. */
function whyRecoveryStopped(err: ScratchClusterStopped, target: RecoveryTarget): BackupError {
  const when = target === 'latest' ? 'the end of the archive' : target.toISOString();
  if (err.log.includes('recovery ended before configured recovery target was reached')) {
    return new BackupError('archive_ends_early', `The archive holds no transaction after ${when}, so recovery cannot know it reached that time: choose an earlier time or "latest". If transactions did happen after it, is archiving working (\`pgbackrest check\`, archive_timeout)?`, err.log);
  }
  if (err.log.includes('before consistent recovery point')) {
    return new BackupError('target_before_first_backup', `${when} is before the backup it was restored from was consistent: choose a later time.`, err.log);
  }
  return new BackupError('restore_failed', `The restored copy did not recover to ${when}. PostgreSQL's log ends:\n${err.log}`, err.log);
}
