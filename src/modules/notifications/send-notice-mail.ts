import type { AnyDb } from '../../platform/db/database.ts';
import type { MailSender } from '../../platform/mail.ts';
import { composeNoticeMail, type MailSettings } from './compose-notice-mail.ts';
import { findNotice, markNoticeMailed } from './store.ts';

export interface MailLog { info(details: object, message: string): void; warn(details: object, message: string): void }

/**
 * The job that mails one notice after its transaction committed. A failure to reach the SMTP
 * server throws, and the job queue tries again later.
 */
export async function sendNoticeMail(conn: AnyDb, mailer: MailSender | null, settings: MailSettings, log: MailLog, noticeId: number): Promise<void> {
  const notice = await findNotice(conn, noticeId);
  // Already mailed: this is a job run twice, and the resident has it.
  if (!notice?.email || notice.mailed_at) return;
  if (!mailer) {
    log.info({ noticeId }, 'notice not mailed: SMTP_URL is not set, it is in the inbox only');
    return;
  }
  try {
    await mailer.send(composeNoticeMail({ ...notice, email: notice.email }, settings));
  } catch (err) {
    log.warn({ noticeId, err: (err as Error).message }, 'notice mail not sent yet: the mail server did not take it, it will be tried again');
    throw err;
  }
  await markNoticeMailed(conn, noticeId);
}
