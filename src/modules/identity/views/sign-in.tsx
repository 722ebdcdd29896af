import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { PasskeyForm, PasskeyScripts } from './passkey-button.tsx';

/** The first three are the platform's words; the passkey ones are this module's. */
export interface SignInForm { email: string; returnTo: string; error?: 'wrong_credentials' | 'slowed_down' | 'missing' | 'passkey_required' | 'passkey_invalid' | 'passkey_expired' }

export function SignInPage({ shell, form }: { shell: Shell; form: SignInForm }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('signIn.title');
  const message = !form.error ? '' : form.error.startsWith('passkey_') ? tr.t(`identity.staff.signIn.error.${form.error}`) : tr.t(`signIn.error.${form.error}`);
  return (
    <Page shell={shell} title={form.error ? `${tr.h('form.errorPrefix')} ${title}` : title}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('signIn.lead')}</p>
        {form.error ? (
          <div class="error-summary" role="alert" tabindex="-1">
            <h2>{tr.h('form.errorSummary')}</h2>
            <ul><li><a href="#email" safe>{message}</a></li></ul>
          </div>
        ) : ''}
        <p class="passkey-unsupported">{tr.h('identity.staff.signIn.passkeyNeedsScript')}</p>
        <PasskeyForm shell={shell} action="/office/sign-in/passkey" optionsUrl="/office/sign-in/passkey/options" returnTo={form.returnTo}
          label={tr.t('resident.passkey.signInButton')} mode="sign-in" />
        <h2 class="passkey-form-or" hidden>{tr.h('identity.staff.signIn.withPassword')}</h2>
        <p class="hint">{tr.h('identity.staff.signIn.passwordBootstrap')}</p>
        <form method="post" action="/office/sign-in" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={form.returnTo} />
          <div class={`field${form.error ? ' has-error' : ''}`}>
            <label for="email">{tr.h('signIn.email')}</label>
            {form.error ? <p class="field-error" id="email-error" safe>{message}</p> : ''}
            <input id="email" name="email" type="email" autocomplete="username" required value={form.email}
              aria-describedby={form.error ? 'email-error' : undefined} aria-invalid={form.error ? 'true' : undefined} />
          </div>
          <div class="field">
            <label for="password">{tr.h('signIn.password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class="button">{tr.h('signIn.submit')}</button>
        </form>
      </div>
      <PasskeyScripts />
    </Page>
  );
}
