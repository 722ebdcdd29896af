import { AppError } from '../../platform/http/errors.ts';
import { ApplicationRefused, type FormError } from '../applications/index.ts';

/** The first problem the eForm validator found, as a 400 naming the field in the request body. */
export function invalidForm(error: FormError | { field: string; message: string }): AppError {
  return new AppError(400, 'invalid_form_data', 'govstack.error.formData', { field: `formData.data.${error.field}`, vars: { problem: error.message } });
}

const camelCase = (code: string) => code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A refusal from an applications use case, as the API's 4xx: the API words some reasons its own way. */
export function refusalToApiError(err: unknown): never {
  if (!(err instanceof ApplicationRefused)) throw err;
  switch (err.reason) {
    case 'not_found': throw new AppError(404, 'not_found', 'error.notFound', { detail: err.detail });
    case 'not_allowed': throw new AppError(403, 'not_allowed', 'govstack.error.notAllowed', { detail: err.detail });
    case 'service_closed': throw new AppError(409, 'service_closed', 'applications.error.serviceClosed');
    case 'four_eyes': throw new AppError(409, 'four_eyes', 'applications.error.fourEyes');
    case 'storage_full': throw new AppError(413, 'storage_quota_exceeded', 'govstack.error.storageFull', { field: 'documentUrls', detail: err.detail });
    case 'invalid': throw new AppError(400, 'invalid', 'govstack.error.invalid', { field: err.detail || 'data', detail: err.detail });
    // The detail is the consent module's reason: consent_not_found, _withdrawn, _expired or _not_covering.
    case 'consent_invalid': {
      const reason = err.detail ?? '';
      throw new AppError(400, reason, `govstack.error.${camelCase(reason)}`, { field: 'consentId', detail: reason });
    }
    default: throw new AppError(409, 'wrong_state', 'govstack.error.wrongState', { detail: err.detail });
  }
}
