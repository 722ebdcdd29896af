import type { AnyDb } from '../../platform/db/database.ts';
import { findResidentAccount } from './store.ts';

/** Where and in which language to reach a resident, if they have an account. */
export async function findResidentAccountContact(conn: AnyDb, residentId: string): Promise<{ email: string | null; locale: string } | null> {
  const account = await findResidentAccount(conn, { residentId });
  return account && !account.disabled_at ? { email: account.email, locale: account.locale } : null;
}
