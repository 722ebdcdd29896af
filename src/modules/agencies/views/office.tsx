import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { AuditRow } from '../../../platform/audit/audit.ts';
import type { StaffViewer } from '../../../platform/http/types.ts';
import type { AgencyRow, StaffInAgency } from '../store.ts';

export function OfficeHomePage({ shell, staff, agencies }: { shell: Shell; staff: StaffViewer; agencies: AgencyRow[] }): JSX.Element {
  const { tr } = shell;
  const acting = agencies.find((a) => a.id === staff.agencyId);
  const myRoles = staff.agencyRoles.filter((r) => r.agencyId === staff.agencyId).map((r) => r.role);
  const myAgencies = agencies.filter((a) => staff.agencyRoles.some((r) => r.agencyId === a.id));
  return (
    <Page shell={shell} title={tr.t('office.title')}>
      <h1>{tr.h('office.title')}</h1>
      <p class="lead">{tr.h('office.signedInAs', { name: tr.text(staff.names) })}</p>
      {acting ? (
        <section class="panel" aria-labelledby="acting-heading">
          <h2 id="acting-heading">{tr.h('office.actingFor', { agency: tr.text(acting.name) })}</h2>
          <p>{tr.h('office.yourRoles')} {myRoles.map((r) => <span class="tag">{tr.h(`role.${r}`)}</span>)}</p>
          {myAgencies.length > 1 ? (
            <form method="post" action="/office/acting-agency" class="inline-form">
              <input type="hidden" name="_csrf" value={shell.csrfToken} />
              <label for="agency">{tr.h('office.switchAgency')}</label>
              <select id="agency" name="agency">
                {myAgencies.map((a) => <option value={a.id} selected={a.id === staff.agencyId} safe>{tr.text(a.name)}</option>)}
              </select>
              <button type="submit" class="button secondary">{tr.h('office.switch')}</button>
            </form>
          ) : ''}
          <ul class="cards">
            <li class="card"><h3 class="card-title"><a href="/office/services">{tr.h('office.services.title')}</a></h3><p>{tr.h('office.services.lead')}</p></li>
            {myRoles.includes('agency_admin') ? <li class="card"><h3 class="card-title"><a href="/office/staff">{tr.h('office.staff.title')}</a></h3><p>{tr.h('office.staff.lead')}</p></li> : ''}
            {myRoles.includes('agency_admin') || myRoles.includes('auditor') ? <li class="card"><h3 class="card-title"><a href="/office/audit">{tr.h('office.audit.title')}</a></h3><p>{tr.h('office.audit.lead')}</p></li> : ''}
          </ul>
        </section>
      ) : <p>{tr.h('office.noAgency')}</p>}
      {staff.platformRoles.length ? <p>{tr.h('office.platformRoles')} {staff.platformRoles.map((r) => <span class="tag">{tr.h(`role.${r}`)}</span>)}</p> : ''}
      <form method="post" action="/office/sign-out">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <button type="submit" class="button secondary">{tr.h('office.signOut')}</button>
      </form>
    </Page>
  );
}

export function StaffListPage({ shell, staff }: { shell: Shell; staff: StaffInAgency[] }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('office.staff.title')}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('office.staff.title')}</h1>
      <DataTable caption={tr.t('office.staff.title')} columns={[tr.t('office.staff.name'), tr.t('office.staff.email'), tr.t('office.staff.roles')]}>
          {staff.map((s) => (
            <tr>
              <th scope="row"><a href={`/office/staff/${s.id}`} safe>{tr.text(s.name)}</a></th>
              <td safe>{s.email}</td>
              <td safe>{s.roles.map((r) => tr.t(`role.${r}`)).join(', ')}</td>
            </tr>
          ))}
      </DataTable>
    </Page>
  );
}

export function StaffMemberPage({ shell, member }: { shell: Shell; member: StaffInAgency }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.text(member.name)}>
      <p><a href="/office/staff">{tr.h('office.staff.back')}</a></p>
      <h1 safe>{tr.text(member.name)}</h1>
      <dl class="facts">
        <dt>{tr.h('office.staff.email')}</dt><dd safe>{member.email}</dd>
        <dt>{tr.h('office.staff.roles')}</dt><dd safe>{member.roles.map((r) => tr.t(`role.${r}`)).join(', ')}</dd>
        <dt>{tr.h('office.staff.status')}</dt><dd>{member.disabled_at ? tr.h('office.staff.disabled') : tr.h('office.staff.active')}</dd>
      </dl>
    </Page>
  );
}

export function AuditPage({ shell, entries, nextBefore }: { shell: Shell; entries: AuditRow[]; nextBefore: number | null }): JSX.Element {
  const { tr } = shell;
  const time = new Intl.DateTimeFormat(tr.locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <Page shell={shell} title={tr.t('office.audit.title')}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('office.audit.title')}</h1>
      <DataTable caption={tr.t('office.audit.title')} columns={[tr.t('office.audit.at'), tr.t('office.audit.action'), tr.t('office.audit.actor'), tr.t('office.audit.target')]}>
          {entries.map((e) => (
            <tr>
              <td safe>{time.format(e.at)}</td>
              <td><code safe>{e.action}</code></td>
              <td><code safe>{e.actor}</code></td>
              <td><code safe>{e.target ?? ''}</code></td>
            </tr>
          ))}
      </DataTable>
      {nextBefore ? <p><a href={`/office/audit?before=${nextBefore}`}>{tr.h('office.audit.older')}</a></p> : ''}
    </Page>
  );
}
