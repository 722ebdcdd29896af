import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';

export type CodeProblem = 'missing' | 'wrong_code' | 'slowed_down';

/** The second step of a password sign-in: the six digits from the app, or a recovery code. */
export function SignInCodePage({ shell, returnTo, problem }: { shell: Shell; returnTo: string; problem?: CodeProblem }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.code.title');
  const message = problem ? tr.t(`resident.code.error.${problem}`) : '';
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('resident.code.lead')}</p>
        <ErrorSummary tr={tr} problems={message ? [{ field: 'code', message }] : []} />
        <form method="post" action="/sign-in/code" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <InputField id="code" label={tr.t('resident.code.label')} hint={tr.t('resident.code.hint')} error={message || undefined}
            autocomplete="one-time-code" required />
          <button type="submit" class="button">{tr.h('resident.code.submit')}</button>
        </form>
        <p><a href={`/sign-in?return=${encodeURIComponent(returnTo)}`}>{tr.h('resident.code.startOver')}</a></p>
      </div>
    </Page>
  );
}
