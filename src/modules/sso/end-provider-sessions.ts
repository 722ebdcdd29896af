import type { AnyDb } from '../../platform/db/database.ts';
import * as store from './store.ts';

/** The cookie in which the provider keeps the id of its session with this browser (oidc-provider's default). */
export const PROVIDER_SESSION_COOKIE = '_session';

/**
 * When a resident signs out of Hanaro, the provider's session in that browser ends with it (with
 * `everywhere`, every provider session of theirs): an agency application asking the provider next
 * finds no session to resume, and no row waits for its expiry.
 */
export async function endProviderSessions(conn: AnyDb, residentId: string, browser: { sessionId?: string; everywhere: boolean }): Promise<void> {
  if (browser.everywhere) await store.deleteProviderSessions(conn, residentId);
  else if (browser.sessionId) await store.deleteProviderSessions(conn, residentId, browser.sessionId);
}
