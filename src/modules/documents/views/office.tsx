import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ReasonForm } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { DocumentSummary } from '../store.ts';
import { documentState } from './wallet.tsx';

export interface RevokeForm { documentId: string; reason: string; error: string }

export function OfficeDocumentsPage({ shell, documents, form }: { shell: Shell; documents: DocumentSummary[]; form?: RevokeForm }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('documents.office.title');
  return (
    <Page shell={shell} title={form ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <p><a href="/office">{tr.h('documents.office.back')}</a></p>
      <h1 safe>{title}</h1>
      {form ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{tr.h('form.errorSummary')}</h2>
          <ul><li><a href={`#reason-${form.documentId}`} safe>{form.error}</a></li></ul>
        </div>
      ) : ''}
      {documents.length === 0 ? <p>{tr.h('documents.office.empty')}</p> : (
        <DataTable caption={title} columns={[tr.t('documents.office.document'), tr.t('documents.office.holder'), tr.t('documents.office.issuedAt'), tr.t('documents.office.status'), tr.t('documents.office.revoke')]}>
          {documents.map((d) => (
            <tr>
              <th scope="row"><a href={`/verify/${d.id}`} safe>{tr.text(d.title)}</a><br /><small safe>{d.id}</small></th>
              <td safe>{d.holder_name}</td>
              <td safe>{tr.when(d.issued_at, 'longDate')}</td>
              <td>{d.revoked_at
                ? <span safe>{tr.t('documents.office.revokedOn', { date: tr.when(d.revoked_at, 'longDate') })}</span>
                : tr.h(`documents.wallet.status.${documentState(d)}`)}</td>
              <td>{d.revoked_at ? <span safe>{d.revoked_reason ?? ''}</span> : <RevokeCell shell={shell} id={d.id} form={form?.documentId === d.id ? form : undefined} />}</td>
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
    <ReasonForm id={id} action={`/office/documents/${id}/revoke`} csrfToken={shell.csrfToken} refused={form}
      label={tr.t('documents.office.reason')} hint={tr.t('documents.office.reasonHint')} button={tr.t('documents.office.revoke')} />
  );
}
