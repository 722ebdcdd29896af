/**
 * The web wallet checks who issued a credential before it keeps it, as a verifier would: an
 * SD-JWT VC whose x5c does not chain to a trusted IACA root, or whose certificate does not name
 * its `iss`, and an mdoc whose IssuerAuth's document signer chains to no trusted root or whose
 * signature does not hold, is refused at receipt, the resident told why, and nothing of the offer is kept.
 * The portal's answer is changed on its way to the browser, as a misconfigured or foreign issuer
 * would send it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KeyObject, sign } from 'node:crypto';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { browserSuite, checkPage, PHONE, signUpInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS, testConfig } from '../../../test/support/platform.ts';
import { testIssuer } from '../../../test/support/test-issuer.ts';
import { openPrivateKeyObject } from '../documents/index.ts';
import { cborDecode, cborEncode, decodeCoseSign1, signCoseSign1 } from '../mobile-id/index.ts';

type Segments = { header: Record<string, unknown>; payload: Record<string, unknown>; rest: string[] };

const decode = (sdJwt: string): Segments => {
  const [jwt, ...rest] = sdJwt.split('~');
  const [header, payload] = jwt!.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString()) as Record<string, unknown>);
  return { header: header!, payload: payload!, rest };
};
const encode = ({ header, payload, rest }: Segments, key: KeyObject): string => {
  const input = [header, payload].map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')).join('.');
  return [`${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`, ...rest].join('~');
};

describe('the web wallet checks the issuer of a credential it receives', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  /** The agency's live document signer key: what signs the portal's credentials. */
  const portalSigner = async () => {
    const row = (await sql<{ encrypted_private_key: Uint8Array }>`select encrypted_private_key from credential_issuer_keys where agency_id = 'interior' and kind = 'document_signer' and retired_at is null`.execute(rig.platform.database.db)).rows[0]!;
    return openPrivateKeyObject(row.encrypted_private_key, testConfig().documentKeySecret);
  };

  /**
   * An mdoc (base64url IssuerSigned) with its IssuerAuth signed again by `key` under `x5chain`, or
   * (no key) with one bit of its signature flipped; its elements as the portal issued them.
   */
  const resignedMdoc = (mdoc: string, signer?: { key: KeyObject; x5chain: Uint8Array[] }) => {
    const issuerSigned = cborDecode(Buffer.from(mdoc, 'base64url')) as Map<string, unknown>;
    const issuerAuth = decodeCoseSign1(issuerSigned.get('issuerAuth'));
    const message = signer
      ? cborDecode(signCoseSign1({ alg: 'ES256', key: signer.key, payload: issuerAuth.payload!, unprotectedHeader: new Map([[33, Buffer.from(signer.x5chain[0]!)]]), tagged: false }))
      : cborDecode(cborEncode([issuerAuth.protectedBytes, issuerAuth.unprotectedHeader, issuerAuth.payload, Buffer.from(issuerAuth.signature.map((b, i) => (i === 0 ? b ^ 1 : b)))]));
    issuerSigned.set('issuerAuth', message);
    return cborEncode(issuerSigned).toString('base64url');
  };

  /** Takes the resident's offer in the wallet, with the credential of format `format` that the portal answers changed by `change`. */
  async function receiveChanged(page: Page, change: (credential: string) => Promise<string>, format: 'sd-jwt' | 'mdoc' = 'sd-jwt') {
    await page.route('**/oid4vci/credential', async (route) => {
      // Uncompressed, so the test can read and change it.
      const response = await route.fetch({ headers: { ...route.request().headers(), 'accept-encoding': 'identity' } });
      const body = await response.json() as { credentials: { credential: string }[] };
      if ((route.request().postDataJSON() as { credential_configuration_id: string }).credential_configuration_id.endsWith(`.${format}`)) {
        body.credentials[0]!.credential = await change(body.credentials[0]!.credential);
      }
      await route.fulfill({ status: response.status(), contentType: 'application/json', headers: { 'cache-control': 'no-store' }, body: JSON.stringify(body) });
    });
    await page.goto(`${rig.base}/me/wallet/offer?type=mobile-resident-card`);
    await page.click('a[href^="/wallet/receive?"]');
    await page.waitForFunction(() => /not saved|저장하지 않았습니다|received|받았습니다|could not/i.test(document.getElementById('wallet-status')?.textContent ?? ''));
    return (await page.textContent('#wallet-status')) ?? '';
  }

  /** What the wallet holds on this device, read from its own store. */
  const heldCredentials = async (page: Page) => {
    await page.goto(`${rig.base}/wallet/`);
    return page.evaluate(async (store) => ((await import(store)) as { listCredentials(): Promise<unknown[]> }).listCredentials().then((r) => r.length), '/assets/wallet/wallet-store.js');
  };

  it('[en] refuses a credential whose x5c chains to no trusted IACA root, and keeps nothing of the offer', async () => {
    const foreign = await testIssuer('Foreign Authority');
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, DEMO_RESIDENTS.mirae);
    const said = await receiveChanged(page, async (sdJwt) => {
      const parts = decode(sdJwt);
      return encode({ ...parts, header: { ...parts.header, x5c: foreign.signer.x5c } }, KeyObject.from(foreign.signer.privateKey));
    });
    assert.match(said, /This ID was not saved: it is not signed by an issuing authority this wallet trusts\./);
    await checkPage(page, 'wallet-en-issuer-untrusted');
    assert.equal(await heldCredentials(page), 0, 'neither format of the offer was kept');
    await context.close();
  });

  it('[ko] refuses a credential whose iss its certificate does not name, and says which issuer', async () => {
    const context = await rig.browser.newContext({ locale: 'ko', viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, DEMO_RESIDENTS.woosung);
    const said = await receiveChanged(page, async (sdJwt) => {
      const parts = decode(sdJwt);
      return encode({ ...parts, payload: { ...parts.payload, iss: 'https://elsewhere.example' } }, await portalSigner());
    });
    assert.match(said, /이 신분증은 저장하지 않았습니다\. 서명한 인증서에 발급자\(https:\/\/elsewhere\.example\)의 이름이 없습니다\./);
    assert.equal(await heldCredentials(page), 0);
    await context.close();
  });

  it('[en] refuses an mdoc whose document signer chains to no trusted IACA root, and keeps nothing of the offer', async () => {
    const foreign = await testIssuer('Foreign Authority');
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, DEMO_RESIDENTS.jungho);
    const said = await receiveChanged(page, async (mdoc) => resignedMdoc(mdoc, { key: KeyObject.from(foreign.signer.privateKey), x5chain: foreign.signer.x5c.map((c) => Buffer.from(c, 'base64')) }), 'mdoc');
    assert.match(said, /This ID was not saved: it is not signed by an issuing authority this wallet trusts\./);
    await checkPage(page, 'wallet-en-mdoc-issuer-untrusted');
    assert.equal(await heldCredentials(page), 0, 'neither format of the offer was kept');
    await context.close();
  });

  it('[ko] refuses an mdoc whose issuer signature does not hold', async () => {
    const context = await rig.browser.newContext({ locale: 'ko', viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, DEMO_RESIDENTS.jiwoo);
    const said = await receiveChanged(page, async (mdoc) => resignedMdoc(mdoc), 'mdoc');
    assert.match(said, /이 신분증은 저장하지 않았습니다\. 누가 발급했는지 지갑이 확인할 수 없습니다\./);
    await checkPage(page, 'wallet-ko-mdoc-signature-invalid');
    assert.equal(await heldCredentials(page), 0);
    await context.close();
  });

  it('keeps the credential as the portal issued it', async () => {
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, DEMO_RESIDENTS.seoyeon);
    const said = await receiveChanged(page, async (sdJwt) => sdJwt);
    assert.match(said, /Received 2 credentials/);
    assert.equal(await heldCredentials(page), 2);
    await context.close();
  });
});
