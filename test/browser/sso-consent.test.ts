import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { clientPolicy, DEMO_RESIDENTS, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, fillSignUp, useBrowserRig, PHONE } from '../support/browser.ts';
import { registerClient } from '../../src/modules/sso/index.ts';
import { agencyScope } from '../../src/platform/tenancy.ts';

const CALLBACK = 'http://localhost:7777/callback';

describe('signing in to an agency service through Hanaro, in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });
  before(async () => {
    const registered = await registerClient(rig.platform.database.db, agencyScope('welfare'), 'welfare-benefits', {
      name: 'Welfare benefits online', logoUri: null, redirectUris: [CALLBACK], grantTypes: ['authorization_code'], authMethod: 'client_secret_basic',
      publicJwk: null, userClaims: ['name', 'birthdate', 'national_id'], apiScopes: [], acrValues: [], status: 'active',
    }, clientPolicy(), { actor: 'system:test' });
    assert.ok(registered.ok);
  });

  const cases: { locale: string; resident: DemoResident; allow: RegExp; claim: string }[] = [
    { locale: 'ko', resident: DEMO_RESIDENTS.jiwoo, allow: /동의하고 계속하기/, claim: '주민등록번호' },
    { locale: 'en', resident: DEMO_RESIDENTS.lan, allow: /Agree and continue/, claim: 'Your resident registration number' },
  ];
  for (const c of cases) {
    it(`asks for consent in ${c.locale} at 390 px, accessibly, then returns a code`, async () => {
      const context = await rig.browser.newContext({ viewport: PHONE, locale: c.locale });
      const page = await context.newPage();
      await page.route(`${CALLBACK}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));
      await page.goto(`${rig.base}/sign-up`);
      await fillSignUp(page, c.resident);
      await page.click('form[action="/sign-up"] button[type=submit]');
      await page.waitForLoadState();
      assert.match(page.url(), /\/me/, `signed up: ${(await page.textContent('main'))?.slice(0, 300)}`);

      const query = new URLSearchParams({
        client_id: 'welfare-benefits', response_type: 'code', redirect_uri: CALLBACK, scope: 'openid profile national_id', state: 'st', nonce: 'no',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      });
      await page.goto(`${rig.base}/oidc/auth?${query}`);
      await page.waitForLoadState();
      assert.match(page.url(), /\/oidc-interaction\//, `consent asked: ${(await page.textContent('body'))?.slice(0, 300)}`);
      assert.equal(await page.getAttribute('html', 'lang'), c.locale);
      assert.ok((await page.textContent('main'))!.includes(c.claim));
      await checkPage(page, `sso-consent-${c.locale}`);

      await page.getByRole('button', { name: c.allow }).click();
      await page.waitForURL(/localhost:7777\/callback/);
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('state'), 'st');
      assert.ok(back.searchParams.get('code'));
      await context.close();
    });
  }
});
