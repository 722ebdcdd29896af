import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endOfDayIn, startOfDayIn } from './submit-application.ts';

describe('the end of a day in the country\'s time zone', () => {
  it('is the last millisecond of that local day', () => {
    // 2026-11-23 20:00 UTC is already 11-24 05:00 in Seoul.
    assert.equal(endOfDayIn('Asia/Seoul', new Date('2026-11-23T20:00:00Z')).toISOString(), '2026-11-24T14:59:59.999Z');
    assert.equal(endOfDayIn('Asia/Seoul', new Date('2026-11-23T10:00:00Z')).toISOString(), '2026-11-23T14:59:59.999Z');
    assert.equal(endOfDayIn('UTC', new Date('2026-11-23T10:00:00Z')).toISOString(), '2026-11-23T23:59:59.999Z');
    assert.equal(endOfDayIn('America/Sao_Paulo', new Date('2026-11-23T10:00:00Z')).toISOString(), '2026-11-24T02:59:59.999Z');
  });

  it('starts at local midnight, so a counter\'s "today" is the country\'s day', () => {
    assert.equal(startOfDayIn('Asia/Seoul', new Date('2026-11-23T20:00:00Z')).toISOString(), '2026-11-23T15:00:00.000Z');
    assert.equal(startOfDayIn('Asia/Seoul', new Date('2026-11-23T10:00:00Z')).toISOString(), '2026-11-22T15:00:00.000Z');
    assert.equal(startOfDayIn('UTC', new Date('2026-11-23T10:00:00Z')).toISOString(), '2026-11-23T00:00:00.000Z');
  });
});
