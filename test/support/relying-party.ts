import type { AnyDb } from '../../src/platform/db/database.ts';
import { DEMO_PACK, testConfig } from './platform.ts';
import { loadPack } from '../../src/modules/packs/index.ts';
import { checksOf } from '../../src/modules/verifier/checks.ts';
import { registerRelyingParty, type RelyingPartyInput } from '../../src/modules/verifier/register-relying-party.ts';
import type { RelyingPartyOwner } from '../../src/modules/verifier/store.ts';

/** A relying party for the demo pack's checks, registered as the back office registers one: its id and API key. */
export async function registerTestParty(db: AnyDb, party: Pick<RelyingPartyInput, 'nameKo' | 'nameEn' | 'legalName' | 'checks'>, owner: RelyingPartyOwner = { kind: 'platform' }): Promise<{ id: string; apiKey: string }> {
  const registered = await registerRelyingParty(db, owner, { registrationNumber: '', ...party },
    { country: 'Hangyeol', secret: testConfig().documentKeySecret, checks: checksOf(loadPack(DEMO_PACK)), who: { actor: 'system:test' } });
  if (!registered.ok) throw new Error(`relying party not registered: ${registered.problems.join(', ')}`);
  return registered;
}
