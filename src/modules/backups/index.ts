export { backupCommand, BACKUP_USAGE } from './cli.ts';
export { runBackupDrill, type DrillReport } from './run-backup-drill.ts';
export { runBackup } from './run-backup.ts';
export { restoreToScratch, type RestoredInstance } from './restore-to-scratch.ts';
export { readBackupInfo, type BackupSet, type BackupSettings, type BackupType, type StanzaInfo } from './pgbackrest.ts';
export { parseRecoveryTarget, type RecoveryTarget } from './recovery-target.ts';
export { ScratchCluster, type PostgresInstall, type Settings } from './scratch-cluster.ts';
export { BackupError, type BackupProblem } from './errors.ts';
