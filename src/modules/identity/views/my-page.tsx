import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ResidentViewer } from '../../../platform/http/types.ts';

const SECTIONS = [
  { href: '/me/applications', key: 'applications' },
  { href: '/me/documents', key: 'documents' },
  { href: '/me/inbox', key: 'inbox' },
  { href: '/me/data-usage', key: 'dataUsage', own: true },
  { href: '/me/consents', key: 'consents', own: true },
  { href: '/me/mandates', key: 'mandates', own: true },
  { href: '/me/account', key: 'account', own: true },
] as const;

/** The resident's own corner: what they applied for, what they hold, what they were told. */
export function MyPage({ shell, resident }: { shell: Shell; resident: ResidentViewer }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('resident.me.title')}>
      <h1>{tr.h('resident.me.greeting', { name: resident.name })}</h1>
      <ul class="cards">
        {SECTIONS.filter((s) => !resident.representative || !('own' in s)).map((s) => (
          <li class="card">
            <h2><a href={s.href}>{tr.h(`resident.me.${s.key}`)}</a></h2>
            <p>{tr.h(`resident.me.${s.key}.lead`)}</p>
          </li>
        ))}
      </ul>
      <form method="post" action="/sign-out" class="inline-form">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <button type="submit" class="button secondary">{tr.h('resident.signOut')}</button>
      </form>
    </Page>
  );
}
