import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { verifierApiRoutes } from './api-routes.ts';
import { checksOf, type Checks, type CredentialFormats } from './checks.ts';
import type { VerifierContext, VerifierRuntime } from './context.ts';
import { counterRoutes } from './counter-routes.tsx';
import { relyingPartyOfficeRoutes } from './office-routes.tsx';
import { keptTrust } from './kept-trust.ts';
import { verifierRecords } from './records.ts';
import { walletRoutes } from './wallet-routes.ts';

export { registerRelyingParty, type RelyingPartyInput } from './register-relying-party.ts';
export { accessCaCertificate } from './access-certificates.ts';
export { checksOf, dcqlQueryFor, type Check, type Checks, type CheckSource, type CredentialFormats } from './checks.ts';
export { fetchStatusListOverHttp, type VerifierTrust } from './trust.ts';
export type { TrustSource } from './kept-trust.ts';
export { VERIFIER_SCOPE, type VerifierContext } from './context.ts';

export const verifierMigrations: MigrationSource = { owner: 'verifier', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/relying-parties', titleKey: 'verifier.parties.title', leadKey: 'verifier.officeLink.lead', roles: ['agency_admin'] },
];

/** The OpenID4VP verifier: relying parties in the back office, their API, the wallet endpoints and the counter tablet. */
export function verifierModule(conn: AnyDb, ctx: VerifierContext) {
  let pack: { credentialTypes: readonly CredentialFormats[]; checks: Checks } | undefined;
  const loaded = () => {
    if (!pack) {
      const source = ctx.pack();
      pack = { credentialTypes: source.credentialTypes, checks: checksOf(source) };
    }
    return pack;
  };
  // What is kept (trust list, status lists, parties) is what keeps checks going while an issuer or the database is down.
  const runtime: VerifierRuntime = {
    ...ctx, credentialTypes: () => loaded().credentialTypes, checks: () => loaded().checks,
    trust: keptTrust(ctx.trust, path.join(ctx.keptDir, 'trust.json')),
    records: verifierRecords(conn, { partiesFile: path.join(ctx.keptDir, 'relying-parties.json'), publicUrl: ctx.publicUrl }),
  };
  return async function verifier(app: FastifyInstance) {
    await app.register(relyingPartyOfficeRoutes(conn, runtime));
    await app.register(verifierApiRoutes(conn, runtime));
    await app.register(walletRoutes(conn, runtime));
    await app.register(counterRoutes(conn, runtime));
  };
}
export { platformTrust } from './trust.ts';
