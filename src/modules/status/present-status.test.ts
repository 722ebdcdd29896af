import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantFromLocal, localFromInstant } from './local-time.ts';
import { presentStatus } from './present-status.ts';
import type { StatusSnapshot } from './snapshot.ts';

const snapshot = (over: Partial<StatusSnapshot>): StatusSnapshot => ({
  takenAt: '2026-12-07T00:00:00.000Z',
  components: [{ id: 'portal', state: 'up' }],
  agencies: [{ id: 'interior', name: { ko: '행정안전부' }, services: [{ id: 'moving-in-report', title: { ko: '전입신고' }, state: 'up' }] }],
  incidents: [], maintenance: [], ...over,
});

describe('the status page\'s states at a moment', () => {
  it('applies a window that starts after the copy was taken (the database may be down by then)', () => {
    const kept = snapshot({ maintenance: [{ id: 1, services: ['moving-in-report'], components: [], startsAt: '2026-12-07T01:00:00.000Z', endsAt: '2026-12-07T02:00:00.000Z', body: { ko: '점검' } }] });
    assert.equal(presentStatus(kept, new Date('2026-12-07T00:30:00Z')).agencies[0]!.services[0]!.state, 'up');
    assert.equal(presentStatus(kept, new Date('2026-12-07T00:30:00Z')).maintenance.upcoming.length, 1);
    assert.equal(presentStatus(kept, new Date('2026-12-07T01:30:00Z')).agencies[0]!.services[0]!.state, 'maintenance');
    assert.equal(presentStatus(kept, new Date('2026-12-07T02:00:00Z')).agencies[0]!.services[0]!.state, 'up');
  });

  it('lets an open incident\'s impact win over maintenance, and reads a copy kept by an older version', () => {
    const kept = snapshot({
      maintenance: [{ id: 1, services: ['moving-in-report'], components: [], startsAt: '2026-12-06T00:00:00.000Z', endsAt: '2026-12-08T00:00:00.000Z', body: { ko: '점검' } }],
      incidents: [{ id: 2, title: { ko: '중단' }, impact: 'outage', state: 'monitoring', services: ['moving-in-report'], components: [], startedAt: '2026-12-07T00:00:00.000Z', resolvedAt: null, updates: [] }],
    });
    assert.equal(presentStatus(kept, new Date('2026-12-07T01:00:00Z')).agencies[0]!.services[0]!.state, 'outage');
    const old = { takenAt: kept.takenAt, components: kept.components, agencies: kept.agencies } as StatusSnapshot;
    assert.deepEqual(presentStatus(old).incidents, []);
  });

  it('reads a time typed in the country\'s zone', () => {
    assert.equal(instantFromLocal('2026-12-07T22:00', 'Asia/Seoul')?.toISOString(), '2026-12-07T13:00:00.000Z');
    assert.equal(instantFromLocal('2026-07-01 09:30', 'Europe/Berlin')?.toISOString(), '2026-07-01T07:30:00.000Z');
    assert.equal(instantFromLocal('2026-02-31T10:00', 'Asia/Seoul'), null);
    assert.equal(instantFromLocal('tomorrow', 'Asia/Seoul'), null);
    assert.equal(localFromInstant(new Date('2026-12-07T13:00:00Z'), 'Asia/Seoul'), '2026-12-07T22:00');
  });
});
