import { RevocableListPage, type RevokeRefusal } from '../../../platform/web/revocable-list.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { IssuedCredentialRow } from '../store.ts';

type Row = IssuedCredentialRow & { holder_name: string | null };

export function OfficeCredentialsPage({ shell, credentials, refused }: { shell: Shell; credentials: Row[]; refused?: RevokeRefusal }): JSX.Element {
  const { tr } = shell;
  return (
    <RevocableListPage shell={shell} keys="credentials.office" path="/office/credentials" rows={credentials} refused={refused}
      columns={['credential', 'holder', 'issuedAt', 'status']}
      isRevoked={(c) => c.status === 'revoked'}
      cells={(c) => <>
        <th scope="row"><span safe>{c.credential_type_id}</span><br /><small safe>{`${c.format} · ${c.id}`}</small></th>
        <td safe>{c.holder_name ?? ''}</td>
        <td safe>{tr.when(c.issued_at, 'longDate')}</td>
        <td>{tr.h(`credentials.status.${c.status}`)}{c.status_reason ? <><br /><small safe>{c.status_reason}</small></> : ''}</td>
      </>} />
  );
}
