/** A refusal of a consent use case; routes turn it into a page or a `{code, message}` answer. */
export class ConsentRefused extends Error {
  constructor(readonly code: 'unknown_agreement' | 'agreement_retired' | 'unknown_resident' | 'invalid_input', detail?: string) {
    super(detail ?? code);
  }
}
