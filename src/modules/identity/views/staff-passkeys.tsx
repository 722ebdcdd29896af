import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';
import type { Passkey } from '../store.ts';
import { PasskeyForm, PasskeyScripts } from './passkey-button.tsx';

export type StaffPasskeysNotice = 'removed' | 'last_passkey';

/** A staff member's passkeys: what each is called, when it was added and last used, and removing one. */
export function StaffPasskeysPage({ shell, passkeys, notice }: { shell: Shell; passkeys: Passkey[]; notice?: StaffPasskeysNotice }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('identity.staff.passkeys.title');
  const when = (d: Date) => tr.when(d, 'dateTime');
  return (
    <Page shell={shell} title={title}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1 safe>{title}</h1>
      <p class="lead">{tr.h('identity.staff.passkeys.lead')}</p>
      {notice === 'last_passkey' ? <p class="field-error" role="alert">{tr.h('identity.staff.passkeys.lastPasskey')}</p> : ''}
      {notice === 'removed' ? <p class="notice" role="status">{tr.h('identity.staff.passkeys.removed')}</p> : ''}
      {passkeys.length
        ? (
          <ul class="cards">
            {passkeys.map((p) => (
              <li class="card">
                <h2 class="card-title" safe>{p.name}</h2>
                <dl class="facts">
                  <dt>{tr.h('resident.passkey.added')}</dt><dd safe>{when(p.created_at)}</dd>
                  <dt>{tr.h('resident.account.lastSeen')}</dt><dd safe>{p.last_used_at ? when(p.last_used_at) : tr.t('resident.passkey.neverUsed')}</dd>
                </dl>
                {passkeys.length > 1
                  ? (
                    <form method="post" action={`/office/passkeys/${encodeURIComponent(p.id)}/remove`}>
                      <input type="hidden" name="_csrf" value={shell.csrfToken} />
                      <button type="submit" class="button secondary" aria-label={tr.t('resident.passkey.removeNamed', { name: p.name })}>{tr.h('resident.passkey.remove')}</button>
                    </form>
                  )
                  : <p>{tr.h('identity.staff.passkeys.onlyOne')}</p>}
              </li>
            ))}
          </ul>
        )
        : <p>{tr.h('resident.passkey.none')}</p>}
      <p><a class="button" href="/office/passkeys/new">{tr.h('resident.passkey.addTitle')}</a></p>
    </Page>
  );
}

export type StaffReauthProblem = 'wrong_password' | 'slowed_down' | 'invalid' | 'expired' | 'passkey_required';

/** "Confirm it is you" for staff, before changing passkeys: the passkey, or the pack's password before there is one. */
export function StaffReauthenticatePage({ shell, returnTo, methods, problem }: {
  shell: Shell; returnTo: string; methods: { passkey: boolean; password: boolean }; problem?: StaffReauthProblem;
}): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.reauth.title');
  const message = !problem ? '' : problem === 'passkey_required' ? tr.t('identity.staff.signIn.error.passkey_required') : tr.t(`resident.reauth.error.${problem}`);
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('identity.staff.reauth.lead')}</p>
        <ErrorSummary tr={tr} problems={message ? [{ field: methods.password ? 'password' : 'confirm', message }] : []} />
        {methods.passkey
          ? (
            <>
              <p class="passkey-unsupported" id="confirm">{tr.h('identity.staff.signIn.passkeyNeedsScript')}</p>
              <PasskeyForm shell={shell} action="/office/sign-in/again/passkey" optionsUrl="/office/sign-in/again/passkey/options" returnTo={returnTo} mode="sign-in" label={tr.t('resident.passkey.useButton')} />
            </>
          )
          : ''}
        {methods.password
          ? (
            <form method="post" action="/office/sign-in/again" class="stack" novalidate>
              <input type="hidden" name="_csrf" value={shell.csrfToken} />
              <input type="hidden" name="return" value={returnTo} />
              <InputField id="password" label={tr.t('signIn.password')} type="password" autocomplete="current-password" error={message || undefined} required />
              <button type="submit" class="button secondary">{tr.h('resident.reauth.submit')}</button>
            </form>
          )
          : ''}
        <p><a href="/office">{tr.h('office.back')}</a></p>
      </div>
      {methods.passkey ? <PasskeyScripts /> : ''}
    </Page>
  );
}
