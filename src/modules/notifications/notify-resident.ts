import type { JobQueue, RetryPolicy } from '../../platform/jobs.ts';
import { insertNotice } from './store.ts';
import type { Tx } from '../../platform/db/database.ts';

/**
 * What a module tells a resident, already written in the resident's language (use
 * `translator(locale, defaultLocale, timeZone).t(key, vars)` from the kernel's i18n with your own message keys).
 */
export interface Notice {
  residentId: string;
  /** Where the same notice is mailed; null: inbox only. */
  email: string | null;
  locale: string;
  subject: string;
  body: string;
  /** A path on the portal, e.g. `/me/applications/123`; the mail turns it into a full link with PUBLIC_URL. */
  link?: string;
  /** A number the resident may quote, e.g. the application's reference. */
  reference?: string;
}

export type NotifyResident = (trx: Tx, notice: Notice) => Promise<{ noticeId: number; mailQueued: boolean }>;

export const NOTICE_MAIL_JOB = 'notice-mail';

/** SMTP down for hours loses nothing: 30 s, 1 min, 2 min … about 8 hours in all. */
export const NOTICE_MAIL_RETRY: RetryPolicy = { limit: 10, delaySeconds: 30, backoff: true };

/**
 * Writes the notice to the resident's inbox and queues its mail, both inside the caller's
 * transaction: a change that rolls back leaves no notice and sends no mail. Without a job queue
 * (a platform built without workers) the notice reaches the inbox only.
 */
export async function notifyResident(trx: Tx, jobs: JobQueue | null, retry: RetryPolicy, notice: Notice): Promise<{ noticeId: number; mailQueued: boolean }> {
  checkNotice(notice);
  const noticeId = await insertNotice(trx, {
    resident_id: notice.residentId, locale: notice.locale, subject: notice.subject.trim(), body: notice.body.trim(),
    link: notice.link ?? null, reference: notice.reference ?? null, email: notice.email,
  });
  if (!notice.email || !jobs) return { noticeId, mailQueued: false };
  await jobs.send(trx, NOTICE_MAIL_JOB, { noticeId }, retry);
  return { noticeId, mailQueued: true };
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
// A path on this portal only: never another site (`//evil.example`), never a script URL.
const PORTAL_PATH = /^\/(?![/\\])[\w\-./~%?=&#+:@]*$/;

/** A notice that breaks these is a bug in the calling module, not the resident's doing. */
function checkNotice(n: Notice): void {
  const problem = !n.residentId ? 'residentId is empty'
    : !n.locale ? 'locale is empty'
      : !n.subject.trim() || n.subject.length > 200 || /[\r\n]/.test(n.subject) ? 'subject must be one line of 1-200 characters'
        : !n.body.trim() || n.body.length > 10_000 ? 'body must be 1-10000 characters'
          : n.email !== null && !EMAIL.test(n.email) ? 'email is not an e-mail address'
            : n.link !== undefined && !PORTAL_PATH.test(n.link) ? 'link must be a path on the portal, like /me/applications/123'
              : n.reference !== undefined && (n.reference.length > 100 || /[\r\n]/.test(n.reference)) ? 'reference must be one line of at most 100 characters'
                : null;
  if (problem) throw new Error(`notifyResident: ${problem}`);
}
