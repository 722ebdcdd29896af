import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instantFromLocal, localFromInstant } from './local-time.ts';

describe('a time typed in the country\'s zone', () => {
  it('is that zone\'s instant, with the offset in force on that day', () => {
    assert.equal(instantFromLocal('2027-06-10T09:00', 'Asia/Seoul')?.toISOString(), '2027-06-10T00:00:00.000Z');
    assert.equal(instantFromLocal('2027-01-10 09:00', 'America/New_York')?.toISOString(), '2027-01-10T14:00:00.000Z', 'winter: UTC-5');
    assert.equal(instantFromLocal('2027-07-10T09:00', 'America/New_York')?.toISOString(), '2027-07-10T13:00:00.000Z', 'summer: UTC-4');
    assert.equal(instantFromLocal('2027-03-14T03:30', 'America/New_York')?.toISOString(), '2027-03-14T07:30:00.000Z', 'just after the clocks go forward');
    assert.equal(localFromInstant(new Date('2027-07-10T13:00:00Z'), 'America/New_York'), '2027-07-10T09:00');
  });

  it('is no instant when it is no time', () => {
    for (const typed of ['2027-02-31T10:00', '2027-06-10T24:00', '10/06/2027 09:00', '']) assert.equal(instantFromLocal(typed, 'Asia/Seoul'), null, typed);
  });
});
