import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';

/** Shown once, right after they are made: only their hashes are kept. */
export function RecoveryCodesPage({ shell, codes }: { shell: Shell; codes: string[] }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('resident.recovery.title')}>
      <div class="narrow">
        <h1>{tr.h('resident.recovery.title')}</h1>
        <p class="lead">{tr.h('resident.recovery.lead')}</p>
        <ul class="recovery-codes">{codes.map((c) => <li><code safe>{c}</code></li>)}</ul>
        <p>{tr.h('resident.recovery.once')}</p>
        <p><a class="button" href="/me/account">{tr.h('resident.recovery.done')}</a></p>
      </div>
    </Page>
  );
}
