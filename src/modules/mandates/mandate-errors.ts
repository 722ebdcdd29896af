/** A refusal of a mandate use case; routes turn it into a page or a form message. */
export class MandateRefused extends Error {
  constructor(readonly code: 'not_found' | 'not_active' | 'ended', detail?: string) {
    super(detail ?? code);
  }
}
