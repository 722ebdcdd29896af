import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { epochSeconds, refuse, type Clock } from '../refusal.ts';
import { verifyStatusListCwt, verifyStatusListJwt, type StatusListKey, type StatusListToken } from './status-list-token.ts';

/** Reads a credential's `status` claim and answers its status value (0 valid, 1 invalid, 2 suspended …). */
export type StatusChecker = (status: Record<string, unknown>, clock: Clock) => Promise<number>;

/** A Status List Token as fetched: a JWT (`application/statuslist+jwt`) or the bytes of a CWT (`application/statuslist+cwt`). */
export type FetchedStatusList = string | Uint8Array;

export interface StatusCheckerDeps {
  /** Fetches the Status List Token published at `uri`, in either encoding. */
  fetchStatusList: (uri: string) => Promise<FetchedStatusList>;
  /** The keys trusted to sign the list at `uri` (the token is given so its x5c / x5chain can be checked). */
  resolveListKeys: (uri: string, token: FetchedStatusList) => Promise<(CryptoKey | JWK | KeyObject)[]>;
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
 * A checker for the `status.status_list` claim of a credential (SD-JWT VC) or mobile security
 * object (mdoc). A list is reused for its `ttl`; while the issuer cannot be reached, the list last
 * read keeps answering until its own `exp` (its lifetime), so verification goes on offline.
 */
export function createStatusChecker(deps: StatusCheckerDeps): StatusChecker {
  const cache = new Map<string, { token: StatusListToken; freshUntil: number; usableUntil: number }>();
  const load = async (uri: string, clock: Clock, now: number) => {
    const token = await verifyFetched(uri, await deps.fetchStatusList(uri), deps, clock);
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
    if (cached && cached.freshUntil > now && deps.refresh !== 'always') return cached.token.list.get(reference.idx as number);
    let entry = cached;
    try {
      entry = await load(uri, clock, now);
    } catch (error) {
      // The issuer cannot be read: the list last read still answers for its lifetime, never after.
      if (!cached || cached.usableUntil <= now) throw error;
    }
    return entry!.token.list.get(reference.idx as number);
  };
}

async function verifyFetched(uri: string, fetched: FetchedStatusList, deps: StatusCheckerDeps, clock: Clock): Promise<StatusListToken> {
  const keys: StatusListKey[] = await deps.resolveListKeys(uri, fetched);
  const input = { uri, ...(clock.now ? { now: clock.now } : {}) };
  return typeof fetched === 'string' ? verifyStatusListJwt(fetched, keys, input) : verifyStatusListCwt(fetched, keys, input);
}

/**
 * Turns a status value into the answer: 0 (valid) passes, 1 (invalid) is revoked, 2 is suspended,
 * anything else is refused; shared by SD-JWT VCs and mdocs.
 */
export async function requireValidStatus(status: unknown, check: StatusChecker | undefined, clock: Clock): Promise<number> {
  if (status === null || typeof status !== 'object') return refuse('malformed', 'status is not an object');
  if (!check) return refuse('credential_status_unchecked', 'the credential has a status but the verifier cannot check it');
  const value = await check(status as Record<string, unknown>, clock);
  if (value === 1) refuse('credential_revoked', 'the status list marks the credential invalid');
  if (value === 2) refuse('credential_suspended', 'the status list marks the credential suspended');
  if (value !== 0) refuse('credential_status_invalid', `status value ${value}`);
  return value;
}
