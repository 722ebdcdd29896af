import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, InputField, type FieldProblem } from '../../../platform/web/form.tsx';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { Text } from '../../../platform/i18n/i18n.ts';
import type { UsageEntry, UsageFilter } from '../data-usage.ts';
import { fieldInWords } from '../field-titles.ts';

export interface DataUsageView {
  filter: UsageFilter; problems: FieldProblem[]; total: number; page: number; pages: number;
  entries: UsageEntry[]; readers: { id: string; name: Text }[];
}

/** How the resident is told who read: an officer's role, or the agency's system; never a name. */
export function readerLabel(tr: Translator, e: Pick<UsageEntry, 'readerKind' | 'readerRole'>): string {
  if (e.readerKind === 'staff') return tr.t(`registries.usage.role.${e.readerRole === 'agency_admin' || e.readerRole === 'auditor' ? e.readerRole : 'officer'}`);
  return tr.t(e.readerKind === 'system' ? 'registries.usage.reader.hanaro' : 'registries.usage.reader.system');
}

/** What was read, in the reader's words: "Address, Name". */
export const fieldsRead = (tr: Translator, e: Pick<UsageEntry, 'fields' | 'words'>): string => e.fields.map((f) => fieldInWords(tr, e.words, f)).join(', ');

export function usageQuery(filter: UsageFilter, page?: number): string {
  const q = new URLSearchParams();
  if (filter.agencyId) q.set('agency', filter.agencyId);
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function DataUsagePage({ shell, view }: { shell: Shell; view: DataUsageView }): JSX.Element {
  const { tr } = shell;
  const say = (field: string) => view.problems.find((p) => p.field === field)?.message;
  const title = tr.t('registries.usage.title');
  return (
    <Page shell={shell} title={view.problems.length ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <h1>{tr.h('registries.usage.title')}</h1>
      <p class="lead">{tr.h('registries.usage.intro')}</p>
      <ErrorSummary tr={tr} problems={view.problems} />
      <form method="get" action="/me/data-usage" class="filters">
        <div class="field">
          <label for="agency">{tr.h('registries.usage.agency')}</label>
          <select id="agency" name="agency">
            <option value="">{tr.h('registries.usage.allAgencies')}</option>
            {view.readers.map((a) => <option value={a.id} selected={view.filter.agencyId === a.id} safe>{tr.text(a.name)}</option>)}
          </select>
        </div>
        <InputField id="from" label={tr.t('registries.usage.from')} hint={tr.t('registries.usage.dateHint')} type="date" value={view.filter.from ?? ''} error={say('from')} />
        <InputField id="to" label={tr.t('registries.usage.to')} hint={tr.t('registries.usage.dateHint')} type="date" value={view.filter.to ?? ''} error={say('to')} />
        <button type="submit" class="button secondary">{tr.h('registries.usage.apply')}</button>
      </form>
      <p class="status" role="status">{tr.h('registries.usage.count', { count: view.total })}</p>
      {view.entries.length === 0 ? <p>{tr.h('registries.usage.empty')}</p> : (
        <>
          <DataTable caption={title} columns={[tr.t('registries.usage.when'), tr.t('registries.usage.agency'), tr.t('registries.usage.reader'), tr.t('registries.usage.what'), tr.t('registries.usage.why')]}>
            {view.entries.map((e) => (
              <tr>
                <td><time datetime={e.readAt.toISOString()} safe>{tr.when(e.readAt, 'dateTime')}</time></td>
                <td safe>{tr.text(e.agency)}</td>
                <td safe>{readerLabel(tr, e)}</td>
                <td><span safe>{tr.text(e.registry)}</span><br /><span class="hint" safe>{fieldsRead(tr, e)}</span></td>
                <td>
                  {e.service ? <><span safe>{tr.text(e.service)}</span><br /></> : ''}
                  {!e.service && (e.channel === 'issuance' || e.channel === 'representation') ? <>{tr.h(`registries.usage.purpose.${e.channel}`)}<br /></> : ''}
                  {e.applicationId ? <><span safe>{tr.t('registries.usage.application', { id: e.applicationId })}</span><br /></> : ''}
                  <span class="hint" safe>{tr.text(e.legalBasis)}</span>
                </td>
              </tr>
            ))}
          </DataTable>
          <nav aria-label={tr.t('registries.usage.pages')} class="pagination">
            {view.page > 1 ? <a href={`/me/data-usage${usageQuery(view.filter, view.page - 1)}`} rel="prev">{tr.h('registries.usage.previous')}</a> : ''}
            <span safe>{tr.t('registries.usage.pageOf', { page: view.page, pages: view.pages })}</span>
            {view.page < view.pages ? <a href={`/me/data-usage${usageQuery(view.filter, view.page + 1)}`} rel="next">{tr.h('registries.usage.next')}</a> : ''}
          </nav>
        </>
      )}
      <p><a href={`/me/data-usage.csv${usageQuery(view.filter)}`} download="data-usage.csv">{tr.h('registries.usage.export')}</a></p>
      <p><a href="/me/consents">{tr.h('registries.usage.consents')}</a></p>
    </Page>
  );
}
