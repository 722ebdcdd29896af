import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';
import { PasskeyScripts } from './passkey-button.tsx';

export type AddPasskeyProblem = 'name_missing' | 'name_too_long' | 'invalid' | 'expired' | 'already_added' | 'cancelled';

/** Where the page posts and links back to: a resident's account, or the back office for staff. */
export interface PasskeyPaths { action: string; options: string; back: { href: string; label: string }; lead?: string; returnTo?: string }

export const RESIDENT_PASSKEY_PATHS = { action: '/me/passkeys', options: '/me/passkeys/options', back: { href: '/me/account', label: 'resident.account.title' } };

export function NewPasskeyPage({ shell, name, problem, paths = RESIDENT_PASSKEY_PATHS }: { shell: Shell; name: string; problem?: AddPasskeyProblem; paths?: PasskeyPaths }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.passkey.addTitle');
  const message = problem ? tr.t(`resident.passkey.error.${problem}`) : '';
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <div class="narrow">
        <p><a href={paths.back.href}>{tr.h(paths.back.label)}</a></p>
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h(paths.lead ?? 'resident.passkey.addLead')}</p>
        <ErrorSummary tr={tr} problems={message ? [{ field: 'name', message }] : []} />
        <p class="passkey-unsupported">{tr.h('resident.passkey.needsScript')}</p>
        <form method="post" action={paths.action} class="stack passkey-form" hidden data-passkey="register" data-options={paths.options} novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          {paths.returnTo ? <input type="hidden" name="return" value={paths.returnTo} /> : ''}
          <input type="hidden" name="response" value="" />
          <InputField id="name" label={tr.t('resident.passkey.name')} hint={tr.t('resident.passkey.nameHint')} value={name}
            error={message || undefined} required />
          <button type="submit" class="button">{tr.h('resident.passkey.addSubmit')}</button>
        </form>
      </div>
      <PasskeyScripts />
    </Page>
  );
}
