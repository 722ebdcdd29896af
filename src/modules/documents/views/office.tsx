import { RevocableListPage, type RevokeRefusal } from '../../../platform/web/revocable-list.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { DocumentSummary } from '../store.ts';
import { documentState } from './wallet.tsx';

export function OfficeDocumentsPage({ shell, documents, refused }: { shell: Shell; documents: DocumentSummary[]; refused?: RevokeRefusal }): JSX.Element {
  const { tr } = shell;
  return (
    <RevocableListPage shell={shell} keys="documents.office" path="/office/documents" rows={documents} refused={refused}
      columns={['document', 'holder', 'issuedAt', 'status']}
      isRevoked={(d) => Boolean(d.revoked_at)}
      revokedCell={(d) => <span safe>{d.revoked_reason ?? ''}</span>}
      cells={(d) => <>
        <th scope="row"><a href={`/verify/${d.id}`} safe>{tr.text(d.title)}</a><br /><small safe>{d.id}</small></th>
        <td safe>{d.holder_name}</td>
        <td safe>{tr.when(d.issued_at, 'longDate')}</td>
        <td>{d.revoked_at
          ? <span safe>{tr.t('documents.office.revokedOn', { date: tr.when(d.revoked_at, 'longDate') })}</span>
          : tr.h(`documents.wallet.status.${documentState(d)}`)}</td>
      </>} />
  );
}
