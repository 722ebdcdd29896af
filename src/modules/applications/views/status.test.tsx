import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../../../platform/i18n/i18n.ts';
import { Timeline } from './status.tsx';
import type { ApplicationEvent } from '../store.ts';

const submitted: ApplicationEvent = { id: 1, application_id: 'a', kind: 'submitted', actor: 'resident:r', step: null, message: null, at: new Date('2026-12-07T03:44:00Z') };

describe('"What has happened" on an application', () => {
  it("shows each step's time in the country's time zone, not the server's", async () => {
    const html = await <Timeline tr={translator('en', 'ko', 'Asia/Seoul')} events={[submitted]} who={() => 'You'} steps={[]} />;
    assert.match(html, /<time datetime="2026-12-07T03:44:00.000Z">Dec 7, 2026, 12:44 PM<\/time>/);
  });
});
