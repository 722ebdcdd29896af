import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';
import { PasskeyForm, PasskeyScripts } from './passkey-button.tsx';

export type ReauthProblem = 'wrong_password' | 'wrong_code' | 'code_missing' | 'slowed_down' | 'invalid' | 'expired';

/** "Confirm it is you" before a sensitive change: password (and code), or a passkey. */
export function ReauthenticatePage({ shell, returnTo, needsCode, hasPasskey, problem }: {
  shell: Shell; returnTo: string; needsCode: boolean; hasPasskey: boolean; problem?: ReauthProblem;
}): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.reauth.title');
  const message = problem ? tr.t(`resident.reauth.error.${problem}`) : '';
  const field = problem === 'wrong_code' || problem === 'code_missing' ? 'code' : 'password';
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('resident.reauth.lead')}</p>
        <ErrorSummary tr={tr} problems={message ? [{ field, message }] : []} />
        {hasPasskey
          ? <PasskeyForm shell={shell} action="/sign-in/again/passkey" optionsUrl="/sign-in/again/passkey/options" returnTo={returnTo} mode="sign-in" label={tr.t('resident.passkey.useButton')} />
          : ''}
        <form method="post" action="/sign-in/again" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <InputField id="password" label={tr.t('resident.password')} type="password" autocomplete="current-password"
            error={field === 'password' ? message || undefined : undefined} required />
          {needsCode
            ? <InputField id="code" label={tr.t('resident.code.label')} hint={tr.t('resident.code.hint')} autocomplete="one-time-code"
              error={field === 'code' ? message || undefined : undefined} required />
            : ''}
          <button type="submit" class="button secondary">{tr.h('resident.reauth.submit')}</button>
        </form>
        <p><a href="/me/account">{tr.h('resident.reauth.cancel')}</a></p>
      </div>
      {hasPasskey ? <PasskeyScripts /> : ''}
    </Page>
  );
}
