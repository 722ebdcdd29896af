import { AppError } from '../../platform/http/errors.ts';

export type ConsentRefusalReason = 'unknown_agreement' | 'agreement_retired' | 'unknown_resident' | 'invalid_input';

/** How each reason answers: status, message key, and what of `detail` the answer names (the field, or the id in the message). */
function answerOf(code: ConsentRefusalReason, detail: string | undefined): [number, string, AppError['options']] {
  const logged = detail ? { detail } : {};
  switch (code) {
    case 'agreement_retired': return [409, 'consent.error.agreementRetired', { ...logged, field: 'dataAgreementId' }];
    case 'invalid_input': return [400, 'consent.error.invalidInput', { ...logged, field: detail ?? code, vars: { what: detail ?? code } }];
    case 'unknown_agreement': return [404, 'consent.error.unknownAgreement', { ...logged, vars: { id: detail ?? code } }];
    case 'unknown_resident': return [404, 'consent.error.unknownIndividual', { ...logged, vars: { id: detail ?? code } }];
  }
}

/** A refusal of a consent use case: the kernel's refusal, answered as a 4xx wherever it is thrown. */
export class ConsentRefused extends AppError {
  declare readonly code: ConsentRefusalReason;

  constructor(code: ConsentRefusalReason, detail?: string) {
    const [status, messageKey, options] = answerOf(code, detail);
    super(status, code, messageKey, options);
  }
}
