import type { AnyDb } from '../../../platform/db/database.ts';
import { DEMO_PACK, testConfig } from '../../../../test/support/platform.ts';
import { loadPack } from '../../packs/index.ts';
import { checksOf } from '../checks.ts';
import { registerRelyingParty, type RelyingPartyInput } from '../register-relying-party.ts';
import type { RelyingPartyOwner } from '../store.ts';

/** A relying party for the demo pack's checks, registered as the back office registers one: its id and API key. */
export async function registerTestParty(db: AnyDb, party: Pick<RelyingPartyInput, 'nameKo' | 'nameEn' | 'legalName' | 'checks'>, owner: RelyingPartyOwner = { kind: 'platform' }): Promise<{ id: string; apiKey: string }> {
  const registered = await registerRelyingParty(db, owner, { registrationNumber: '', ...party },
    { country: 'Hangyeol', secret: testConfig().documentKeySecret, checks: checksOf(loadPack(DEMO_PACK)), who: { actor: 'system:test' } });
  if (!registered.ok) throw new Error(`relying party not registered: ${registered.problems.join(', ')}`);
  return registered;
}
