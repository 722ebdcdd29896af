/**
 * The kernel's one refusal: something a person or client did that we refuse, answered with a 4xx
 * in one place (error-handling.tsx) for pages and APIs alike. `status` is the HTTP status; `code`
 * is stable and machine-readable; `messageKey` names the translated message shown to a person;
 * `detail` is private: it goes to the log, never into the answer. A module refuses by throwing one,
 * or its own subclass that picks status, code and message key from the module's reason.
 */
export class AppError extends Error {
  /** For the log only: never shown to the person or the client. */
  readonly detail: string | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly options: { field?: string; detail?: string; vars?: Record<string, string | number> } = {},
  ) {
    super(options.detail ?? code);
    this.detail = options.detail;
  }
}

/** Nothing here for you: used both for what does not exist and for what belongs to another agency. */
export const notFound = (detail?: string) => new AppError(404, 'not_found', 'error.notFound', detail ? { detail } : {});
export const forbidden = (detail?: string) => new AppError(403, 'forbidden', 'error.forbidden', detail ? { detail } : {});
export const badRequest = (code: string, messageKey: string, field?: string) => new AppError(400, code, messageKey, field ? { field } : {});
