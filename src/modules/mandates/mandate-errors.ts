import { AppError } from '../../platform/http/errors.ts';

export type MandateRefusalReason = 'not_found' | 'not_active' | 'ended';

/**
 * A refusal of a mandate use case: the kernel's refusal, answered as a 4xx wherever it is thrown
 * (a mandate that is not the person's reads as not found); `reason` is the module's own word for it.
 */
export class MandateRefused extends AppError {
  constructor(readonly reason: MandateRefusalReason, detail?: string) {
    if (reason === 'not_found') super(404, 'not_found', 'error.notFound', detail ? { detail } : {});
    else super(409, `mandate_${reason}`, `mandates.error.${reason}`, detail ? { detail } : {});
  }
}
