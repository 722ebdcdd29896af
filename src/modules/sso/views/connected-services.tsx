import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';

export function ConnectedServicesPage({ shell, grants }: { shell: Shell; grants: { clientId: string; clientName: string | null }[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('sso.connected.title');
  return (
    <Page shell={shell} title={title}>
      <p><a href="/me/account">{tr.h('sso.connected.back')}</a></p>
      <h1 safe>{title}</h1>
      <p>{tr.h('sso.connected.lead')}</p>
      {grants.length === 0 ? <p>{tr.h('sso.connected.none')}</p> : (
        <DataTable caption={title} columns={[tr.t('sso.connected.service'), tr.t('sso.connected.action')]}>
          {grants.map((g) => (
            <tr>
              <td safe>{g.clientName ?? g.clientId}</td>
              <td>
                <form method="post" action={`/me/connected-services/${encodeURIComponent(g.clientId)}/withdraw`}>
                  <input type="hidden" name="_csrf" value={shell.csrfToken} />
                  <button type="submit" class="button secondary">{tr.h('sso.connected.withdraw')}</button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
