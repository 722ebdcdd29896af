import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { AuditRow } from '../../../platform/audit/audit.ts';
import type { StaffViewer } from '../../../platform/http/types.ts';
import type { OfficeLink } from '../../../platform/web/office-links.ts';
import type { AgencyRow, PlatformRoleHolder, StaffInAgency } from '../store.ts';

export function OfficeHomePage({ shell, staff, agencies, links, notice }: { shell: Shell; staff: StaffViewer; agencies: AgencyRow[]; links: readonly OfficeLink[]; notice?: string }): JSX.Element {
  const { tr } = shell;
  const acting = agencies.find((a) => a.id === staff.agencyId);
  const myRoles = staff.agencyRoles.filter((r) => r.agencyId === staff.agencyId).map((r) => r.role);
  const myAgencies = agencies.filter((a) => staff.agencyRoles.some((r) => r.agencyId === a.id));
  return (
    <Page shell={shell} title={tr.t('office.title')}>
      <h1>{tr.h('office.title')}</h1>
      <p class="lead">{tr.h('office.signedInAs', { name: tr.text(staff.names) })}</p>
      {notice === 'passkey_added' ? <p class="notice" role="status">{tr.h('identity.staff.passkey.added')}</p> : staff.assurance === 'low' ? (
        <section class="panel" aria-labelledby="passkey-heading">
          <h2 id="passkey-heading">{tr.h('identity.staff.passkey.promptTitle')}</h2>
          <p>{tr.h('identity.staff.passkey.promptLead')}</p>
          <p><a class="button" href="/office/passkeys/new">{tr.h('identity.staff.passkey.promptLink')}</a></p>
        </section>
      ) : ''}
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
            {links.filter((l) => l.roles.some((r) => myRoles.includes(r))).map((l) => (
              <li class="card"><h3 class="card-title"><a href={l.href}>{tr.h(l.titleKey)}</a></h3><p>{tr.h(l.leadKey)}</p></li>
            ))}
            <li class="card"><h3 class="card-title"><a href="/office/services">{tr.h('office.services.title')}</a></h3><p>{tr.h('office.services.lead')}</p></li>
            {myRoles.includes('agency_admin') ? <li class="card"><h3 class="card-title"><a href="/office/staff">{tr.h('office.staff.title')}</a></h3><p>{tr.h('office.staff.lead')}</p></li> : ''}
            {myRoles.includes('agency_admin') || myRoles.includes('auditor') ? <li class="card"><h3 class="card-title"><a href="/office/audit">{tr.h('office.audit.title')}</a></h3><p>{tr.h('office.audit.lead')}</p></li> : ''}
          </ul>
        </section>
      ) : <p>{tr.h('office.noAgency')}</p>}
      {staff.platformRoles.length ? <p>{tr.h('office.platformRoles')} {staff.platformRoles.map((r) => <span class="tag">{tr.h(`role.${r}`)}</span>)}</p> : ''}
      {staff.platformRoles.includes('platform_operator') ? <p><a href="/office/platform/roles">{tr.h('agencies.platformRoles.title')}</a></p> : ''}
      {staff.platformRoles.some((r) => r === 'platform_operator' || r === 'auditor') ? <p><a href="/ops">{tr.h('ops.console.title')}</a></p> : ''}
      <p><a href="/office/passkeys">{tr.h('identity.staff.passkeys.title')}</a></p>
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

export type RoleProblem = 'last_holder' | 'not_a_role' | 'not_found';

/** One role with its revoke button, as a row of the roles table. */
function RoleRow({ shell, action, role, hidden }: { shell: Shell; action: string; role: string; hidden: Record<string, string> }): JSX.Element {
  const { tr } = shell;
  return (
    <tr>
      <td safe>{tr.t(`role.${role}`)}</td>
      <td>
        <form method="post" action={action} class="inline-form">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          {Object.entries(hidden).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
          <input type="hidden" name="role" value={role} />
          <input type="hidden" name="action" value="revoke" />
          <button type="submit" class="button secondary" aria-label={tr.t('agencies.roles.revokeNamed', { role: tr.t(`role.${role}`) })}>{tr.h('agencies.roles.revoke')}</button>
        </form>
      </td>
    </tr>
  );
}

/** A select of the roles one may still grant, and its button. */
function GrantForm({ shell, action, roles, problem, children }: { shell: Shell; action: string; roles: readonly string[]; problem?: RoleProblem; children?: Children }): JSX.Element {
  const { tr } = shell;
  const message = problem ? tr.t(`agencies.roles.error.${problem}`) : '';
  return (
    <form method="post" action={action} class="stack" novalidate>
      <input type="hidden" name="_csrf" value={shell.csrfToken} />
      <input type="hidden" name="action" value="grant" />
      {children}
      <div class={`field${message ? ' has-error' : ''}`}>
        <label for="role">{tr.h('agencies.roles.role')}</label>
        {message ? <p class="field-error" id="role-error" safe>{message}</p> : ''}
        <select id="role" name="role" aria-describedby={message ? 'role-error' : undefined}>
          {roles.map((r) => <option value={r} safe>{tr.t(`role.${r}`)}</option>)}
        </select>
      </div>
      <button type="submit" class="button">{tr.h('agencies.roles.grant')}</button>
    </form>
  );
}

function RoleErrorSummary({ shell, problem }: { shell: Shell; problem?: RoleProblem }): JSX.Element {
  if (!problem) return <></>;
  const { tr } = shell;
  return (
    <div class="error-summary" role="alert" tabindex="-1">
      <h2>{tr.h('form.errorSummary')}</h2>
      <ul><li><a href="#role" safe>{tr.t(`agencies.roles.error.${problem}`)}</a></li></ul>
    </div>
  );
}

export function StaffMemberPage({ shell, member, grantable, problem }: { shell: Shell; member: StaffInAgency; grantable: readonly string[]; problem?: RoleProblem }): JSX.Element {
  const { tr } = shell;
  const action = `/office/staff/${member.id}/roles`;
  const missing = grantable.filter((r) => !member.roles.includes(r));
  return (
    <Page shell={shell} title={problem ? `${tr.t('form.errorPrefix')} ${tr.text(member.name)}` : tr.text(member.name)}>
      <p><a href="/office/staff">{tr.h('office.staff.back')}</a></p>
      <h1 safe>{tr.text(member.name)}</h1>
      <RoleErrorSummary shell={shell} problem={problem} />
      <dl class="facts">
        <dt>{tr.h('office.staff.email')}</dt><dd safe>{member.email}</dd>
        <dt>{tr.h('office.staff.status')}</dt><dd>{member.disabled_at ? tr.h('office.staff.disabled') : tr.h('office.staff.active')}</dd>
      </dl>
      <h2>{tr.h('office.staff.roles')}</h2>
      <p class="hint">{tr.h('agencies.roles.atOnce')}</p>
      <DataTable caption={tr.t('office.staff.roles')} columns={[tr.t('agencies.roles.role'), tr.t('agencies.roles.change')]}>
        {member.roles.map((role) => <RoleRow shell={shell} action={action} role={role} hidden={{}} />)}
      </DataTable>
      {missing.length ? (
        <>
          <h2>{tr.h('agencies.roles.grantTitle')}</h2>
          <GrantForm shell={shell} action={action} roles={missing} problem={problem} />
        </>
      ) : ''}
    </Page>
  );
}

export function PlatformRolesPage({ shell, holders, grantable, email, problem }: { shell: Shell; holders: PlatformRoleHolder[]; grantable: readonly string[]; email: string; problem?: RoleProblem }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('agencies.platformRoles.title');
  return (
    <Page shell={shell} title={problem ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1 safe>{title}</h1>
      <p class="lead">{tr.h('agencies.platformRoles.lead')}</p>
      <RoleErrorSummary shell={shell} problem={problem} />
      <DataTable caption={title} columns={[tr.t('office.staff.name'), tr.t('office.staff.email'), tr.t('agencies.roles.role'), tr.t('agencies.roles.change')]}>
        {holders.map((h) => (
          <tr>
            <th scope="row" safe>{tr.text(h.name)}</th>
            <td safe>{h.email}</td>
            <td safe>{tr.t(`role.${h.role}`)}</td>
            <td>
              <form method="post" action="/office/platform/roles" class="inline-form">
                <input type="hidden" name="_csrf" value={shell.csrfToken} />
                <input type="hidden" name="staffId" value={h.id} />
                <input type="hidden" name="role" value={h.role} />
                <input type="hidden" name="action" value="revoke" />
                <button type="submit" class="button secondary" aria-label={tr.t('agencies.platformRoles.revokeNamed', { role: tr.t(`role.${h.role}`), name: tr.text(h.name) })}>{tr.h('agencies.roles.revoke')}</button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{tr.h('agencies.roles.grantTitle')}</h2>
      <GrantForm shell={shell} action="/office/platform/roles" roles={grantable} problem={problem}>
        <div class="field">
          <label for="email">{tr.h('office.staff.email')}</label>
          <input id="email" name="email" type="email" autocomplete="off" value={email} />
        </div>
      </GrantForm>
    </Page>
  );
}

export function AuditPage({ shell, entries, nextBefore }: { shell: Shell; entries: AuditRow[]; nextBefore: number | null }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('office.audit.title')}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('office.audit.title')}</h1>
      <DataTable caption={tr.t('office.audit.title')} columns={[tr.t('office.audit.at'), tr.t('office.audit.action'), tr.t('office.audit.actor'), tr.t('office.audit.target')]}>
          {entries.map((e) => (
            <tr>
              <td safe>{tr.when(e.at, 'dateTimeSeconds')}</td>
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
