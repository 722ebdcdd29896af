import type { JWK } from 'jose';
import { epochSeconds, refuse, type Clock } from '../refusal.ts';
import type { StatusChecker } from '../sd-jwt/verify-sd-jwt.ts';
import { verifyStatusListJwt, type StatusListToken } from './status-list-token.ts';

export interface StatusCheckerDeps {
  /** Fetches the Status List Token (JWT) published at `uri`. */
  fetchStatusList: (uri: string) => Promise<string>;
  /** The keys trusted to sign the list at `uri`. */
  resolveListKeys: (uri: string) => Promise<(CryptoKey | JWK)[]>;
  /** How long a list without `ttl` is reused (seconds). */
  defaultTtlSeconds?: number;
}

/**
 * A checker for the `status.status_list` claim of a credential. Lists are cached until their `ttl`
 * (or `exp`) runs out, so verification keeps working while the issuer is offline.
 */
export function createStatusChecker(deps: StatusCheckerDeps): StatusChecker {
  const cache = new Map<string, { token: StatusListToken; freshUntil: number }>();
  return async (status: Record<string, unknown>, clock: Clock) => {
    const reference = status.status_list as { idx?: unknown; uri?: unknown } | undefined;
    if (!reference || !Number.isInteger(reference.idx) || typeof reference.uri !== 'string') return refuse('status_list_invalid', 'status.status_list needs idx and uri');
    const now = epochSeconds(clock);
    let entry = cache.get(reference.uri);
    if (!entry || entry.freshUntil <= now) {
      const token = await verifyStatusListJwt(await deps.fetchStatusList(reference.uri), await deps.resolveListKeys(reference.uri), { uri: reference.uri, ...(clock.now ? { now: clock.now } : {}) });
      const freshUntil = Math.min(now + (token.ttl ?? deps.defaultTtlSeconds ?? 3600), token.exp ?? Infinity);
      entry = { token, freshUntil };
      cache.set(reference.uri, entry);
    }
    return entry.token.list.get(reference.idx as number);
  };
}
