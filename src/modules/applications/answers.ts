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
  throw new AppError(409, 'wrong_state', 'applications.error.wrongState');
}

/** An attached file as a download, never rendered by the browser in the portal's origin. */
export function sendFile(reply: FastifyReply, file: { filename: string; media_type: string; content: Buffer }) {
  return reply.header('content-type', file.media_type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(file.content);
}
