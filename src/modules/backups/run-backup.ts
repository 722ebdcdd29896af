import { readBackupInfo, takeBackup, type BackupSet, type BackupSettings, type BackupType } from './pgbackrest.ts';

/** Takes a backup (a diff or incr needs a full one before it; pgBackRest then takes a full one) and returns it. */
export async function runBackup(settings: BackupSettings, type: BackupType): Promise<BackupSet> {
  await takeBackup(settings, type);
  return (await readBackupInfo(settings)).backups.at(-1)!;
}
