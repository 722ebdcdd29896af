/** An onboarded agency that issues a mobile credential: checked like a pack, then issued to a wallet at once, without a restart. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { disclosed, ISSUER, SoftwareWallet } from '../../../test/support/software-wallet.ts';
import { seedFromDir } from '../../app.ts';
import { checkFragment, FragmentInvalidError, loadPack } from '../packs/index.ts';

const VETERANS = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'packs', 'fragments', 'veterans.yaml'), 'utf8');
const decode = (html: string) => html.replaceAll('&#34;', '"').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

describe('a fragment\'s credential types are checked like the pack\'s', () => {
  const errorsOf = (text: string) => {
    try {
      checkFragment(text, loadPack(DEMO_PACK));
      return [];
    } catch (err) {
      if (!(err instanceof FragmentInvalidError)) throw err;
      return err.errors.map((e) => `${e.path}: ${e.message}`);
    }
  };

  it('accepts the example fragment', () => {
    assert.deepEqual(errorsOf(VETERANS), []);
  });

  it('names each mistake by its path: another agency, a name another credential has, a field the register lacks, a missing translation', () => {
    const broken = VETERANS
      .replace('    agency: veterans\n    title: { ko: 모바일 국가보훈등록증', '    agency: police\n    title: { ko: 모바일 국가보훈등록증')
      .replace('urn:hangyeol:credential:mobile-veteran-card:1', 'urn:hangyeol:credential:mobile-resident-card:1')
      .replace('from: veterans.category', 'from: veterans.rank')
      .replace('{ ko: 보훈 번호, en: Veteran number }, from', '{ ko: 보훈 번호 }, from');
    const errors = errorsOf(broken);
    assert.ok(errors.includes('credentialTypes[0].agency: must be "veterans", the agency this fragment adds'), errors.join('\n'));
    assert.ok(errors.includes('credentialTypes[0].formats.dc+sd-jwt.vct: the vct "urn:hangyeol:credential:mobile-resident-card:1" is already the credential type "mobile-resident-card"\'s'), errors.join('\n'));
    assert.ok(errors.includes('credentialTypes[0].claims[4].from: veterans has no field "rank"'), errors.join('\n'));
    assert.ok(errors.includes('credentialTypes[0].claims[3].label: the text has no en translation'), errors.join('\n'));
  });

  it('refuses an id a pack credential type has', () => {
    const errors = errorsOf(VETERANS.replace('id: mobile-veteran-card', 'id: mobile-resident-card'));
    assert.ok(errors.includes('credentialTypes[0].id: the id "mobile-resident-card" is already the credential type "mobile-resident-card"\'s'), errors.join('\n'));
  });
});

for (const target of databaseTargets()) {
  describe(`onboarding an agency that issues a mobile credential [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let veteran: Visitor;
    before(async () => {
      platform = await startTestPlatform(target);
      const operator = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await operator.signIn('operator@demo.hanaro.example')).statusCode, 303);
      const preview = await operator.post('/ops/agencies/new', { fragment: VETERANS, step: 'preview' }, '/ops/agencies/new');
      assert.match(decode(preview.body), /1 mobile credential for residents' wallets: <span>Mobile veteran card<\/span>/);
      assert.equal((await operator.post('/ops/agencies/new', { fragment: VETERANS, step: 'confirm' }, '/ops/agencies/new')).statusCode, 303);
      veteran = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await veteran.signUp(DEMO_RESIDENTS.sangcheol)).statusCode, 303);
    });
    after(() => platform.close());

    it('publishes the credential in the issuer metadata and offers it on the resident\'s wallet page', async () => {
      const metadata = (await platform.app.inject({ url: '/.well-known/openid-credential-issuer' })).json();
      assert.equal(metadata.credential_configurations_supported['mobile-veteran-card.sd-jwt'].vct, 'urn:hangyeol:credential:mobile-veteran-card:1');
      assert.equal(metadata.credential_configurations_supported['mobile-veteran-card.mdoc'].doctype, 'hg.go.mpva.veteran-card.1');
      assert.match((await veteran.get('/me/wallet')).body, /Mobile veteran card/);
    });

    it('issues it from the agency\'s register under the agency\'s own IACA root, with the SAN that names the issuer', async () => {
      const credential = await new SoftwareWallet(platform.app).receive(veteran, 'mobile-veteran-card', 'mobile-veteran-card.sd-jwt');
      const [header, payload] = credential.split('~')[0]!.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString())) as [{ x5c: string[] }, { iss: string; vct: string }];
      assert.equal(payload.vct, 'urn:hangyeol:credential:mobile-veteran-card:1');
      assert.equal(payload.iss, ISSUER);
      assert.equal(disclosed(credential).veteran_number, '11-004217');
      assert.equal(disclosed(credential).veteran_category, 'war-veteran');
      const root = new X509Certificate((await platform.app.inject({ url: '/credentials/trust/veterans.pem' })).body);
      const leaf = new X509Certificate(Buffer.from(header.x5c[0]!, 'base64'));
      assert.ok(leaf.checkIssued(root) && leaf.verify(root.publicKey), 'signed under the veterans ministry\'s root');
      assert.match(leaf.subjectAltName ?? '', new RegExp(`URI:${ISSUER}`));
      const { rows } = await sql<{ registry_id: string }>`select registry_id from personal_data_reads where channel = 'issuance' and reader_agency_id = 'veterans'`.execute(platform.database.db);
      assert.ok(rows.some((r) => r.registry_id === 'veterans'), 'the register read is shown to the resident');
    });

    it('keeps the credential type when a restart seeds the pack again', async () => {
      await seedFromDir(platform.database, DEMO_PACK);
      const metadata = (await platform.app.inject({ url: '/.well-known/openid-credential-issuer' })).json();
      assert.ok(metadata.credential_configurations_supported['mobile-veteran-card.sd-jwt']);
    });
  });
}
