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
  /**
   * `when-stale` (default) fetches a list again only after its `ttl`; `always` fetches it on every
   * check and falls back to the cached list only while the issuer cannot be reached, so a
   * suspension is seen at once and checks still go on offline for the list's lifetime.
   */
  refresh?: 'when-stale' | 'always';
}

/**
 * A checker for the `status.status_list` claim of a credential. Lists are cached until their `ttl`
 * (or `exp`) runs out, so verification keeps working while the issuer is offline.
 */
export function createStatusChecker(deps: StatusCheckerDeps): StatusChecker {
  const cache = new Map<string, { token: StatusListToken; freshUntil: number; usableUntil: number }>();
  const load = async (uri: string, clock: Clock, now: number) => {
    const token = await verifyStatusListJwt(await deps.fetchStatusList(uri), await deps.resolveListKeys(uri), { uri, ...(clock.now ? { now: clock.now } : {}) });
    const freshUntil = Math.min(now + (token.ttl ?? deps.defaultTtlSeconds ?? 3600), token.exp ?? Infinity);
    const entry = { token, freshUntil, usableUntil: token.exp ?? freshUntil };
    cache.set(uri, entry);
    return entry;
  };
  return async (status: Record<string, unknown>, clock: Clock) => {
    const reference = status.status_list as { idx?: unknown; uri?: unknown } | undefined;
    if (!reference || !Number.isInteger(reference.idx) || typeof reference.uri !== 'string') return refuse('status_list_invalid', 'status.status_list needs idx and uri');
    const uri = reference.uri;
    const now = epochSeconds(clock);
    const cached = cache.get(uri);
    let entry = cached;
    if (!cached || cached.freshUntil <= now) entry = await load(uri, clock, now);
    else if (deps.refresh === 'always') {
      try {
        entry = await load(uri, clock, now);
      } catch (error) {
        if (cached.usableUntil <= now) throw error;
      }
    }
    return entry!.token.list.get(reference.idx as number);
  };
}
