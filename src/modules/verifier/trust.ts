import { X509Certificate } from 'node:crypto';
import {
  createStatusChecker, statusListCertificates, verifyCertificateChain, type FetchedStatusList, type StatusChecker, type TrustAnchor,
} from '../mobile-id/index.ts';
import { VerificationRefused } from '../mobile-id/index.ts';
import { traceHeaders } from '../../platform/tracing/tracing.ts';

/**
 * Where trust comes from, handed in by app.ts: the issuing agencies' roots (IACA) and how a
 * status list is fetched. Tests build their own issuer and hand in its root and list.
 */
export interface VerifierTrust {
  /** The roots every issuer certificate (SD-JWT `x5c`, mdoc `x5chain`) must chain to. */
  issuerRoots(): Promise<TrustAnchor[]>;
  /** The Status List Token published at `uri`: a JWT (SD-JWT VCs' lists) or CWT bytes (mdocs' lists). */
  fetchStatusList(uri: string): Promise<FetchedStatusList>;
}

/** Fetches a status list over HTTPS (HTTP only for localhost), with a short timeout. */
export async function fetchStatusListOverHttp(uri: string): Promise<FetchedStatusList> {
  const url = new URL(uri);
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1'].includes(url.hostname)) throw new VerificationRefused('status_list_invalid', `refusing to fetch ${uri} over ${url.protocol}`);
  const response = await fetch(url, { headers: { accept: `${STATUS_LIST_JWT}, ${STATUS_LIST_CWT}`, ...traceHeaders() }, signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new VerificationRefused('status_list_invalid', `${uri} answered ${response.status}`);
  return isCwt(response.headers.get('content-type')) ? new Uint8Array(await response.arrayBuffer()) : response.text();
}

const STATUS_LIST_JWT = 'application/statuslist+jwt';
const STATUS_LIST_CWT = 'application/statuslist+cwt';
const isCwt = (contentType: string | null | undefined) => (contentType ?? '').split(';')[0]!.trim() === STATUS_LIST_CWT;

/**
 * A status checker over `trust`: every check reads the list afresh, so a lost phone is refused at
 * once (the verifier's kept trust stands in while the issuer is offline, for the list's lifetime).
 * The list's own signer must chain to a trusted root too. (`when-stale` reuses a list for its ttl
 * instead: the benchmark measures both.)
 */
export function statusCheckerFor(trust: VerifierTrust, refresh: 'always' | 'when-stale' = 'always'): StatusChecker {
  return createStatusChecker({
    refresh,
    fetchStatusList: async (uri) => {
      try {
        return await trust.fetchStatusList(uri);
      } catch (error) {
        // Unreachable and not cached: the status cannot be known, so the credential is not accepted.
        if (error instanceof VerificationRefused) throw error;
        throw new VerificationRefused('credential_status_unchecked', `${uri}: ${(error as Error).message}`);
      }
    },
    resolveListKeys: async (_uri, token) => {
      const chain = statusListCertificates(token);
      if (chain.length === 0) return [];
      return [verifyCertificateChain(chain, await trust.issuerRoots(), new Date()).publicKey];
    },
  });
}

export const pemOf = (der: Uint8Array) => new X509Certificate(Buffer.from(der)).toString();

/**
 * Trust as the platform itself gives it: the issuing agencies' published roots, and status lists
 * read in-process when they are the platform's own (no network hop to itself), over HTTPS otherwise.
 */
export function platformTrust(input: { issuerRoots: () => Promise<Uint8Array[]>; publicUrl: string; self: () => { inject(o: { method: 'GET'; url: string }): Promise<{ statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown> }> } | null }): VerifierTrust {
  return {
    // As DER: the chain check parses each root once, not on every response.
    issuerRoots: input.issuerRoots,
    fetchStatusList: async (uri) => {
      const app = input.self();
      if (!app || !uri.startsWith(`${input.publicUrl}/`)) return fetchStatusListOverHttp(uri);
      const res = await app.inject({ method: 'GET', url: uri.slice(input.publicUrl.length) });
      if (res.statusCode !== 200) throw new VerificationRefused('status_list_invalid', `${uri} answered ${res.statusCode}`);
      return isCwt(res.headers['content-type'] as string | undefined) ? new Uint8Array(res.rawPayload) : res.body;
    },
  };
}
