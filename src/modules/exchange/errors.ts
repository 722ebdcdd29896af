/** Why the mediator refused a request; the caller reads `reason`, the log keeps it with the request. */
export type RefusalReason =
  | 'bad_request' | 'unknown_member' | 'client_mismatch' | 'bad_signature' | 'stale_request' | 'replayed_request'
  | 'unknown_service' | 'service_not_allowed' | 'consent_required' | 'provider_unavailable' | 'bad_response';

const STATUS: Record<RefusalReason, number> = {
  bad_request: 400, unknown_member: 403, client_mismatch: 403, bad_signature: 400, stale_request: 400, replayed_request: 409,
  unknown_service: 404, service_not_allowed: 403, consent_required: 403, provider_unavailable: 503, bad_response: 502,
};

export class ExchangeRefusal extends Error {
  readonly status: number;
  /** For the log and the caller: e.g. which consent check failed. Never personal data. */
  constructor(readonly reason: RefusalReason, readonly detail = '') {
    super(detail ? `${reason}: ${detail}` : reason);
    this.status = STATUS[reason];
  }
}
