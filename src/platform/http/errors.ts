/**
 * The one error type for things a person or client did that we refuse. `code` is stable and
 * machine-readable; `messageKey` names the translated message shown to a person; `detail` is
 * for the log only.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly options: { field?: string; detail?: string; vars?: Record<string, string | number> } = {},
  ) {
    super(options.detail ?? code);
  }
}

/** Nothing here for you: used both for what does not exist and for what belongs to another agency. */
export const notFound = (detail?: string) => new AppError(404, 'not_found', 'error.notFound', detail ? { detail } : {});
export const forbidden = (detail?: string) => new AppError(403, 'forbidden', 'error.forbidden', detail ? { detail } : {});
export const badRequest = (code: string, messageKey: string, field?: string) => new AppError(400, code, messageKey, field ? { field } : {});
