import { BackupError } from './errors.ts';
import type { BackupSet, StanzaInfo } from './pgbackrest.ts';

/** The end of the archive, or a moment in time. */
export type RecoveryTarget = 'latest' | Date;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** `latest`, or an ISO 8601 time with its zone (`2026-12-07T14:50:00+09:00`): a time without one would mean the server's zone, silently. */
export function parseRecoveryTarget(text: string | undefined, now = new Date()): RecoveryTarget {
  if (text === undefined || text === 'latest') return 'latest';
  const at = parseZonedTime(text.trim());
  if (!at && parseZonedTime(`${text.trim()}Z`)) {
    throw new BackupError('bad_target', `"${text}" has no time zone: add one, e.g. ${text.trim()}+09:00 or ${text.trim()}Z.`);
  }
  if (!at) {
    throw new BackupError('bad_target', `"${text}" is not a time: give "latest" or an ISO 8601 time with its zone, e.g. 2026-12-07T14:50:00+09:00 or 2026-12-07T05:50:00Z.`);
  }
  if (at.getTime() > now.getTime()) {
    throw new BackupError('target_in_future', `${text} is in the future (it is now ${now.toISOString()}): nothing has been archived for it yet.`);
  }
  return at;
}

/** Null for anything but a real calendar time: 2026-02-30 or 24:61 would otherwise roll over into another day. */
function parseZonedTime(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))));
  const real = local.getUTCFullYear() === y && local.getUTCMonth() === mo - 1 && local.getUTCDate() === d
    && local.getUTCHours() === h && local.getUTCMinutes() === mi && local.getUTCSeconds() === s;
  if (!real || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) return null;
  const offsetMinutes = m[8]!.toUpperCase() === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/** The newest backup complete by `target` (recovery replays WAL forward from it); the newest of all for `latest`. */
export function chooseBackup(info: StanzaInfo, target: RecoveryTarget): BackupSet {
  const newest = info.backups.at(-1);
  if (!newest) {
    throw new BackupError('no_backup', `Stanza "${info.stanza}" has no backup yet: take one with \`hanaro backup run\`.`);
  }
  if (target === 'latest') return newest;
  // As pgBackRest chooses: recorded stop second ≤ target. Inside that second the copy may still be short
  // of consistent; PostgreSQL then refuses the target, and restore-to-scratch says so.
  const usable = info.backups.filter((b) => b.stoppedAt.getTime() <= target.getTime());
  if (usable.length === 0) {
    const first = info.backups[0]!;
    throw new BackupError('target_before_first_backup', `${target.toISOString()} is before the first backup was complete: the oldest backup, ${first.label}, finished at ${first.stoppedAt.toISOString()}. Choose a later time.`);
  }
  return usable.at(-1)!;
}
