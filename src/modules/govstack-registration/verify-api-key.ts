import type { AnyDb } from '../../platform/db/database.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { KEY_PREFIX, secretHashOf } from './issue-api-key.ts';
import * as store from './store.ts';

/** The bearer verifier for agency API keys: a live key answers as its agency, with its scopes. */
export function apiKeyVerifier(conn: AnyDb): BearerVerifier {
  return async (token) => {
    if (!token.startsWith(KEY_PREFIX)) return null;
    const key = await store.findLiveApiKey(conn, secretHashOf(token));
    return key ? { clientId: key.id, agencyId: key.agency_id, scopes: key.scopes, kind: 'api_key' } : null;
  };
}
