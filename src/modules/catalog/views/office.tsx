import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ServiceRow } from '../store.ts';

export function OfficeServicesPage({ shell, services }: { shell: Shell; services: ServiceRow[] }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('office.services.title')}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('office.services.title')}</h1>
      <DataTable caption={tr.t('office.services.title')} columns={[tr.t('office.services.name'), tr.t('office.services.days'), tr.t('office.services.status')]}>
          {services.map((s) => (
            <tr>
              <th scope="row"><a href={`/office/services/${s.id}`} safe>{tr.text(s.definition.title)}</a></th>
              <td safe>{String(s.definition.processingDays)}</td>
              <td>{s.open ? tr.h('office.services.open') : tr.h('office.services.closed')}</td>
            </tr>
          ))}
      </DataTable>
    </Page>
  );
}

export function OfficeServicePage({ shell, service, canManage }: { shell: Shell; service: ServiceRow; canManage: boolean }): JSX.Element {
  const { tr } = shell;
  const s = service.definition;
  const fields = s.form.layout.pages.flatMap((p) => p.sections.flatMap((sec) => sec.fields));
  return (
    <Page shell={shell} title={tr.text(s.title)}>
      <p><a href="/office/services">{tr.h('office.services.back')}</a></p>
      <h1 safe>{tr.text(s.title)}</h1>
      <p class={`status ${service.open ? 'status-open' : 'status-closed'}`}>{service.open ? tr.h('office.services.open') : tr.h('office.services.closed')}</p>
      {canManage ? (
        <form method="post" action={`/office/services/${s.id}/availability`}>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="open" value={service.open ? 'false' : 'true'} />
          <button type="submit" class="button secondary">{service.open ? tr.h('office.services.close') : tr.h('office.services.reopen')}</button>
        </form>
      ) : ''}
      <h2>{tr.h('office.services.form', { pages: s.form.layout.pages.length, fields: fields.length })}</h2>
      <ul class="bullets">{fields.map((f) => <li safe>{tr.text(f.label)}</li>)}</ul>
      <h2>{tr.h('service.steps')}</h2>
      <ol class="steps">
        {s.workflow.steps.map((step) => <li><span safe>{tr.text(step.title)}</span>{step.fourEyes ? <span class="tag">{tr.h('office.services.fourEyes')}</span> : ''}</li>)}
      </ol>
    </Page>
  );
}
