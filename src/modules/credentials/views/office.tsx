import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ReasonForm } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { IssuedCredentialRow } from '../store.ts';

export interface RevokeForm { credentialId: string; reason: string; error: string }
type Row = IssuedCredentialRow & { holder_name: string | null };

export function OfficeCredentialsPage({ shell, credentials, form }: { shell: Shell; credentials: Row[]; form?: RevokeForm }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('credentials.office.title');
  return (
    <Page shell={shell} title={form ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <p><a href="/office">{tr.h('credentials.office.back')}</a></p>
      <h1 safe>{title}</h1>
      {form ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{tr.h('form.errorSummary')}</h2>
          <ul><li><a href={`#reason-${form.credentialId}`} safe>{form.error}</a></li></ul>
        </div>
      ) : ''}
      {credentials.length === 0 ? <p>{tr.h('credentials.office.empty')}</p> : (
        <DataTable caption={title} columns={[tr.t('credentials.office.credential'), tr.t('credentials.office.holder'), tr.t('credentials.office.issuedAt'), tr.t('credentials.office.status'), tr.t('credentials.office.revoke')]}>
          {credentials.map((c) => (
            <tr>
              <th scope="row"><span safe>{c.credential_type_id}</span><br /><small safe>{`${c.format} · ${c.id}`}</small></th>
              <td safe>{c.holder_name ?? ''}</td>
              <td safe>{tr.when(c.issued_at, 'longDate')}</td>
              <td>{tr.h(`credentials.status.${c.status}`)}{c.status_reason ? <><br /><small safe>{c.status_reason}</small></> : ''}</td>
              <td>{c.status === 'revoked' ? '' : <RevokeCell shell={shell} id={c.id} form={form?.credentialId === c.id ? form : undefined} />}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}

function RevokeCell({ shell, id, form }: { shell: Shell; id: string; form?: RevokeForm }): JSX.Element {
  const { tr } = shell;
  return (
    <ReasonForm id={id} action={`/office/credentials/${id}/revoke`} csrfToken={shell.csrfToken} refused={form}
      label={tr.t('credentials.office.reason')} hint={tr.t('credentials.office.reasonHint')} button={tr.t('credentials.office.revoke')} />
  );
}
