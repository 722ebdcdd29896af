import type { TrustSource } from './kept-trust.ts';
import { requestIsOpen } from './request-object.ts';
import type { PresentationRequest } from './store.ts';

export type RequestStatus = 'pending' | 'verified' | 'refused' | 'expired';

export const statusOf = (request: PresentationRequest, now = new Date()): RequestStatus =>
  request.status === 'pending' ? (requestIsOpen(request, now) ? 'pending' : 'expired') : request.status;

/** What a relying party sees of its request: the verdict and only the check's claims. */
export function presentRequest(request: PresentationRequest, links: { requestUri: string; authorizationRequest: string }) {
  const status = statusOf(request);
  const result = request.result as { claims?: Record<string, unknown>; credentialType?: string; format?: string; trust?: TrustSource } | null;
  return {
    id: request.id,
    check: request.check_id,
    status,
    expiresAt: request.expires_at.toISOString(),
    ...(status === 'pending' ? links : {}),
    ...(status === 'verified' && result ? { result: { credentialType: result.credentialType, format: result.format, claims: result.claims, trust: result.trust ?? { source: 'live' } } } : {}),
    ...(status === 'refused' ? { refusal: request.refusal } : {}),
  };
}
