import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from './i18n.ts';
import { calendarDayIn } from './time.ts';

// 03:44 UTC on 7 December is 12:44 in Seoul; 20:00 UTC is already the next day there.
const morning = new Date('2026-12-07T03:44:00Z');
const evening = new Date('2026-12-07T20:00:00Z');

describe('times a person reads', () => {
  it("are in the country's time zone, in English and Korean", () => {
    const en = translator('en', 'ko', 'Asia/Seoul');
    const ko = translator('ko', 'ko', 'Asia/Seoul');
    assert.equal(en.when(morning, 'dateTime'), 'Dec 7, 2026, 12:44 PM');
    assert.match(ko.when(morning, 'dateTime'), /^2026\. 12\. 7\. 오후 12:44$/);
    assert.equal(en.when(evening), 'Dec 8, 2026');
    assert.equal(en.when(morning, 'clock'), '12:44');
    assert.equal(en.when(null), '');
  });

  it('read a calendar day as that day whatever the zone, and find the day an instant falls on', () => {
    assert.equal(translator('en', 'ko', 'Pacific/Honolulu').day('2020-03-01', 'longDate'), 'March 1, 2020');
    assert.equal(calendarDayIn('Asia/Seoul', evening), '2026-12-08');
    assert.equal(calendarDayIn('UTC', evening), '2026-12-07');
  });
});
