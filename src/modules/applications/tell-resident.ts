import { translator } from '../../platform/i18n/i18n.ts';
import { findResidentAccountContact } from '../identity/index.ts';
import type { Service } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import type { Application } from './store.ts';
import type { Tx } from '../../platform/db/database.ts';

export type NoticeKind = 'submitted' | 'info_requested' | 'approved' | 'rejected' | 'withdrawn' | 'step_completed';

/**
 * Tells the resident what happened to their application, in their language, in their inbox and
 * (if they gave one) by mail; inside the change's own transaction. A caller that holds the
 * application's service passes it, saving a read.
 */
export async function tellResident(trx: Tx, ctx: ApplicationsContext, app: Application, kind: NoticeKind, message?: string, service?: Service): Promise<void> {
  const contact = await findResidentAccountContact(trx, app.resident_id);
  const locale = contact?.locale ?? ctx.country.languages[0] ?? 'en';
  const tr = translator(locale, ctx.country.languages[0] ?? 'en', ctx.country.timeZone);
  const title = service?.title ?? (await ctx.findService(trx, app.service_id))?.definition.title;
  const vars = { service: tr.text(title), reference: app.reference ?? '', message: message ?? '' };
  await ctx.notify(trx, {
    residentId: app.resident_id, email: contact?.email ?? null, locale,
    subject: tr.t(`applications.notice.${kind}.subject`, vars),
    body: tr.t(`applications.notice.${kind}.body`, vars) + (message ? `\n\n${message}` : ''),
    link: `/me/applications/${app.id}`, ...(app.reference ? { reference: app.reference } : {}),
  });
}
