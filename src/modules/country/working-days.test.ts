import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPack } from '../packs/index.ts';
import { dueDateOf } from '../applications/index.ts';
import { addWorkingDays, isWorkingDay } from './working-days.ts';

const demo = loadPack(path.join(import.meta.dirname, '..', '..', '..', 'packs', 'demo')).country;

describe("due dates on the country's working calendar", () => {
  it('skip weekends and the public holidays the pack lists', () => {
    assert.equal(isWorkingDay(demo, '2026-12-24'), true);
    assert.equal(isWorkingDay(demo, '2026-12-25'), false, 'Christmas Day is a holiday in the demo pack');
    assert.equal(isWorkingDay(demo, '2026-12-26'), false, 'a Saturday');
    assert.equal(addWorkingDays(demo, '2026-12-24', 1), '2026-12-28');
    assert.equal(addWorkingDays(demo, '2026-12-31', 1), '2027-01-04', "New Year's Day, then the weekend");
    assert.equal(addWorkingDays(demo, '2026-12-27', 0), '2026-12-27', 'no days is the same day');
  });

  it('make "30 working days" from Monday 7 December 2026 in Seoul the end of 20 January 2027, not 30 calendar days', () => {
    const due = dueDateOf(demo, new Date('2026-12-07T03:44:00Z'), 30);
    assert.equal(due.toISOString(), '2027-01-20T14:59:59.999Z');
    assert.equal(dueDateOf({ timeZone: 'Asia/Seoul' }, new Date('2026-12-11T03:00:00Z'), 1).toISOString(), '2026-12-14T14:59:59.999Z', 'Friday plus one working day is Monday');
  });
});
