import { verifyAuditLog, type VerifyResult } from '../../platform/audit/audit.ts';
import { openDatabase, type AnyDb } from '../../platform/db/database.ts';
import { BackupError } from './errors.ts';
import type { BackupSet, BackupSettings } from './pgbackrest.ts';
import type { RecoveryTarget } from './recovery-target.ts';
import { restoreToScratch } from './restore-to-scratch.ts';

export interface DrillReport {
  stanza: string;
  database: string;
  backup: BackupSet;
  target: RecoveryTarget;
  recoveredTo: Date | null;
  /** `hanaro audit verify` on the restored copy. */
  audit: VerifyResult;
  seconds: number;
}

/**
 * Proves the backups can be used: restores into a scratch instance to `target`, runs the audit
 * log's verification on the restored `database` (and `inspect`, for a check of the caller's own),
 * then removes the instance and its files whatever happened.
 */
export async function runBackupDrill(settings: BackupSettings, opts: { target: RecoveryTarget; database: string; inspect?: (db: AnyDb) => Promise<void> }): Promise<DrillReport> {
  const started = performance.now();
  const restored = await restoreToScratch(settings, opts.target);
  try {
    const databases = await restored.cluster.query<{ datname: string }>('select datname from pg_database where not datistemplate');
    if (!databases.some((d) => d.datname === opts.database)) {
      throw new BackupError('no_database', `The restored copy has no database "${opts.database}"; it has ${databases.map((d) => d.datname).join(', ')}. Name the one Hanaro uses with --database.`);
    }
    const database = await openDatabase({ url: restored.cluster.url(opts.database), dataDir: '', poolSize: 2 });
    try {
      const audit = await verifyAuditLog(database.db);
      await opts.inspect?.(database.db);
      return {
        stanza: settings.stanza, database: opts.database, backup: restored.backup, target: opts.target, recoveredTo: restored.recoveredTo,
        audit, seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await database.close();
    }
  } finally {
    await restored.cluster.destroy();
  }
}
