/** Age predicates follow the country's legal ages (country.yaml `legalAges`), not numbers written into the code. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { buildPlatform } from '../../app.ts';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, demoPackWithAdultAge, migratedDatabase, testConfig, Visitor, seedTestPack } from '../../../test/support/platform.ts';
import { findCountry } from '../country/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { loadPack, PackInvalidError } from '../packs/index.ts';
import { ageOn } from './credential-claims.ts';
import { credentialSettings, issueCredential } from './index.ts';

const CARD = 'mobile-resident-card.yaml';
const LICENCE = 'mobile-driving-licence.yaml';

/** The claims an SD-JWT VC discloses at its top level. */
function disclosed(sdJwt: string): Record<string, unknown> {
  const disclosures = sdJwt.split('~').slice(1).filter(Boolean).map((d) => JSON.parse(Buffer.from(d, 'base64url').toString()) as unknown[]);
  return Object.fromEntries(disclosures.filter((d) => d.length === 3).map((d) => [d[1] as string, d[2]]));
}

describe('age predicates and the pack\'s legal ages', () => {
  // One year above a demo resident's age today, so the answer differs from what 19 would give.
  const { mirae, woosung } = DEMO_RESIDENTS;
  const adult = ageOn(mirae.birthDate, new Date()) + 1;

  it('a pack whose legal age and predicate name disagree is refused, naming the claim', () => {
    assert.throws(() => loadPack(demoPackWithAdultAge(adult, false)), (err: unknown) => {
      assert.ok(err instanceof PackInvalidError);
      const ours = err.errors.filter((e) => /age_over_19 does not say legalAges\.adult/.test(e.message));
      assert.deepEqual(ours.map((e) => path.basename(e.file)).sort(), [LICENCE, CARD].sort());
      assert.ok(ours.every((e) => e.message.includes(`age_over_${adult}`)));
      return true;
    });
  });

  for (const target of databaseTargets()) {
    describe(`issued under a country whose adult age is ${adult} [${target.name}]`, () => {
      let platform: Awaited<ReturnType<typeof buildPlatform>>;
      let close: () => Promise<void>;
      before(async () => {
        const database = await migratedDatabase(target);
        await seedTestPack(database, demoPackWithAdultAge(adult, true));
        platform = await buildPlatform(testConfig(), database, { jobs: false });
        await platform.app.ready();
        close = async () => { await platform.app.close(); await database.close(); };
      });
      after(() => close());

      it(`age_over_${adult} is computed at ${adult}: false for a resident of ${adult - 1}, true for one well over it`, async () => {
        const db = platform.database.db;
        const country = (await findCountry(db))!;
        assert.equal(country.legalAges?.adult, adult);
        for (const [resident, expected] of [[mirae, false], [woosung, true]] as const) {
          await new Visitor(platform.app).signUp(resident);
          const { id } = (await findResidentByIdNumber(db, resident.idNumber))!;
          const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
          const { credential } = await issueCredential(db, { residentId: id, typeId: 'mobile-resident-card', format: 'dc+sd-jwt', holderKey },
            credentialSettings(testConfig(), country), { actor: `resident:${id}` });
          const claims = disclosed(credential);
          assert.equal(claims[`age_over_${adult}`], expected, resident.name);
          assert.equal(claims.age_over_19, undefined, 'no predicate for an age the country does not set');
          assert.equal(claims.age_over_14, true);
        }
      });
    });
  }
});
