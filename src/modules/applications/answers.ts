import type { FastifyReply } from 'fastify';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { ApplicationRefused } from './context.ts';

/** Turns a refusal from a use case into the answer a person gets. */
export function refusalToError(err: unknown): never {
  if (!(err instanceof ApplicationRefused)) throw err;
  if (err.code === 'not_found') throw notFound(err.detail);
  if (err.code === 'four_eyes') throw new AppError(409, 'four_eyes', 'applications.error.fourEyes');
  if (err.code === 'not_allowed') throw new AppError(403, 'forbidden', 'applications.error.notAllowed');
  if (err.code === 'service_closed') throw new AppError(409, 'service_closed', 'applications.error.serviceClosed');
  if (err.code === 'invalid') throw new AppError(400, 'invalid', 'applications.error.invalid');
  if (err.code === 'storage_full') throw new AppError(413, 'storage_quota_exceeded', 'onboarding.quota.storageFull', { detail: err.detail });
  if (err.code === 'consent_unavailable') throw new AppError(409, 'consent_unavailable', 'applications.error.consentUnavailable');
  throw new AppError(409, 'wrong_state', 'applications.error.wrongState');
}

/**
 * Where starting something sends the resident: its form, or first the consent page when what it
 * takes from other agencies needs a consent they have not given (`consent_needed`).
 */
export async function startOrAskConsent(start: () => Promise<string>, where: { form: (id: string) => string; consent: string }): Promise<string> {
  try {
    return where.form(await start());
  } catch (err) {
    if (err instanceof ApplicationRefused && err.code === 'consent_needed') return where.consent;
    return refusalToError(err);
  }
}

/** An attached file as a download, never rendered by the browser in the portal's origin. */
export function sendFile(reply: FastifyReply, file: { filename: string; media_type: string; content: Buffer }) {
  return reply.header('content-type', file.media_type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(file.content);
}
