import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Passkey } from '../store.ts';

export interface SignInMethodsView { passkeys: Passkey[]; totp: boolean; recoveryCodesLeft: number; hasPassword: boolean; notice?: 'last_method' }

/** Passkeys, the authenticator app and recovery codes, on the account page. */
export function SignInMethods({ shell, methods, when }: { shell: Shell; methods: SignInMethodsView; when: (d: Date) => string }): JSX.Element {
  const { tr } = shell;
  const csrf = <input type="hidden" name="_csrf" value={shell.csrfToken} />;
  return (
    <section aria-labelledby="sign-in-methods">
      <h2 id="sign-in-methods">{tr.h('resident.methods.title')}</h2>
      {methods.notice ? <p class="field-error" role="alert">{tr.h(`resident.methods.${methods.notice}`)}</p> : ''}
      <h3>{tr.h('resident.passkey.title')}</h3>
      <p>{tr.h('resident.passkey.lead')}</p>
      {methods.passkeys.length
        ? (
          <DataTable caption={tr.t('resident.passkey.title')} columns={[tr.t('resident.passkey.name'), tr.t('resident.passkey.added'), tr.t('resident.account.lastSeen'), tr.t('resident.account.action')]}>
            {methods.passkeys.map((p) => (
              <tr>
                <td safe>{p.name}</td>
                <td safe>{when(p.created_at)}</td>
                <td safe>{p.last_used_at ? when(p.last_used_at) : tr.t('resident.passkey.neverUsed')}</td>
                <td>
                  <form method="post" action={`/me/passkeys/${encodeURIComponent(p.id)}/remove`}>
                    {csrf}
                    <button type="submit" class="button secondary" aria-label={tr.t('resident.passkey.removeNamed', { name: p.name })}>{tr.h('resident.passkey.remove')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )
        : <p>{tr.h('resident.passkey.none')}</p>}
      <p><a class="button" href="/me/passkeys/new">{tr.h('resident.passkey.addTitle')}</a></p>
      <h3>{tr.h('resident.totp.title')}</h3>
      {methods.totp
        ? (
          <>
            <p>{tr.h('resident.totp.on', { left: methods.recoveryCodesLeft })}</p>
            <form method="post" action="/me/recovery-codes" class="inline-form">
              {csrf}
              <button type="submit" class="button secondary">{tr.h('resident.recovery.renew')}</button>
            </form>
            <form method="post" action="/me/totp/remove" class="inline-form">
              {csrf}
              <button type="submit" class="button secondary">{tr.h('resident.totp.remove')}</button>
            </form>
          </>
        )
        : (
          <>
            <p>{tr.h('resident.totp.off')}</p>
            <p><a class="button secondary" href="/me/totp">{tr.h('resident.totp.setUp')}</a></p>
          </>
        )}
    </section>
  );
}
