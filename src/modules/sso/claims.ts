import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import { findResidentById } from '../residents/index.ts';
import { findResidentAccountContact } from '../identity/index.ts';

/** What a resident can let an agency's service know about them, scope by scope. */
export const RESIDENT_SCOPES = {
  // acr, amr and auth_time say how and when the resident signed in; every client may know them.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  profile: ['name', 'birthdate'],
  email: ['email'],
  national_id: ['national_id'],
} as const satisfies Record<string, readonly string[]>;
export type ResidentScope = keyof typeof RESIDENT_SCOPES;

/** Claims a client may be allowed to ask for (`userClaims` in the GovStack client API). */
export const RESIDENT_CLAIMS: readonly string[] = ['name', 'birthdate', 'email', 'national_id'];

/** Levels of assurance, weakest first: password, passkey or second factor, mobile ID. */
export const ACR_VALUES = ['low', 'substantial', 'high'] as const;

/** The resident scopes whose claims a client was allowed. */
export function scopesForClaims(userClaims: readonly string[]): ResidentScope[] {
  return (Object.keys(RESIDENT_SCOPES) as ResidentScope[])
    .filter((scope) => scope === 'openid' || RESIDENT_SCOPES[scope].some((claim) => userClaims.includes(claim)));
}

/** The registry's and the account's facts about a resident; the provider releases only the granted ones. */
export function accountFinder(conn: AnyDb) {
  return async function findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const resident = await findResidentById(conn, sub);
    if (!resident) return undefined;
    const contact = await findResidentAccountContact(conn, sub);
    if (!contact) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        name: resident.name,
        birthdate: resident.birth_date,
        ...(contact.email ? { email: contact.email } : {}),
        national_id: resident.id_number,
      }),
    };
  };
}
