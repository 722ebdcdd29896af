import type { Shell } from '../../../platform/web/shell.ts';

/**
 * A form that a script fills with the authenticator's answer and submits. Without JavaScript (or
 * without passkey support) it stays hidden and the password form below is the way in.
 */
export function PasskeyForm({ shell, action, optionsUrl, returnTo, label, mode }: {
  shell: Shell; action: string; optionsUrl: string; returnTo: string; label: string; mode: 'sign-in' | 'register';
}): JSX.Element {
  return (
    <form method="post" action={action} class="stack passkey-form" hidden data-passkey={mode} data-options={optionsUrl}>
      <input type="hidden" name="_csrf" value={shell.csrfToken} />
      <input type="hidden" name="return" value={returnTo} />
      <input type="hidden" name="response" value="" />
      <button type="submit" class="button" safe>{label}</button>
    </form>
  );
}

export function PasskeyScripts(): JSX.Element {
  return (
    <>
      <script src="/assets/identity/webauthn-browser.js" defer></script>
      <script src="/assets/identity/passkeys.js" defer></script>
    </>
  );
}
