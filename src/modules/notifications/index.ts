import path from 'node:path';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import type { JobQueue, RetryPolicy } from '../../platform/jobs.ts';
import { mailSender } from '../../platform/mail.ts';
import { notificationRoutes } from './routes.tsx';
import { NOTICE_MAIL_JOB, NOTICE_MAIL_RETRY, notifyResident, type NotifyResident } from './notify-resident.ts';
import { sendNoticeMail, type MailLog } from './send-notice-mail.ts';

export { countUnreadNotices as countUnread } from './store.ts';
export { markNoticeRead } from './mark-notice-read.ts';
export type { Notice, NotifyResident } from './notify-resident.ts';

export const notificationsMigrations: MigrationSource = { owner: 'notifications', dir: path.join(import.meta.dirname, 'migrations') };

export interface NotificationsDeps {
  config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'mailFrom'>;
  /** Null on a platform built without job workers: notices then reach the inbox only. */
  jobs: JobQueue | null;
  country: { name: Text; languages: string[]; timeZone: string };
  /** How a notice mail that could not be sent is retried; tests shorten it. */
  retry?: RetryPolicy;
}

/**
 * The resident's inbox and the mail that carries the same notice. Other modules get
 * `notifyResident` from here (app.ts hands it to them) and call it inside their own transaction.
 */
export function notificationsModule(conn: AnyDb, deps: NotificationsDeps) {
  const retry = deps.retry ?? NOTICE_MAIL_RETRY;
  const settings = { publicUrl: deps.config.publicUrl, countryName: deps.country.name, defaultLocale: deps.country.languages[0] ?? 'en', timeZone: deps.country.timeZone };
  const notify: NotifyResident = (trx, notice) => notifyResident(trx, deps.jobs, retry, notice);
  return {
    routes: notificationRoutes(conn),
    notifyResident: notify,
    /** Starts the mail worker. Opens no SMTP connection, so a mail server that is down never delays the start. */
    async startMailWorker(log: MailLog): Promise<void> {
      if (!deps.jobs) return;
      const mailer = mailSender(deps.config);
      if (!mailer) log.info({}, 'SMTP_URL is not set: notices go to residents\' inboxes and are not mailed');
      await deps.jobs.register(NOTICE_MAIL_JOB, (data) => sendNoticeMail(conn, mailer, settings, log, Number(data.noticeId)));
    },
  };
}
