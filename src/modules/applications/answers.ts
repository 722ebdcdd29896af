import type { FastifyReply } from 'fastify';
import { ApplicationRefused } from './context.ts';

/**
 * Where starting something sends the resident: its form, or first the consent page when what it
 * takes from other agencies needs a consent they have not given (`consent_needed`).
 */
export async function startOrAskConsent(start: () => Promise<string>, where: { form: (id: string) => string; consent: string }): Promise<string> {
  try {
    return where.form(await start());
  } catch (err) {
    if (err instanceof ApplicationRefused && err.reason === 'consent_needed') return where.consent;
    throw err;
  }
}

/** An attached file as a download, never rendered by the browser in the portal's origin. */
export function sendFile(reply: FastifyReply, file: { filename: string; media_type: string; content: Buffer }) {
  return reply.header('content-type', file.media_type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(file.content);
}
