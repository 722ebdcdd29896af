import { escapeHtml } from '@kitajs/html';
import { translator, type Text } from '../../platform/i18n/i18n.ts';
import type { Mail } from '../../platform/mail.ts';
import type { NoticeRow } from './store.ts';

export interface MailSettings {
  publicUrl: string;
  countryName: Text;
  defaultLocale: string;
  timeZone: string;
}

type MailedNotice = Pick<NoticeRow, 'id' | 'locale' | 'subject' | 'body' | 'link' | 'reference'> & { email: string };

/** The notice as a mail in the resident's language: subject under the country's name, a full link, escaped HTML. */
export function composeNoticeMail(notice: MailedNotice, settings: MailSettings): Mail {
  const tr = translator(notice.locale, settings.defaultLocale, settings.timeZone);
  const country = tr.text(settings.countryName);
  const url = `${settings.publicUrl}${notice.link ?? '/me/inbox'}`;
  const reference = notice.reference ? tr.t('notifications.mail.reference', { reference: notice.reference }) : null;
  const open = tr.t(notice.link ? 'notifications.mail.open' : 'notifications.mail.openInbox');
  const footer = [tr.t('notifications.mail.alsoInInbox', { country }), tr.t('notifications.mail.noReply')];

  const text = [notice.body, reference, `${open}: ${url}`, '--', ...footer].filter((p) => p !== null).join('\n\n');
  const paragraphs = notice.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`);
  const html = [
    `<!doctype html><html lang="${escapeHtml(notice.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(notice.subject)}</title></head><body>`,
    ...paragraphs,
    reference ? `<p>${escapeHtml(reference)}</p>` : '',
    `<p><a href="${escapeHtml(url)}">${escapeHtml(open)}</a></p>`,
    `<hr><p><small>${footer.map((f) => escapeHtml(f)).join('<br>')}</small></p>`,
    '</body></html>',
  ].join('\n');

  return {
    to: notice.email,
    subject: `[${country}] ${notice.subject}`,
    text,
    html,
    fromName: country,
    messageId: `<notice-${notice.id}@${new URL(settings.publicUrl).hostname}>`,
  };
}
