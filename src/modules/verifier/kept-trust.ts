import { X509Certificate } from 'node:crypto';
import { lastKnown } from '../../platform/db/last-known.ts';
import { isDatabaseUnreachable } from '../../platform/db/unreachable.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { FetchedStatusList, TrustAnchor } from '../mobile-id/index.ts';
import type { VerifierTrust } from './trust.ts';

/** Where the trust list and status lists of one verification came from: read now, or the copy kept from `keptAt`. */
export type TrustSource = { source: 'live' } | { source: 'kept'; keptAt: string; ageSeconds: number };

interface KeptList { at: string; jwt?: string; cwt?: string }
interface KeptTrustCopy { rootsAt: string; roots: string[]; lists: Record<string, KeptList> }

/** A copy confirmed by a live read is written again at most this often, so a verification does not always write to disk. */
const REWRITE_AFTER_MS = 60_000;

/** Neither the database nor a kept copy can say whom to trust: verifying would mean trusting anyone. */
export const trustUnavailable = (detail: string) => new AppError(503, 'verifier_trust_unavailable', 'verifier.error.trustUnavailable', { detail });

/**
 * The issuers' roots (the trust list) and every status list the verifier has read, kept in memory
 * and on disk. While the live source fails (the database is down, the issuer offline), a
 * verification reads the kept copy. Nothing is loosened: a kept list is checked again for its
 * signature and its own `exp`, so a revoked credential stays revoked and a list past its lifetime
 * answers nothing; with no copy at all the verifier refuses (503 `verifier_trust_unavailable`).
 */
export function keptTrust(live: VerifierTrust, file: string, clock: () => Date = () => new Date()) {
  const kept = lastKnown<KeptTrustCopy>(file);
  let writtenAt = 0;
  const keep = async (change: (copy: KeptTrustCopy) => KeptTrustCopy, changed: boolean) => {
    const copy = change((await kept.get()) ?? { rootsAt: clock().toISOString(), roots: [], lists: {} });
    if (!changed && clock().getTime() - writtenAt < REWRITE_AFTER_MS) return kept.hold(copy);
    writtenAt = clock().getTime();
    await kept.keep(copy);
  };

  async function liveRoots(): Promise<TrustAnchor[]> {
    const roots = await live.issuerRoots();
    const der = roots.map(derBase64Of);
    const before = (await kept.get())?.roots;
    await keep((copy) => ({ ...copy, rootsAt: clock().toISOString(), roots: der }), !sameList(before, der));
    return roots;
  }

  async function liveList(uri: string): Promise<FetchedStatusList> {
    const list = await live.fetchStatusList(uri);
    const entry: KeptList = typeof list === 'string' ? { at: clock().toISOString(), jwt: list } : { at: clock().toISOString(), cwt: Buffer.from(list).toString('base64') };
    const before = (await kept.get())?.lists[uri];
    await keep((copy) => ({ ...copy, lists: { ...copy.lists, [uri]: entry } }), before?.jwt !== entry.jwt || before?.cwt !== entry.cwt);
    return list;
  }

  return {
    /** The trust one verification reads, and afterwards where it came from (the oldest kept copy it used). */
    forOneVerification() {
      let oldest: string | null = null;
      const used = (at: string) => { if (oldest === null || at < oldest) oldest = at; };
      const trust: VerifierTrust = {
        issuerRoots: async () => {
          try {
            return await liveRoots();
          } catch (error) {
            // Only an unreachable database stands in for the live list: any other failure is a fault to see.
            if (!isDatabaseUnreachable(error)) throw error;
            const copy = await kept.get();
            if (!copy || copy.roots.length === 0) throw trustUnavailable('no trust list kept and the database is unreachable');
            used(copy.rootsAt);
            return copy.roots.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
          }
        },
        fetchStatusList: async (uri) => {
          try {
            return await liveList(uri);
          } catch (error) {
            const list = (await kept.get())?.lists[uri];
            if (!list) throw error;
            used(list.at);
            return list.jwt ?? new Uint8Array(Buffer.from(list.cwt ?? '', 'base64'));
          }
        },
      };
      const source = (): TrustSource => oldest === null ? { source: 'live' }
        : { source: 'kept', keptAt: oldest, ageSeconds: Math.max(0, Math.round((clock().getTime() - Date.parse(oldest)) / 1000)) };
      return { trust, source };
    },
    /** Whether a copy of the trust list is kept: without one the verifier cannot work while the database is down. */
    hasKeptRoots: async () => ((await kept.get())?.roots.length ?? 0) > 0,
  };
}

export type KeptTrust = ReturnType<typeof keptTrust>;

function derBase64Of(anchor: TrustAnchor): string {
  if (anchor instanceof X509Certificate) return anchor.raw.toString('base64');
  if (typeof anchor === 'string') return new X509Certificate(anchor).raw.toString('base64');
  return Buffer.from(anchor).toString('base64');
}

const sameList = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
