import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBackup, parseRecoveryTarget } from './recovery-target.ts';
import type { BackupSet, StanzaInfo } from './pgbackrest.ts';
import { BackupError } from './errors.ts';

const now = new Date('2026-12-07T06:00:00Z');
const problem = (p: string) => (err: unknown) => err instanceof BackupError && err.problem === p;

test('a recovery target is "latest" or a time with its zone, read in that zone', () => {
  assert.equal(parseRecoveryTarget(undefined, now), 'latest');
  assert.equal(parseRecoveryTarget('latest', now), 'latest');
  assert.deepEqual(parseRecoveryTarget('2026-12-07T14:50:00+09:00', now), new Date('2026-12-07T05:50:00Z'));
  assert.deepEqual(parseRecoveryTarget('2026-12-07 05:50:00.25Z', now), new Date('2026-12-07T05:50:00.250Z'));
  assert.deepEqual(parseRecoveryTarget('2026-12-07T01:20-0430', now), new Date('2026-12-07T05:50:00Z'));
});

test('a time that does not parse, has no zone, or does not exist is refused by name', () => {
  assert.throws(() => parseRecoveryTarget('2026-12-07T05:50:00', now), (err: unknown) => problem('bad_target')(err) && /"2026-12-07T05:50:00" has no time zone: add one, e.g. 2026-12-07T05:50:00\+09:00/.test((err as Error).message));
  for (const bad of ['yesterday', '2026-02-30T00:00:00Z', '2026-12-07T24:10:00Z', '2026-12-07T05:50:00+25:00', '']) {
    assert.throws(() => parseRecoveryTarget(bad, now), (err: unknown) => problem('bad_target')(err) && (err as Error).message.includes(`"${bad}" is not a time`), bad);
  }
});

test('a time in the future is refused', () => {
  assert.throws(() => parseRecoveryTarget('2026-12-07T06:00:01Z', now), (err: unknown) => problem('target_in_future')(err) && /is in the future/.test((err as Error).message));
});

const backup = (label: string, start: string, stop: string): BackupSet => ({
  label, type: 'full', startedAt: new Date(start), stoppedAt: new Date(stop), sizeBytes: 1, repositoryBytes: 1, walStart: '', walStop: '',
});
const info: StanzaInfo = {
  stanza: 'hanaro', postgresVersion: '15', archive: { first: null, last: null },
  backups: [backup('20261207-010000F', '2026-12-07T01:00:00Z', '2026-12-07T01:00:05Z'), backup('20261207-030000F', '2026-12-07T03:00:00Z', '2026-12-07T03:00:05Z')],
};

test('the drill restores the newest backup complete by the target, and replays WAL from there', () => {
  assert.equal(chooseBackup(info, 'latest').label, '20261207-030000F');
  assert.equal(chooseBackup(info, new Date('2026-12-07T02:00:00Z')).label, '20261207-010000F');
  assert.equal(chooseBackup(info, new Date('2026-12-07T03:00:05Z')).label, '20261207-030000F');
  assert.equal(chooseBackup(info, new Date('2026-12-07T03:00:04.999Z')).label, '20261207-010000F');
});

test('a time before the first backup was complete, or a stanza with no backup, is refused with what to do', () => {
  assert.throws(() => chooseBackup(info, new Date('2026-12-07T01:00:03Z')),
    (err: unknown) => problem('target_before_first_backup')(err) && /before the first backup was complete: the oldest backup, 20261207-010000F, finished at 2026-12-07T01:00:05.000Z/.test((err as Error).message));
  assert.throws(() => chooseBackup({ ...info, backups: [] }, 'latest'), (err: unknown) => problem('no_backup')(err) && /has no backup yet/.test((err as Error).message));
});
