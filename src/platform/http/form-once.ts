import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A form's one-time id, sent back in a hidden `formId` field; the row the form writes keeps it under
 * a unique key, so the same form sent twice writes once and the second send answers as the first.
 */
export const newFormId = (): string => randomUUID();

/** The form id a body carries; a new one when it carries none that could have come from newFormId (a hand-made request is never taken for a resend). */
export function formIdOf(body: Record<string, unknown>): string {
  const id = body.formId;
  return typeof id === 'string' && UUID.test(id) ? id : newFormId();
}
