import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { DocumentSummary } from '../store.ts';

export function documentState(d: DocumentSummary, now = new Date()): 'valid' | 'revoked' | 'expired' {
  if (d.revoked_at) return 'revoked';
  return d.valid_until && d.valid_until.getTime() < now.getTime() ? 'expired' : 'valid';
}

export function WalletPage({ shell, documents }: { shell: Shell; documents: DocumentSummary[] }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('documents.wallet.title')}>
      <h1>{tr.h('documents.wallet.title')}</h1>
      {documents.length === 0 ? <p>{tr.h('documents.wallet.empty')}</p> : (
        <ul class="cards">
          {documents.map((d) => (
            <li class="card">
              <h2 class="card-title" safe>{tr.text(d.title)}</h2>
              <p class="card-meta">
                <span safe>{tr.when(d.issued_at, 'longDate')}</span>
                <span class="tag">{tr.h(`documents.wallet.status.${documentState(d)}`)}</span>
              </p>
              <p>
                <a href={`/me/documents/${d.id}/pdf`}>{tr.h('documents.wallet.download')}</a>
                {' · '}
                <a href={`/verify/${d.id}`}>{tr.h('documents.wallet.verify')}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
