import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, staffSignInInBrowser, useBrowserRig, PHONE } from '../../../test/support/browser.ts';
import { recordTraffic } from './index.ts';

describe('a platform operator reads the operations console, in a real browser', browserSuite(), () => {
  const rig = useBrowserRig();
  before(async () => {
    for (let i = 0; i < 12; i++) await fetch(`${rig.base}/services/moving-in-report`);
    await fetch(`${rig.base}/services/no-such-service`);
    await recordTraffic(rig.platform.database.db, rig.platform.app.traffic);
  });

  for (const locale of ['ko', 'en'] as const) {
    it(`opens the console, a service, capacity, security and the consolidation report [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'operator@demo.hanaro.example');
      await page.click('a[href="/ops"]');
      assert.ok(await page.isVisible('a[href="/ops/services/driving-licence-renewal"]'));
      await checkPage(page, `ops-${locale}-console`);
      await page.click('a[href="/ops/services/moving-in-report"]');
      assert.equal(await page.locator('svg[role="img"] title').count() >= 4, true);
      await checkPage(page, `ops-${locale}-service`);
      for (const [href, shot] of [['/ops/capacity', 'capacity'], ['/ops/security', 'security'], ['/ops/consolidation', 'consolidation']] as const) {
        await page.click(`.ops-nav a[href="${href}"]`);
        await checkPage(page, `ops-${locale}-${shot}`);
      }
      await page.click('a[href="/ops/consolidation?print=1"]');
      assert.equal(await page.isVisible('.site-header'), false, 'the printable version has no header');
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `test-results/screens/ops-${locale}-consolidation-print.png`, fullPage: true });
      await context.close();
    });
  }
});
