import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ResidentViewer } from '../../../platform/http/types.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { ResidentSession } from '../store.ts';
import { SignInMethods, type SignInMethodsView } from './sign-in-methods.tsx';

export function AccountPage({ shell, resident, sessions, methods }: { shell: Shell; resident: ResidentViewer; sessions: ResidentSession[]; methods: SignInMethodsView }): JSX.Element {
  const { tr } = shell;
  const when = (d: Date) => tr.when(d, 'dateTime');
  return (
    <Page shell={shell} title={tr.t('resident.account.title')}>
      <p><a href="/me">{tr.h('resident.me.title')}</a></p>
      <h1>{tr.h('resident.account.title')}</h1>
      <dl class="facts">
        <dt>{tr.h('resident.signUp.name')}</dt><dd safe>{resident.name}</dd>
        <dt>{tr.h('resident.signUp.email')}</dt><dd safe>{resident.email ?? tr.t('resident.account.noEmail')}</dd>
      </dl>
      <p><a href="/me/connected-services">{tr.h('sso.connected.link')}</a></p>
      <SignInMethods shell={shell} methods={methods} when={when} />
      <h2>{tr.h('resident.account.sessions')}</h2>
      <p>{tr.h('resident.account.sessionsLead')}</p>
      <DataTable caption={tr.t('resident.account.sessions')} columns={[
        tr.t('resident.account.device'), tr.t('resident.account.signedIn'), tr.t('resident.account.lastSeen'), tr.t('resident.account.action'),
      ]}>
        {sessions.map((s) => (
          <tr>
            <td safe>{s.user_agent ?? tr.t('resident.account.unknownDevice')}</td>
            <td safe>{when(s.created_at)}</td>
            <td safe>{when(s.last_seen_at)}</td>
            <td>
              {s.id === resident.sessionId
                ? <strong>{tr.h('resident.account.thisDevice')}</strong>
                : (
                  <form method="post" action={`/me/sessions/${encodeURIComponent(s.id)}/end`}>
                    <input type="hidden" name="_csrf" value={shell.csrfToken} />
                    <button type="submit" class="button secondary">{tr.h('resident.account.end')}</button>
                  </form>
                )}
            </td>
          </tr>
        ))}
      </DataTable>
      <form method="post" action="/sign-out" class="inline-form">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" class="button">{tr.h('resident.account.signOutEverywhere')}</button>
      </form>
    </Page>
  );
}
