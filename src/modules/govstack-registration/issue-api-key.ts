import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { isGrantableScope } from './scopes.ts';
import * as store from './store.ts';

export const KEY_PREFIX = 'hnr_';

export const secretHashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export type IssueProblem = 'label' | 'scopes';

/**
 * An agency administrator (or the operator, with `hanaro api-key create`: no staff member) creates a
 * key for one of their agency's systems. The secret is in the answer and nowhere else: only its hash is stored.
 */
export async function issueApiKey(conn: AnyDb, scope: AgencyScope, input: { label: string; scopes: string[] }, admin: { staffId: string | null; who: Actor }):
Promise<{ ok: true; id: string; secret: string } | { ok: false; problem: IssueProblem }> {
  const label = input.label.trim();
  if (!label || label.length > 100) return { ok: false, problem: 'label' };
  const scopes = [...new Set(input.scopes)];
  if (!scopes.length || scopes.some((s) => !isGrantableScope(s))) return { ok: false, problem: 'scopes' };
  const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = await conn.transaction().execute(async (trx) => {
    const keyId = await store.insertApiKey(trx, scope, { label, prefix: secret.slice(0, 10), secret_hash: secretHashOf(secret), scopes, created_by: admin.staffId });
    await recordAudit(trx, admin.who, { agencyId: scope.agencyId, action: 'api_key.issued', target: `api_key:${keyId}`, details: { label, scopes } });
    return keyId;
  });
  return { ok: true, id, secret };
}
